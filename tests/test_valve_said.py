"""A result's file not there is said as the next re-scan will find it (``core.gone_rule``): where
the re-scan keeps its video offline though its folder is there with files in it (the safety valve:
more than half of the folder's videos gone at once in a library without a recorded identity or on a
share; a folder on another drive than its recorded one; a link to a file whose target is not there;
a drive recorded mounted in the folder, unplugged), the window and ``seekframe search`` said it
"gone" ("No longer there", "(file gone since it was indexed)"), and the re-scan then kept it."""

from __future__ import annotations

import json
import os
from types import SimpleNamespace

from core.gone_rule import FolderVideos
from core.library import VideoLibrary
from core.scan import file_gone, file_now, root_identity
from tests.cli_run import run_cli
from tests.test_search_said import copies, fake_model  # noqa: F401  (fixtures)


def _folder(tmp_path, n=4):
    folder = tmp_path / "videos"
    folder.mkdir()
    paths = [folder / f"v{i}.mp4" for i in range(n)]
    for p in paths:
        p.write_bytes(b"x")
    return folder, paths


def _videos(paths):
    return FolderVideos([SimpleNamespace(path=str(p)) for p in paths])


def test_more_than_half_of_a_folder_gone_is_offline_where_no_identity_says_the_user_deleted_them(tmp_path):
    folder, paths = _folder(tmp_path)
    os.remove(paths[0])
    assert file_gone(str(paths[0]), str(folder), None, _videos(paths))  # (one of four: the re-scan removes it)
    os.remove(paths[1])
    assert file_gone(str(paths[0]), str(folder), None, _videos(paths))  # (half: removed too)
    os.remove(paths[2])
    assert not file_gone(str(paths[0]), str(folder), None, _videos(paths))  # (three of four: held, the valve)
    assert file_now(str(paths[0]), str(folder), (1, 1.0), None, _videos(paths))[0] == "offline"
    recorded = {"device": root_identity(str(folder)).device, "mount_point": False, "inode": os.stat(folder).st_ino}
    assert file_gone(str(paths[0]), str(folder), recorded, _videos(paths))  # (its identity: the user deleted them)


def test_on_a_share_the_valve_holds_whatever_the_identity(tmp_path, monkeypatch):
    import core.folder_identity

    monkeypatch.setattr(core.folder_identity, "on_share", lambda path: True)
    folder, paths = _folder(tmp_path)
    now = root_identity(str(folder))
    recorded = {"device": now.device, "mount_point": now.mount_point, "fsid": now.fsid, "inode": now.inode}
    for p in paths[:3]:
        os.remove(p)
    assert not file_gone(str(paths[0]), str(folder), recorded, _videos(paths))
    assert file_gone(str(paths[0]), str(folder), recorded, _videos([paths[0], paths[3]]))  # (one of two)


def test_a_folder_on_another_drive_than_recorded_is_offline(tmp_path):
    folder, paths = _folder(tmp_path)
    os.remove(paths[0])
    now = root_identity(str(folder))
    recorded = {"device": now.device + 1, "mount_point": False}
    assert not file_gone(str(paths[0]), str(folder), recorded)  # (held whatever the count: "device")


def test_a_link_to_a_file_not_there_is_offline(tmp_path):
    folder, paths = _folder(tmp_path)
    drive = tmp_path / "drive"
    drive.mkdir()
    (drive / "clip.mp4").write_bytes(b"y")
    link = folder / "clip.mp4"
    os.symlink(drive / "clip.mp4", link)
    os.remove(drive / "clip.mp4")  # (the drive it is on unplugged: the re-scan keeps it, a dangling link)
    assert not file_gone(str(link), str(folder))


def test_a_drive_recorded_mounted_in_the_folder_and_unplugged_is_offline(tmp_path):
    folder, paths = _folder(tmp_path)
    (folder / "cam").mkdir()  # (its mount point, left on the folder's own drive)
    now = root_identity(str(folder))
    recorded = {"device": now.device, "mount_point": False, "inode": now.inode, "mounts": ["cam"],
                "mount_ids": {"cam": [{"device": now.device + 7}]}}
    clip = folder / "cam" / "day1.mp4"
    assert not file_gone(str(clip), str(folder), recorded)
    assert file_gone(str(paths[0].with_name("never.mp4")), str(folder), recorded)  # (beside it: deleted)


