"""A copy of an unplugged drive's clip found in another library folder is a copy, whether the drive
left its mount point empty or no folder at all. Found by the model-based re-scan check (seed 6):
with an empty mount point (the folder held as empty) the drive's video was taken as moved to the
copy: gone from the drive's folder while it was offline, its note on the copy, and once the drive
was back its clip was a new video. With the folder missing, the drive's video was kept."""

from __future__ import annotations

import json
import os
import shutil

import pytest

from core import service
from core.cli import main
from core.library import VideoLibrary
from tests.fakes import cli_encoder, NoteWords as Words
from tests.mounts import mounts, on_another_device  # noqa: F401 (the fixture)
from tests.videos import Segment, write_video


@pytest.fixture
def encoder(monkeypatch):
    return cli_encoder(monkeypatch)


@pytest.fixture
def mount_points(monkeypatch) -> set[str]:
    """The empty folders unplugged drives left (a test adds each it makes): on the computer's disk,
    another device than the drive's, as tests/mounts.py's real unmount (which needs root) leaves
    one. A folder renamed away and an empty one made in its place is otherwise a plain folder the
    user emptied (tests/test_emptied_folder_moves.py)."""
    return on_another_device(monkeypatch)


def index(capsys, lib):
    code = main(["index", "--library", str(lib), "-q"])
    return code, capsys.readouterr().err


def videos(lib):
    """path -> (video id, offline, the texts of its notes)"""
    with VideoLibrary(lib, read_only=True) as library:
        notes = [c for c in library.caption_table.read(with_vectors=False) if c.source == "note"]
        return {v.path: (v.video_id, v.offline, [c.text for c in notes if c.video_id == v.video_id])
                for v in library.video_table.all()}


@pytest.mark.parametrize("mount_point", ["empty", "gone"])
def test_a_copy_of_an_unplugged_drives_clip_leaves_the_drives_video_in_place(tmp_path, capsys, encoder, mount_point,
                                                                              mount_points):
    home, drive, aside, lib = tmp_path / "home", tmp_path / "drive", tmp_path / "aside", tmp_path / "lib"
    write_video(home / "red.mp4", [Segment(2, "red")], seed=1)
    for i, colour in enumerate(("blue", "green")):
        write_video(drive / f"{colour}.mp4", [Segment(2, colour)], seed=2 + i)
    assert main(["index", str(home), str(drive), "--library", str(lib), "-q"]) == 0
    blue = str(drive / "blue.mp4")
    with VideoLibrary(lib) as library:
        service.add_note(library, Words(), library.video_table.by_path(blue).video_id, "the blue one", 0.0, 2.0)
    before = videos(lib)

    shutil.copy2(blue, home / "blue copy.mp4")  # copied to the computer, then the drive unplugged
    drive.rename(aside)
    if mount_point == "empty":
        drive.mkdir()
        mount_points.add(str(drive))
    assert index(capsys, lib)[0] == 0
    now = videos(lib)
    assert now[blue] == (before[blue][0], True, ["the blue one"])  # kept, offline, on the drive
    assert now[str(home / "blue copy.mp4")][0] != before[blue][0] and not now[str(home / "blue copy.mp4")][1]

    if mount_point == "empty":
        drive.rmdir()
        mount_points.discard(str(drive))
    aside.rename(drive)  # plugged back
    assert index(capsys, lib)[0] == 0
    now = videos(lib)
    assert now[blue] == (before[blue][0], False, ["the blue one"])
    assert len(now) == 4 and not any(offline for _, offline, _ in now.values())
    assert os.path.exists(home / "blue copy.mp4")


def test_an_unplugged_drives_only_clip_found_elsewhere_later_stays_on_the_drive(tmp_path, capsys, encoder,
                                                                                 mount_points):
    """Seed 7: the drive (one clip) unplugged, its mount point left, indexed so; then its clip turns up
    on the computer. All of the drive's videos are found elsewhere, yet the drive was offline at its
    last index: a copy. Before, the video moved off the drive, and the folder read online, empty."""
    home, drive, aside, lib = tmp_path / "home", tmp_path / "drive", tmp_path / "aside", tmp_path / "lib"
    write_video(home / "red.mp4", [Segment(2, "red")], seed=1)
    write_video(drive / "blue.mp4", [Segment(2, "blue")], seed=2)
    assert main(["index", str(home), str(drive), "--library", str(lib), "-q"]) == 0
    blue = str(drive / "blue.mp4")
    before = videos(lib)
    drive.rename(aside)
    drive.mkdir()
    mount_points.add(str(drive))
    assert index(capsys, lib)[0] == 0
    shutil.copy2(aside / "blue.mp4", home / "blue.mp4")
    assert index(capsys, lib)[0] == 0
    assert videos(lib)[blue] == (before[blue][0], True, [])
    code = main(["status", "--library", str(lib), "--json"])
    folder = next(f for f in json.loads(capsys.readouterr().out)["folder_status"] if f["path"] == str(drive))
    assert code == 0 and not folder["online"] and folder["held"] == "empty" and folder["videos"]["offline"] == 1


def test_a_drive_unmounted_with_its_only_clip_copied_keeps_it(tmp_path, capsys, encoder, mounts):
    """A real drive (tmpfs) with one clip, copied to the computer and unmounted before the next index:
    its mount point is no longer one, so it is a drive away, though its one video is found elsewhere."""
    home, drive, lib = tmp_path / "home", tmp_path / "drive", tmp_path / "lib"
    write_video(home / "red.mp4", [Segment(2, "red")], seed=1)
    mounts.tmpfs(drive)
    write_video(drive / "blue.mp4", [Segment(2, "blue")], seed=2)
    assert main(["index", str(home), str(drive), "--library", str(lib), "-q"]) == 0
    blue = str(drive / "blue.mp4")
    before = videos(lib)
    shutil.copy2(blue, home / "blue copy.mp4")
    mounts.unmount(drive)
    assert index(capsys, lib)[0] == 0
    assert videos(lib)[blue] == (before[blue][0], True, [])
