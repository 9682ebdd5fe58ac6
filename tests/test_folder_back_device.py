"""A library folder its last index held "device" (another drive at its place, without some of its videos: a
backup drive of the same layout plugged in where the camera drive was) stayed "offline … kept: the folder is on
another drive than when it was indexed" in `seekframe status`, ``--json`` and the window once its own drive was
back, until a run: the other holds ("missing", "empty", a share not answering) were said back
(``FolderStatus.back``), this one never. It is said back now by the same rule (``core.folder_back``: a few of the
videos it found gone there again at their paths, the drive there the one recorded), and not while the other drive
is still there without them."""

from __future__ import annotations

import os

import pytest

from core.library import VideoLibrary
from core.service import library_status
from core.cli_status import BACK_NEXT_RUN
from core.folder_moved import WINDOW
from core.status_words import back_text, linked_text
from tests.cli_run import run_cli
from tests.videos import Segment, write_video
from tests.test_folder_back_said import _status
from tests.test_search_said import copies, fake_model  # noqa: F401  (fixtures)
from tests.test_status_unplugged_drive import _recorded


def test_a_folder_held_on_another_drive_is_said_back_once_its_own_drive_is(copies, capsys, tmp_path):
    videos, lib = copies
    own = os.stat(videos).st_dev
    _recorded(lib, device=own + 1)  # (another drive at its place now: its device is not the one recorded)
    os.rename(videos / "blue.mp4", tmp_path / "blue.mp4")  # (that drive has no blue.mp4)
    assert run_cli(capsys, "index", "--library", lib, "-q")[0] == 0
    with VideoLibrary(str(lib), read_only=True) as library:
        assert library.meta.settings.held_roots == {str(videos): "device"}
    line, folder = _status(capsys, lib, videos)  # (the other drive still there: not back)
    assert "kept: the folder is on another drive" in line and "back" not in line, line
    assert not folder["online"] and folder["held"] == "device" and "back" not in folder, folder

    _recorded(lib, device=own)  # (its own drive plugged in again: the one recorded, blue.mp4 on it)
    os.rename(tmp_path / "blue.mp4", videos / "blue.mp4")
    line, folder = _status(capsys, lib, videos)
    said = back_text("device", 1, "`seekframe index`")
    assert line.endswith(f"online, 4 videos (4 done, 0 failed, 1 offline); {said}") and "kept" not in line, line
    assert (folder["online"], folder["held"], folder["back"], folder["why"]) == (True, None, "device", said), folder
    with VideoLibrary(str(lib), read_only=True) as library:  # (the window's: back, not an offline folder)
        st = library_status(library)
    assert [f.back for f in st.folders] == ["device"] and st.offline_folders == ()

    code, _, err = run_cli(capsys, "index", "--library", lib)  # (the run finds it so, and says so once)
    assert code == 0 and err.endswith("Nothing new to index. 1 video is back online (found again where it was).\n"), err
    line, folder = _status(capsys, lib, videos)
    assert "back" not in folder and line.endswith("online, 4 videos (4 done, 0 failed, 0 offline)"), line
    code, _, err = run_cli(capsys, "index", "--library", lib)
    assert code == 0 and "back online" not in err, err

def _linked_drive_unplugged(capsys, videos, lib, tmp_path):
    """Three videos on another drive behind a link in the folder ``videos/ext``, indexed, then that drive
    unplugged (its folder renamed away to ``tmp_path/unplugged``)."""
    ext = tmp_path / "ext"
    for i, colour in enumerate(("green", "yellow", "white")):
        write_video(ext / f"{colour}.mp4", [Segment(1, colour)], seed=10 + i)
    os.symlink(ext, videos / "ext")
    assert run_cli(capsys, "index", "--library", lib, "-q")[0] == 0
    os.rename(ext, tmp_path / "unplugged")  # (the link's drive away)