def _older(lib) -> None:
    """The library as one indexed before folders' identities were recorded."""
    with VideoLibrary(lib) as library:
        library.update_settings(root_ids=None)


def test_search_and_rescan_agree_on_a_folder_mostly_gone(copies, capsys):
    videos, lib = copies
    _older(lib)
    for name in ("red.mp4", "red (copy).mp4", "blue.mp4"):  # (three of its four videos: the valve holds)
        os.remove(videos / name)
    code, out, _ = run_cli(capsys, "search", "blue", "--library", lib, "-k", "4")
    assert code == 0 and "blue.mp4" in out and "gone" not in out, out
    code, out, _ = run_cli(capsys, "search", "blue", "--library", lib, "-k", "4", "--json")
    assert not any(r["missing"] for r in json.loads(out)), out
    code, _, err = run_cli(capsys, "index", "--library", lib)
    assert code == 0 and "seem to be gone" in err, err
    with VideoLibrary(lib, read_only=True) as library:
        assert sum(v.offline for v in library.video_table.all()) == 3


def test_search_and_rescan_agree_on_one_file_gone(copies, capsys):
    videos, lib = copies
    _older(lib)
    os.remove(videos / "blue.mp4")
    code, out, _ = run_cli(capsys, "search", "blue", "--library", lib, "-k", "4")
    assert code == 0 and "blue.mp4  (file moved, renamed or deleted since it was indexed)" in out, out
    code, _, err = run_cli(capsys, "index", "--library", lib)
    assert code == 0 and "1 removed" in err and "seem to be gone" not in err, err


def test_the_apps_results_of_a_folder_mostly_gone_are_offline(copies):
    from app.file_state import state_now
    from app.found import annotate
    from core.search import Searcher

    videos, lib = copies
    _older(lib)
    with VideoLibrary(lib, read_only=True) as library:
        view, ids = library.video_table.view(), library.meta.settings.root_ids
        blue = next(v for v in view.values() if v.path.endswith("blue.mp4"))
        results = Searcher(library, None)._search_vector(library.moment_table.of(blue.video_id)[0].vector, 8, None, True)
    for name in ("red.mp4", "red (copy).mp4", "blue.mp4"):
        os.remove(videos / name)
    found = {r.path: r for r in annotate(results, view, ids)}
    assert found[blue.path].offline and found[blue.path].file_state == "", found[blue.path]
    shown_before = annotate(results, view, ids)[0]
    shown_before.offline = False  # (in the preview when they went: looked at again)
    assert state_now(shown_before) == ""


def test_the_valve_counts_no_video_the_rescan_keeps_behind_a_link_away(tmp_path):
    """Two of a folder's four videos behind a link whose target went (kept offline, not counted by the
    re-scan's valve) and one deleted beside them: the re-scan removes that one, so it is gone."""
    folder, paths = _folder(tmp_path, 2)
    os.symlink(tmp_path / "drive", folder / "cam")  # (its target not there: a drive unplugged)
    away = [folder / "cam" / "a.mp4", folder / "cam" / "b.mp4"]
    os.remove(paths[0])
    assert file_gone(str(paths[0]), str(folder), None, _videos([*paths, *away]))
    assert not file_gone(str(away[0]), str(folder), None, _videos([*paths, *away]))


def test_a_folder_whose_videos_are_none_there_is_found_empty_by_the_rescan(tmp_path):
    """Of a folder without a recorded identity, two videos behind a dangling link (kept apart) and the
    other two deleted: the re-scan finds no video in it and holds them ("the folder is empty"): said
    offline; with a new video beside them, not empty: one of the two counted is no more than half."""
    folder, paths = _folder(tmp_path, 2)
    os.symlink(tmp_path / "drive", folder / "cam")
    every = [*paths, folder / "cam" / "a.mp4", folder / "cam" / "b.mp4"]
    for p in paths:
        os.remove(p)
    assert not file_gone(str(paths[0]), str(folder), None, _videos(every))
    (folder / "new.mp4").write_bytes(b"z")
    assert file_gone(str(paths[0]), str(folder), None, _videos(every))
