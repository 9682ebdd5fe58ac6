"""A file that failed (cut short) moved with the rest of its folder into another library folder,
the folder left empty (the same folder on the same drive: the user emptied it). Its done videos
moved with their files; the failed one was listed twice: failed at its new path and, as a video
gone from an empty folder (held: "the folder is empty (an unmounted drive?)"), offline at its old
one, which status said as a video that "seems to be gone" (a failed row is no move candidate).
Found by the model-based re-scan check (helper D's notes, seed 520's shape). Now a failed video
whose bytes are found at a new path in a folder that is not a drive away goes from its old path:
listed once, failed where it is; a failed clip of a drive unplugged stays listed there."""

from __future__ import annotations

import json
import shutil

import pytest

from core.cli import main
from core.library import VideoLibrary
from tests.fakes import cli_encoder
from tests.test_unplugged_videos_stay import mount_points  # noqa: F401 (the fixture)
from tests.videos import Segment, write_truncated, write_video


@pytest.fixture
def encoder(monkeypatch):
    return cli_encoder(monkeypatch)


def rows(lib) -> dict:
    with VideoLibrary(lib, read_only=True) as library:
        return {v.path: (v.status, v.offline) for v in library.video_table.all()}


def status(lib, capsys) -> dict:
    capsys.readouterr()
    assert main(["status", "--library", str(lib), "--json"]) == 0
    return json.loads(capsys.readouterr().out)


def make(folder):
    write_video(folder / "good.mp4", [Segment(2, "red")], seed=1)
    src = folder / "whole.mp4"
    write_video(src, [Segment(2, "blue")], seed=2)
    write_truncated(src, folder / "cut.mp4", keep=0.3)
    src.unlink()


def test_a_failed_file_moved_out_of_an_emptied_folder_is_listed_once(tmp_path, capsys, encoder):
    a, b, lib = tmp_path / "A", tmp_path / "B", tmp_path / "lib"
    make(a)
    write_video(b / "other.mp4", [Segment(2, "green")], seed=3)
    main(["index", str(a), str(b), "--library", str(lib), "-q"])  # (1: a file failed)
    assert rows(lib)[str(a / "cut.mp4")] == ("failed", False)
    for p in list(a.iterdir()):  # the folder emptied into B
        shutil.move(p, b / p.name)
    main(["index", "--library", str(lib), "-q"])
    now = rows(lib)
    assert now == {str(b / "good.mp4"): ("done", False), str(b / "cut.mp4"): ("failed", False),
                   str(b / "other.mp4"): ("done", False)}, now
    folders = {f["path"]: f for f in status(lib, capsys)["folder_status"]}
    assert not folders[str(a)]["held"] and folders[str(a)]["online"], folders[str(a)]


def test_a_failed_clip_of_an_unplugged_drive_stays_listed_there(tmp_path, capsys, encoder, mount_points):
    """A guard: a copy of the failed file found elsewhere while its drive is away (its mount point
    left, another device) leaves the drive's row where it is, offline."""
    drive, b, lib, aside = tmp_path / "drive", tmp_path / "B", tmp_path / "lib", tmp_path / "aside"
    make(drive)
    write_video(b / "other.mp4", [Segment(2, "green")], seed=3)
    main(["index", str(drive), str(b), "--library", str(lib), "-q"])  # (1: a file failed)
    shutil.copy2(drive / "cut.mp4", b / "cut.mp4")
    drive.rename(aside)
    drive.mkdir()
    mount_points.add(str(drive))
    main(["index", "--library", str(lib), "-q"])
    now = rows(lib)
    assert now[str(drive / "cut.mp4")] == ("failed", True) and now[str(b / "cut.mp4")] == ("failed", False), now
