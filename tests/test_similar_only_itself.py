"""``similar`` that finds nothing because every video that passes the filters (or the library's
only video) is the clip's own or a byte-identical copy of it, which it leaves out, says so: it
said only "No results." (or nothing at all with the filters passed), and the user could not tell
the filters from the search."""

from __future__ import annotations

import shutil

import pytest

from tests.cli_run import FixedTextEncoder, run_cli, use_encoder
from tests.videos import Segment, write_video


@pytest.fixture
def library(tmp_path, capsys, monkeypatch):
    use_encoder(monkeypatch, FixedTextEncoder)
    videos = tmp_path / "videos"
    write_video(videos / "red.mp4", [Segment(4, "red")], seed=1)
    (videos / "backup").mkdir()
    shutil.copyfile(videos / "red.mp4", videos / "backup" / "red.mp4")
    write_video(videos / "blue.mp4", [Segment(4, "blue")], seed=2)
    assert run_cli(capsys, "index", videos, "--library", tmp_path / "lib")[0] == 0
    return tmp_path


def test_only_the_clips_copies_passing_the_filters_is_said(library, capsys):
    v, lib = library / "videos", library / "lib"
    code, out, err = run_cli(capsys, "similar", v / "red.mp4", "--folder", v / "backup", "--library", lib)
    assert (code, out) == (0, "No results.\n")
    assert err == "Only this clip's own video and its identical copies pass the filters, and similar leaves them out.\n"
    code, out, err = run_cli(capsys, "similar", v / "blue.mp4", "--folder", v / "blue.mp4", "--library", lib)
    assert err == "Only this clip's own video passes the filters, and similar leaves it out.\n"


def test_a_similar_that_finds_others_says_nothing_of_it(library, capsys):
    v, lib = library / "videos", library / "lib"
    code, out, err = run_cli(capsys, "similar", v / "red.mp4", "--library", lib)
    left_out = "Its identical copy backup/red.mp4 is left out: the same video, not one like it.\n"  # (2388e00)
    assert code == 0 and "blue.mp4" in out and err == left_out, err
    code, out, err = run_cli(capsys, "similar", v / "red.mp4", "--folder", v / "nowhere", "--library", lib)
    assert "Only this clip" not in err and "passes --folder" in err, err  # (what the filters let through, as before)
