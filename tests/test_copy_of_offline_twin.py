"""A copy of a clip whose only indexed twin is offline (its drive unplugged: the folder missing, or
its mount point left empty) was decoded and embedded again: an offline video was no copy source.
Its moments are the library's still (kept while the drive is away), so the copy now takes them, as
a copy of a video found online does: nothing embedded, its vectors its twin's, the twin kept offline
with its own id and moments, both online once the drive is back. Found by the model-based re-scan
check (helper D's notes); a new clip of its own is still embedded."""

from __future__ import annotations

import shutil

import numpy as np
import pytest

from core.cli import main
from core.library import VideoLibrary
from tests.fakes import cli_encoder
from tests.test_unplugged_videos_stay import mount_points  # noqa: F401 (the fixture)
from tests.videos import Segment, write_video


@pytest.fixture
def encoder(monkeypatch):
    return cli_encoder(monkeypatch)


def rows(lib) -> dict:
    """path -> (video id, offline, status, its moments' vectors)"""
    with VideoLibrary(lib, read_only=True) as library:
        return {v.path: (v.video_id, v.offline, v.status,
                         np.array([m.vector for m in library.moment_table.of(v.video_id)]))
                for v in library.video_table.all()}


@pytest.mark.parametrize("mount_point", ["gone", "empty"])
def test_a_copy_of_an_unplugged_drives_clip_takes_its_moments(tmp_path, encoder, mount_point, mount_points):
    home, drive, aside, lib = tmp_path / "home", tmp_path / "drive", tmp_path / "aside", tmp_path / "lib"
    write_video(home / "red.mp4", [Segment(2, "red")], seed=1)
    write_video(drive / "blue.mp4", [Segment(2, "blue")], seed=2)
    assert main(["index", str(home), str(drive), "--library", str(lib), "-q"]) == 0
    blue, copy = str(drive / "blue.mp4"), str(home / "blue copy.mp4")
    before = rows(lib)

    drive.rename(aside)  # the drive unplugged
    if mount_point == "empty":
        drive.mkdir()
        mount_points.add(str(drive))
    shutil.copy2(aside / "blue.mp4", copy)  # (copied to the computer before)
    write_video(home / "green.mp4", [Segment(2, "green")], seed=3)  # and a new clip of its own
    embedded = encoder.embedded
    assert main(["index", "--library", str(lib), "-q"]) == 0
    now = rows(lib)
    assert now[blue][:3] == (before[blue][0], True, "done")  # the drive's video kept, offline
    np.testing.assert_array_equal(now[blue][3], before[blue][3])
    assert now[copy][0] != before[blue][0] and now[copy][1:3] == (False, "done")
    np.testing.assert_array_equal(now[copy][3], before[blue][3])  # its twin's moments
    assert now[str(home / "green.mp4")][2] == "done"
    green_only = encoder.embedded - embedded
    assert green_only == len(now[str(home / "green.mp4")][3]), (green_only, len(now[copy][3]))

    if mount_point == "empty":
        drive.rmdir()
        mount_points.discard(str(drive))
    aside.rename(drive)  # plugged back
    embedded = encoder.embedded
    assert main(["index", "--library", str(lib), "-q"]) == 0
    now = rows(lib)
    assert encoder.embedded == embedded and len(now) == 4
    assert now[blue][:3] == (before[blue][0], False, "done") and not now[copy][1]
