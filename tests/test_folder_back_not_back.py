"""A library folder its last index held not there was said "back" (``FolderStatus.back``) where the next run
holds it again (s58 rv_6 #1): an empty folder made at a missing folder's path, another card of the same label
with clips of its own mounted there, anything at all written into an empty mount point (said back for ever:
every run holds it "empty" again). Status now asks the run's own rule of a few of its videos
(``core.folder_back``): back only where they are there again. And a share that stopped answering, back, is
said to answer again, not "found it missing" (rv_6 #3)."""

from __future__ import annotations

import os
import shutil

from core import scan_stalls
from core.library import VideoLibrary
from tests.cli_run import run_cli
from tests.test_folder_back_said import _held, _status
from tests.test_search_said import copies, fake_model  # noqa: F401  (fixtures)
from tests.videos import Segment, write_video


def _not_back(line, folder, how) -> None:
    assert "back" not in line and "offline" in line and "kept:" in line, line
    assert not folder["online"] and folder["held"] == how and "back" not in folder, folder


def test_an_empty_folder_made_at_a_missing_folder_s_path_is_not_back(copies, capsys, tmp_path):
    videos, lib = copies
    _held(capsys, lib, videos, tmp_path / "away", "missing")
    videos.mkdir()  # (an app making ~/Videos again; an automount's mount point, the share not up)
    _not_back(*_status(capsys, lib, videos), "missing")


def test_another_card_at_a_missing_folder_s_path_is_not_back(copies, capsys, tmp_path):
    videos, lib = copies
    _held(capsys, lib, videos, tmp_path / "away", "missing")
    write_video(videos / "other.mp4", [Segment(4, "green")], seed=7)  # another card's clip
    write_video(videos / "blue.mp4", [Segment(3, "green")], seed=8)  # and one of the same name as the library's
    _not_back(*_status(capsys, lib, videos), "missing")
    assert run_cli(capsys, "index", "--library", lib, "-q")[0] == 0  # (the run holds them, as status said)
    line, folder = _status(capsys, lib, videos)
    assert "back" not in line and folder["videos"]["offline"] >= 3, (line, folder)


def test_a_mount_point_held_empty_with_a_file_written_in_it_is_not_back_before_or_after_a_run(copies, capsys,
                                                                                           tmp_path):
    videos, lib = copies
    _held(capsys, lib, videos, tmp_path / "away", "empty")
    (videos / "other.txt").write_text("x")  # (an import run while the drive was unplugged)
    _not_back(*_status(capsys, lib, videos), "empty")
    assert run_cli(capsys, "index", "--library", lib, "-q")[0] == 0
    with VideoLibrary(str(lib), read_only=True) as library:
        assert library.meta.settings.held_roots[str(videos)] == "empty"  # (the run holds it still)
    _not_back(*_status(capsys, lib, videos), "empty")


def test_a_missing_folder_returned_with_most_of_its_videos_is_said_back(copies, capsys, tmp_path):
    """Back as the run finds it: a video deleted while it was away does not keep it offline."""
    videos, lib = copies
    _held(capsys, lib, videos, tmp_path / "away", "missing")
    os.rename(tmp_path / "away", videos)
    os.remove(videos / "blue.mp4")
    line, folder = _status(capsys, lib, videos)
    assert folder["online"] and folder["back"] == "missing", (line, folder)


def test_a_share_that_did_not_answer_and_answers_again_is_said_so(copies, capsys, tmp_path, monkeypatch):
    videos, lib = copies
    _held(capsys, lib, videos, tmp_path / "away", "missing")
    with VideoLibrary(str(lib)) as library:  # (as a run that found it not answering leaves it)
        library.update_settings(hung_folders={str(videos): 1.0})
    monkeypatch.setattr(scan_stalls, "RELOOK_WAIT_S", 5.0)
    shutil.move(tmp_path / "away", videos)
    line, folder = _status(capsys, lib, videos)
    assert "not answering (a network share?); it answers again" in line and "found it missing" not in line, line
    assert folder["online"] and folder["back"] == "hung", folder


def test_a_drive_returned_under_another_device_number_is_back_with_all_its_videos_not_with_some_gone(copies, capsys,
                                                                                                tmp_path):
    """As the run finds it: all its videos there, whatever the device number (USB plug order); some gone from
    another drive than recorded, held again ("device")."""
    from tests.test_status_unplugged_drive import _recorded

    videos, lib = copies
    _held(capsys, lib, videos, tmp_path / "away", "missing")
    _recorded(lib, device=12345)  # (its drive recorded under another device number than now)
    os.rename(tmp_path / "away", videos)
    line, folder = _status(capsys, lib, videos)
    assert folder["online"] and folder["back"] == "missing", (line, folder)
    os.remove(videos / "blue.mp4")
    _not_back(*_status(capsys, lib, videos), "missing")
    assert run_cli(capsys, "index", "--library", lib, "-q")[0] == 0
    with VideoLibrary(str(lib), read_only=True) as library:
        assert library.meta.settings.held_roots[str(videos)] == "device"  # (as status said: not back)
