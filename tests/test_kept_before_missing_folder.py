"""A video a one-folder re-scan removed and kept by its content (``core.sync_gone``) was not taken back when a
library folder holding a video of the same content was missing (a drive unplugged, renamed away): the run of
the folder it went to took the missing folder's video as moved there (``sync_missing``: a library folder
renamed), and the kept one, its captions with it, was let go later. Found by the one-folder fuzz
(tests/rescan_one.py, seed 311). A kept video is known gone from where it was; the missing folder's may still
be on its drive: the kept one is taken first."""

from __future__ import annotations

import os
import shutil

from core.library import VideoLibrary
from tests.cli_run import FixedTextEncoder, run_cli, use_encoder
from tests.videos import Segment, write_video


def _by_path(lib) -> dict[str, str]:
    with VideoLibrary(str(lib), read_only=True) as library:
        return {v.path: v.video_id for v in library.video_table.view().values()}


def test_a_kept_video_is_taken_back_before_a_missing_folders_twin(tmp_path, capsys, monkeypatch):
    use_encoder(monkeypatch, FixedTextEncoder)
    a, b, c, lib = tmp_path / "A", tmp_path / "B", tmp_path / "C", tmp_path / "lib"
    write_video(a / "red.mp4", [Segment(2, "red")], seed=0)
    write_video(a / "blue.mp4", [Segment(2, "blue")], seed=1)
    c.mkdir()
    shutil.copy(a / "red.mp4", c / "red on the drive.mp4")
    write_video(b / "white.mp4", [Segment(2, "white")], seed=9)
    assert run_cli(capsys, "index", a, b, c, "--library", lib, "-q")[0] == 0
    red, on_drive = _by_path(lib)[str(a / "red.mp4")], _by_path(lib)[str(c / "red on the drive.mp4")]
    os.rename(c, tmp_path / "unplugged")  # (C's drive away: its folder missing)
    os.rename(a / "red.mp4", b / "red.mp4")
    code, _, err = run_cli(capsys, "index", a, "--library", lib)
    assert code == 0 and "1 removed" in err and "kept by its content" in err, err
    code, _, err = run_cli(capsys, "index", b, "--library", lib)
    assert code == 0 and "1 moved" in err, err
    now = _by_path(lib)
    assert now[str(b / "red.mp4")] == red, now  # (old: C's video, taken as moved from its missing folder)
    assert now[str(c / "red on the drive.mp4")] == on_drive  # (C's stays, offline, on its drive)
