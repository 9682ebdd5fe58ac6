"""A video moved to another library folder, that folder re-scanned alone, is that video moved (a69d0d5,
``sync_gone.KeptElsewhere.take_twin``), but only if the video the plan took as the new file's twin was the one
moved: where the library held copies of its content in a folder the run did not look at, the plan's twin was
one of them (its file still there), so the new file was a copy, another id; the old folder's re-scan then
removed the moved video, and its captions with it. Found by the one-folder fuzz (tests/rescan_one.py, seed
301 with links). The moved one of the copies is taken now (``KeptElsewhere.moved_twin``)."""

from __future__ import annotations

import os
import shutil

from core.library import VideoLibrary
from tests.cli_run import FixedTextEncoder, run_cli, use_encoder
from tests.videos import Segment, write_video


def _ids(lib) -> dict[str, str]:
    with VideoLibrary(str(lib), read_only=True) as library:
        return {os.path.basename(os.path.dirname(v.path)) + "/" + os.path.basename(v.path): v.video_id
                for v in library.video_table.view().values()}


def test_the_moved_one_of_copies_is_taken_as_moved(tmp_path, capsys, monkeypatch):
    use_encoder(monkeypatch, FixedTextEncoder)
    a, b, c, lib = tmp_path / "A", tmp_path / "B", tmp_path / "C", tmp_path / "lib"
    write_video(a / "red.mp4", [Segment(2, "red")], seed=0)
    c.mkdir()
    for name in ("red copy.mp4", "red again.mp4"):
        shutil.copy(a / "red.mp4", c / name)
    write_video(b / "white.mp4", [Segment(2, "white")], seed=9)
    for folder in (a, c, b):  # (C's copies after A's video in the table: the plan's twin one of them)
        assert run_cli(capsys, "index", folder, "--library", lib, "-q")[0] == 0
    caps = tmp_path / "caps.csv"
    caps.write_text("video,start,end,text\nA/red.mp4,0,2,a brick wall painted red\n")
    assert run_cli(capsys, "captions-import", caps, "--library", lib)[0] == 0
    red = _ids(lib)["A/red.mp4"]
    os.rename(a / "red.mp4", b / "red.mp4")
    code, _, err = run_cli(capsys, "index", b, "--library", lib)
    assert code == 0 and "1 moved" in err and "copy" not in err, err  # (old: "1 copy of an indexed video")
    assert _ids(lib)["B/red.mp4"] == red
    code, _, err = run_cli(capsys, "index", a, "--library", lib)
    assert code == 0, err
    ids = _ids(lib)
    assert ids["B/red.mp4"] == red and "A/red.mp4" not in ids and len(ids) == 4, ids
    with VideoLibrary(str(lib), read_only=True) as library:
        assert [c.text for c in library.caption_table.read(red)] == ["a brick wall painted red"]
