"""The window's captions panel listed the captions and notes of videos the library no longer holds
(their folder removed, their file pruned: kept in the captions table so that the video's content,
indexed again, finds them; ``notes_journal.relink``), labelled "on a video no longer in the
library", while ``seekframe captions`` lists none of them (d53fbe3). A removed folder's videos are
gone from every search the user makes, so the panel now leaves their captions out too: the window
and the command list the same captions of a clip."""

from __future__ import annotations

import json
from types import SimpleNamespace

import pytest

from app import engine
from core.library import VideoLibrary
from core.search import Searcher
from tests.cli_run import FixedTextEncoder, run_cli, use_encoder
from tests.videos import Segment, write_video

RED_WORDS = "a brick wall painted red"
WHITE_WORDS = "a white sheet on a line"


@pytest.mark.slow
def test_the_window_and_the_command_leave_out_a_removed_videos_captions(tmp_path, capsys, monkeypatch):
    use_encoder(monkeypatch, FixedTextEncoder)
    a, b, lib = tmp_path / "A", tmp_path / "B", tmp_path / "lib"
    write_video(a / "red.mp4", [Segment(2, "red")], seed=0)
    write_video(b / "white.mp4", [Segment(2, "white")], seed=9)
    assert run_cli(capsys, "index", a, b, "--library", lib, "-q")[0] == 0
    caps = tmp_path / "caps.csv"
    caps.write_text(f"video,start,end,text\nred.mp4,0,2,{RED_WORDS}\nwhite.mp4,0,2,{WHITE_WORDS}\n")
    assert run_cli(capsys, "captions-import", caps, "--library", lib)[0] == 0
    assert run_cli(capsys, "forget", a, "--library", lib)[0] == 0  # (red's caption stays in the table)

    code, out, err = run_cli(capsys, "captions", b / "white.mp4", "--library", lib, "--json")
    assert code == 0, err
    by_command = [c["text"] for c in json.loads(out)]
    with VideoLibrary(str(lib), read_only=True) as library:
        white = next(v for v in library.video_table.all() if v.path.endswith("white.mp4"))
        moment = library.moment_table.of(white.video_id)[0]
        result = SimpleNamespace(path=white.path, moment_id=moment.moment_id, start=moment.start, end=moment.end)
        in_window = [c.text for c in engine.similar_captions(Searcher(library, None), result, k=20)]
    assert by_command == [WHITE_WORDS]
    assert in_window == by_command  # (old: red's caption listed too, "on a video no longer in the library")
