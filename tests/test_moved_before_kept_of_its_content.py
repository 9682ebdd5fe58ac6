"""A video moved to another library folder, that folder re-scanned first and alone, where a video of the same
content had been deleted from that folder before (removed by its re-scan and kept by its content,
``core.library.gone_kept``): the new file was taken as the deleted one come back (``KeptElsewhere.take``,
kept ones first: 98ba620), so the moved video lost its id at the new file, and the old folder's re-scan then
removed it, its captions with it. Found by the one-folder fuzz (tests/rescan_one.py, seeds 310 and 307 with
links at 40 steps). A move keeps a file's time: a video gone from a folder the run does not look at whose
recorded size and time are the new file's is the one that moved, before a kept one, whatever its time (a copy
made with its time kept, ``cp -p``, or moved over another: ``mv -f``) (``KeptElsewhere.take``)."""

from __future__ import annotations

import os
import shutil

import pytest

from core.library import VideoLibrary
from tests.cli_run import FixedTextEncoder, run_cli, use_encoder
from tests.videos import Segment, write_video


def _ids(lib) -> dict[str, str]:
    with VideoLibrary(str(lib), read_only=True) as library:
        return {os.path.basename(os.path.dirname(v.path)) + "/" + os.path.basename(v.path): v.video_id
                for v in library.video_table.view().values()}


@pytest.mark.parametrize("old_time", [1_700_000_200, 1_700_000_100], ids=["copied later", "time kept"])
def test_the_moved_video_is_taken_before_a_deleted_one_of_its_content(tmp_path, capsys, monkeypatch, old_time):
    use_encoder(monkeypatch, FixedTextEncoder)
    a, b, lib = tmp_path / "A", tmp_path / "B", tmp_path / "lib"
    write_video(a / "red.mp4", [Segment(2, "red")], seed=0)
    os.utime(a / "red.mp4", (1_700_000_100, 1_700_000_100))
    b.mkdir()
    shutil.copyfile(a / "red.mp4", b / "old red.mp4")  # (the same content: a copy made later, or by cp -p)
    os.utime(b / "old red.mp4", (old_time, old_time))
    write_video(b / "white.mp4", [Segment(2, "white")], seed=9)
    write_video(b / "blue.mp4", [Segment(2, "blue")], seed=5)
    for folder in (a, b):
        assert run_cli(capsys, "index", folder, "--library", lib, "-q")[0] == 0
    caps = tmp_path / "caps.csv"
    caps.write_text("video,start,end,text\nA/red.mp4,0,2,a brick wall painted red\n")
    assert run_cli(capsys, "captions-import", caps, "--library", lib)[0] == 0
    red = _ids(lib)["A/red.mp4"]
    os.remove(b / "old red.mp4")
    code, _, err = run_cli(capsys, "index", b, "--library", lib)
    assert code == 0 and "1 removed" in err and "kept by its content" in err, err
    os.rename(a / "red.mp4", b / "red.mp4")  # (its time kept, as a move keeps it)
    code, _, err = run_cli(capsys, "index", b, "--library", lib)
    assert code == 0 and "1 moved" in err, err
    assert _ids(lib)["B/red.mp4"] == red  # (old: the deleted old red.mp4's video)
    code, _, err = run_cli(capsys, "index", a, "--library", lib)
    assert code == 0 and "removed" not in err.replace("0 removed", ""), err
    ids = _ids(lib)
    assert ids["B/red.mp4"] == red and len(ids) == 3, ids
    with VideoLibrary(str(lib), read_only=True) as library:
        assert [c.text for c in library.caption_table.read(red)] == ["a brick wall painted red"]
