"""A video moved to another library folder, that folder re-scanned first, alone: a69d0d5 takes it as moved,
its file known gone from the folder it left. But a video of the same content whose file may only be out of
reach was taken first: one of a library folder missing now (its drive unplugged: "moved here from …, which is
missing") or one behind a link of the folder whose target is not there. The moved video was then removed by
its old folder's re-scan, kept by content a while and let go, its captions orphaned, while the unreachable one
was listed at the new file. Found by the one-folder fuzz (tests/rescan_one.py, seeds 305, 306 with links). A
video known gone from where it was is taken before one that may still be on a drive away."""

from __future__ import annotations

import os
import shutil

from core.library import VideoLibrary
from tests.cli_run import FixedTextEncoder, run_cli, use_encoder
from tests.videos import Segment, write_video


def _by_path(lib) -> dict[str, str]:
    with VideoLibrary(str(lib), read_only=True) as library:
        return {v.path: v.video_id for v in library.video_table.view().values()}


def _world(tmp_path, capsys, monkeypatch, linked: bool):
    """A (red, blue), B (white), and a copy of red in C, a library folder, or behind B's link to a shelf."""
    use_encoder(monkeypatch, FixedTextEncoder)
    a, b, c, lib = tmp_path / "A", tmp_path / "B", tmp_path / "C", tmp_path / "lib"
    write_video(a / "red.mp4", [Segment(2, "red")], seed=0)
    write_video(a / "blue.mp4", [Segment(2, "blue")], seed=1)
    write_video(b / "white.mp4", [Segment(2, "white")], seed=9)
    c.mkdir()
    shutil.copy(a / "red.mp4", c / "red on the drive.mp4")
    if linked:
        os.symlink(c, b / "shelf")
        folders, away = (a, b), b / "shelf" / "red on the drive.mp4"
    else:
        folders, away = (a, b, c), c / "red on the drive.mp4"
    assert run_cli(capsys, "index", *folders, "--library", lib, "-q")[0] == 0
    ids = _by_path(lib)
    os.rename(c, tmp_path / "unplugged")  # (C's drive away)
    return a, b, lib, ids[str(a / "red.mp4")], str(away), ids[str(away)]


def _moved_first_to_b(capsys, a, b, lib, red, away, away_id):
    os.rename(a / "red.mp4", b / "red.mp4")
    code, _, err = run_cli(capsys, "index", b, "--library", lib)
    assert code == 0 and "1 moved" in err and "missing" not in err, err
    now = _by_path(lib)
    assert now[str(b / "red.mp4")] == red, now  # (old: the unreachable video, listed at B/red.mp4)
    assert now[away] == away_id
    code, _, err = run_cli(capsys, "index", a, "--library", lib)
    assert code == 0 and "kept by its content" not in err, err
    assert _by_path(lib)[str(b / "red.mp4")] == red


def test_a_moved_video_is_taken_before_a_missing_folders_twin(tmp_path, capsys, monkeypatch):
    _moved_first_to_b(capsys, *_world(tmp_path, capsys, monkeypatch, linked=False))


def test_a_moved_video_is_taken_before_a_twin_behind_a_link_away(tmp_path, capsys, monkeypatch):
    _moved_first_to_b(capsys, *_world(tmp_path, capsys, monkeypatch, linked=True))
