"""`seekframe status` right after a library folder's drive was unplugged, its mount point left
there empty (found in the session-51 audit: a tmpfs unmounted): it said "online, 2 videos (2 done
…)" until a re-scan, which holds such a folder offline: "the folder is empty (an unmounted
drive?)". Status now asks the folder's identity as that re-scan does (folder_identity.other_drive
against the library setting root_ids) and, the folder empty, says it offline, kept, with the
re-scan's reason. A drive plugged in again with another device number holds its files: online."""

from __future__ import annotations

import json
import os

from core.library import VideoLibrary
from tests.cli_run import run_cli
from tests.test_search_said import copies, fake_model  # noqa: F401  (fixtures)


def _folder(capsys, lib) -> dict:
    code, out, _ = run_cli(capsys, "status", "--library", lib, "--json")
    assert code == 0, out
    return json.loads(out)["folder_status"][0]


def _recorded(lib, **changes) -> None:
    with VideoLibrary(lib) as library:
        ids = {f: dict(i) for f, i in (library.meta.settings.root_ids or {}).items()}
        for identity in ids.values():
            identity.update(changes)
        library.update_settings(root_ids=ids)


def test_an_empty_mount_point_left_by_an_unplugged_drive_is_offline(copies, capsys, tmp_path):
    videos, lib = copies
    assert _folder(capsys, lib)["online"]
    _recorded(lib, mount_point=True)  # (indexed on a drive mounted there)
    os.rename(videos, tmp_path / "unplugged")
    videos.mkdir()  # (now only its mount point is there, empty)
    folder = _folder(capsys, lib)
    assert not folder["online"] and folder["held"] == "empty", folder
    code, out, _ = run_cli(capsys, "status", "--library", lib)
    assert "offline" in out and "(an unmounted drive?)" in out, out


def test_a_drive_plugged_in_again_with_its_files_stays_online(copies, capsys):
    videos, lib = copies
    _recorded(lib, mount_point=True, device=12345)  # (another device number than now: plugged in again)
    folder = _folder(capsys, lib)
    assert folder["online"] and folder["held"] is None, folder


def test_an_empty_folder_on_the_drive_it_was_indexed_on_is_as_before(copies, capsys, tmp_path):
    videos, lib = copies
    for name in ("red.mp4", "red (copy).mp4", "blue.mp4", "backup/red.mp4"):
        os.remove(videos / name)
    os.rmdir(videos / "backup")  # (emptied by the user: the re-scan removes its videos)
    assert _folder(capsys, lib)["online"]


def test_the_counts_of_a_folder_unplugged_since_its_last_rescan_say_its_videos_offline(copies, capsys, tmp_path):
    # (before: "offline, 4 videos (4 done, 0 failed, 0 offline)" and no offline video, until a re-scan)
    videos, lib = copies
    _recorded(lib, mount_point=True)
    os.rename(videos, tmp_path / "unplugged")
    videos.mkdir()
    folder = _folder(capsys, lib)
    assert folder["videos"]["offline"] == folder["videos"]["total"] == 4, folder
    code, out, _ = run_cli(capsys, "status", "--library", lib)
    assert "offline, 4 videos (4 done, 0 failed, 4 offline)" in out, out
    assert "Offline videos: 4" in out, out
    os.rmdir(videos)  # (the folder gone whole: its videos offline too)
    code, out, _ = run_cli(capsys, "status", "--library", lib)
    assert "offline, 4 videos (4 done, 0 failed, 4 offline)" in out and "Offline videos: 4" in out, out
    os.rename(tmp_path / "unplugged", videos)  # (plugged in again: none offline)
    code, out, _ = run_cli(capsys, "status", "--library", lib)
    assert "online, 4 videos (4 done, 0 failed, 0 offline)" in out and "Offline videos" not in out, out