@pytest.mark.parametrize("backup", ["with the link", "without it"])
def test_videos_behind_a_link_away_do_not_keep_a_device_hold_from_being_said_back(copies, capsys, tmp_path, backup):
    """The back look sampled every video the last index marked offline, those behind a link to a drive unplugged
    too (``sync_held.linked_away``: offline for their own reason, not back with the folder's drive): three of them
    beside the one the other drive lacked were more than half gone, and status said "kept: … on another drive"
    with the folder's own drive back. It samples the folder's own now (``folder_back.device_looked``). And where
    the other drive is a backup made without the link, the run that held the folder keeps the links its own
    drive's walk recorded (``sync_apply._own_links``), not the other drive's none, which the look went by."""
    videos, lib = copies
    _linked_drive_unplugged(capsys, videos, lib, tmp_path)
    own = os.stat(videos).st_dev
    _recorded(lib, device=own + 1)
    if backup == "without it":  # (the other drive: a copy of the folder without the link)
        os.unlink(videos / "ext")
    os.rename(videos / "blue.mp4", tmp_path / "blue.mp4")
    assert run_cli(capsys, "index", "--library", lib, "-q")[0] == 0
    with VideoLibrary(str(lib), read_only=True) as library:
        assert library.meta.settings.held_roots == {str(videos): "device"}
        assert sum(v.offline for v in library.video_table.all()) == 4  # (blue.mp4 and the three behind the link)
        assert list(library.meta.settings.folder_links[str(videos)]["links"]) == ["ext"]

    _recorded(lib, device=own)  # (its own drive back, blue.mp4 on it; the link's drive still away)
    if backup == "without it":
        os.symlink(tmp_path / "ext", videos / "ext")
    os.rename(tmp_path / "blue.mp4", videos / "blue.mp4")
    line, folder = _status(capsys, lib, videos)
    assert "kept" not in line and (folder["online"], folder["held"], folder["back"]) == (True, None, "device"), line
    said = back_text("device", 4, "`seekframe index`", 3)  # (fr_1's finding 1: "4 … found again then" before)
    assert said.endswith(f"(1 video marked offline is found again then; {linked_text(3)})"), said
    assert line.endswith(said) and folder["why"] == said, (line, folder)
    out = run_cli(capsys, "status", "--library", lib)[1]
    assert BACK_NEXT_RUN + ")" not in out and f"4 offline (their folder is back: the next `seekframe index` finds " \
        f"1 video of them again; {linked_text(3)})" in out, out
    with VideoLibrary(str(lib), read_only=True) as library:  # (the window's tooltip: the same words)
        st = library_status(library)
    assert [f.found(WINDOW) for f in st.folders] == [back_text("device", 4, "Re-scan", 3)]
    assert run_cli(capsys, "index", "--library", lib, "-q")[0] == 0  # (what the run finds: as said)
    assert _status(capsys, lib, videos)[0].endswith("online, 7 videos (7 done, 0 failed, 3 offline)")


@pytest.mark.parametrize("how", ["missing", "empty"])
def test_links_to_a_drive_still_away_in_a_folder_there_again_say_their_videos_stay(copies, capsys, tmp_path, how):
    """A folder held "missing" or "empty" (its drive unplugged) whose drive is back while the drive a link in it
    leads to is still away: status said all its offline videos "are found again then", but the run keeps those
    behind the link offline (``sync_held.linked_away``). It says what is back and what stays away, as of a
    "device" hold: the same rule (``folder_back.linked_away``, the links that lead nowhere now), CLI and window."""
    from tests.test_folder_back_said import _held

    videos, lib = copies
    _linked_drive_unplugged(capsys, videos, lib, tmp_path)  # (and then the folder's own drive away)
    _held(capsys, lib, videos, tmp_path / "away", how)
    if how == "empty":
        videos.rmdir()
    os.rename(tmp_path / "away", videos)  # (the folder's own drive back; the link's still away)

    line, folder = _status(capsys, lib, videos)
    said = back_text(how, 7, "`seekframe index`", 3)
    assert said.endswith(f"(4 videos marked offline are found again then; {linked_text(3)})"), said
    assert (folder["online"], folder.get("back"), folder["why"]) == (True, how, said) and line.endswith(said), line
    out = run_cli(capsys, "status", "--library", lib)[1]
    assert f"7 offline (their folder is back: the next `seekframe index` finds 4 videos of them again; " \
        f"{linked_text(3)})" in out, out
    with VideoLibrary(str(lib), read_only=True) as library:  # (the window's tooltip: the same words)
        assert [f.found(WINDOW) for f in library_status(library).folders] == [back_text(how, 7, "Re-scan", 3)]
    assert run_cli(capsys, "index", "--library", lib, "-q")[0] == 0  # (what the run finds: as said)
    assert _status(capsys, lib, videos)[0].endswith("online, 7 videos (7 done, 0 failed, 3 offline)")

    os.rename(tmp_path / "unplugged", tmp_path / "ext")  # (the link's drive back too: nothing said to stay away)
    _held(capsys, lib, videos, tmp_path / "away", how)
    if how == "empty":
        videos.rmdir()
    os.rename(tmp_path / "away", videos)
    assert _status(capsys, lib, videos)[1]["why"] == back_text(how, 7, "`seekframe index`")
