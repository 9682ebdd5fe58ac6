"""``seekframe index --prune`` and a folder whose identity says another drive (its drive unplugged,
its mount point left empty): its videos not found are removed, so one of them found in another
library folder (moved there from the drive before it was unplugged) is that video moved, keeping
its id, moments and notes. Before, ``core.sync_held.keep_unplugged`` took such a folder's videos out
of the move candidates even with ``--prune`` (right without it: they are kept offline, and a copy
takes its twin's moments): the clip was embedded again under a new id, its moments and notes left
behind. 9a120f5 did the same for a share's folder found empty."""

from __future__ import annotations

import shutil

import numpy as np

from core.cli import main
from core.library import VideoLibrary
from tests.fakes import cli_encoder
from tests.mounts import on_another_device
from tests.test_copy_of_offline_twin import rows
from tests.videos import Segment, write_video


def test_with_prune_a_clip_moved_off_an_unplugged_drive_keeps_its_moments_and_id(tmp_path, monkeypatch):
    encoder = cli_encoder(monkeypatch)
    home, drive, lib = tmp_path / "home", tmp_path / "drive", tmp_path / "lib"
    write_video(home / "red.mp4", [Segment(2, "red")], seed=1)
    write_video(drive / "blue.mp4", [Segment(2, "blue")], seed=2)
    write_video(drive / "green.mp4", [Segment(2, "green")], seed=3)
    assert main(["index", str(home), str(drive), "--library", str(lib), "-q"]) == 0
    before = rows(lib)
    shutil.move(str(drive / "blue.mp4"), home / "blue.mp4")  # (moved off the drive, then it was unplugged)
    (drive / "green.mp4").unlink()
    on_another_device(monkeypatch).add(str(drive))  # (its empty mount point, on the computer's disk)
    embedded = encoder.embedded
    assert main(["index", "--library", str(lib), "-q", "--prune"]) == 0
    now = rows(lib)
    assert encoder.embedded == embedded, "the moved clip was embedded again"
    assert set(now) == {str(home / "red.mp4"), str(home / "blue.mp4")}
    blue = now[str(home / "blue.mp4")]
    assert blue[:3] == (before[str(drive / "blue.mp4")][0], False, "done")
    np.testing.assert_array_equal(blue[3], before[str(drive / "blue.mp4")][3])
    with VideoLibrary(lib, read_only=True) as library:
        assert library.video_table.by_path(str(home / "blue.mp4")) is not None


def test_without_prune_the_unplugged_drives_clip_stays_and_a_copy_takes_its_moments(tmp_path, monkeypatch):
    encoder = cli_encoder(monkeypatch)
    home, drive, lib = tmp_path / "home", tmp_path / "drive", tmp_path / "lib"
    write_video(home / "red.mp4", [Segment(2, "red")], seed=1)
    write_video(drive / "blue.mp4", [Segment(2, "blue")], seed=2)
    assert main(["index", str(home), str(drive), "--library", str(lib), "-q"]) == 0
    before = rows(lib)
    shutil.move(str(drive / "blue.mp4"), home / "blue.mp4")
    on_another_device(monkeypatch).add(str(drive))
    embedded = encoder.embedded
    assert main(["index", "--library", str(lib), "-q"]) == 0
    now = rows(lib)
    assert encoder.embedded == embedded
    assert now[str(drive / "blue.mp4")][:3] == (before[str(drive / "blue.mp4")][0], True, "done")  # kept, offline
    np.testing.assert_array_equal(now[str(home / "blue.mp4")][3], before[str(drive / "blue.mp4")][3])
