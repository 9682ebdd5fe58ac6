"""A library folder holding links to a folder, or a video, on another drive (``~/Videos/usb ->
/media/usb/videos``): with the drive unplugged the links lead nowhere. Their videos are kept,
marked offline, as a missing library folder's are, not removed (their vectors, notes and
captions lost, to be embedded again once the drive is back); ``prune`` removes them."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from core.indexer import IndexOptions, MomentIndexer
from core.library import VideoLibrary
from core.scan import scan
from tests.fakes import ColourMeanEncoder
from tests.videos import Segment, write_video


def run(lib_path, folder, **options) -> list:
    with VideoLibrary(lib_path) as lib:
        return list(MomentIndexer(lib, ColourMeanEncoder(), IndexOptions(two_pass=False, **options)).run([str(folder)]))


def videos(lib_path) -> dict:
    with VideoLibrary(lib_path, read_only=True) as lib:
        return {Path(v.path).name: v for v in lib.video_table.all()}


@pytest.fixture
def linked(tmp_path):
    """``Videos`` (two videos of its own) with ``usb`` a link to the drive's folder (one video) and
    ``trip.mp4`` a link to a video of the drive; the drive is ``drive``."""
    videos_dir, drive = tmp_path / "Videos", tmp_path / "drive"
    for i, colour in enumerate(("red", "green")):
        write_video(videos_dir / f"own{i}.mp4", [Segment(2, colour)], seed=i)
    write_video(drive / "clips" / "beach.mp4", [Segment(2, "yellow")], seed=5)
    write_video(drive / "trip.mp4", [Segment(2, "blue")], seed=6)
    os.symlink(drive / "clips", videos_dir / "usb")
    os.symlink(drive / "trip.mp4", videos_dir / "trip.mp4")
    return videos_dir, drive


def test_videos_behind_links_to_an_unplugged_drive_are_kept_offline(tmp_path, linked):
    folder, drive = linked
    lib = tmp_path / "lib"
    run(lib, folder)
    before = videos(lib)
    assert set(before) == {"own0.mp4", "own1.mp4", "beach.mp4", "trip.mp4"}

    os.rename(drive, tmp_path / "drive.unplugged")
    events = run(lib, folder)
    assert events[0].summary["deleted"] == 0
    assert str(folder / "usb") in events[0].summary["offline_roots"]  # said, as a folder missing is
    held = videos(lib)
    assert set(held) == set(before)
    assert held["beach.mp4"].offline and held["trip.mp4"].offline and not held["own0.mp4"].offline

    os.rename(tmp_path / "drive.unplugged", drive)  # the drive is back: nothing embedded again
    events = run(lib, folder)
    assert not [e for e in events if e.kind == "file_started"]
    back = videos(lib)
    assert {n: v.video_id for n, v in back.items()} == {n: v.video_id for n, v in before.items()}
    assert not any(v.offline for v in back.values())


def test_prune_removes_the_videos_behind_links_that_lead_nowhere(tmp_path, linked):
    folder, drive = linked
    lib = tmp_path / "lib"
    run(lib, folder)
    os.rename(drive, tmp_path / "gone")
    run(lib, folder, prune=True)
    assert set(videos(lib)) == {"own0.mp4", "own1.mp4"}


def test_the_scan_lists_links_that_lead_nowhere(tmp_path, linked):
    folder, drive = linked
    os.symlink(tmp_path / "never.mp4", folder / "never.mp4")
    assert scan([str(folder)]).dangling == [str(folder / "never.mp4")]  # (the drive's links lead somewhere yet)
    os.rename(drive, tmp_path / "away")
    found = scan([str(folder)])
    assert sorted(found.dangling) == sorted(str(folder / n) for n in ("never.mp4", "trip.mp4", "usb"))
    assert sorted(Path(p).name for p in found.files) == ["own0.mp4", "own1.mp4"] and not found.problems
