"""A search whose query is a video file's path (``seekframe search ~/Videos/beach.mp4``: the user
meant "clips like this one") is searched as words, as before, and now says that ``similar`` is
the command for it; other queries say nothing of the kind."""

from __future__ import annotations

import pytest

from tests.cli_run import FixedTextEncoder, run_cli, use_encoder
from tests.videos import Segment, write_video


@pytest.fixture
def library(tmp_path, capsys, monkeypatch):
    use_encoder(monkeypatch, FixedTextEncoder)
    write_video(tmp_path / "videos" / "beach.mp4", [Segment(4, "yellow")], seed=1)
    assert run_cli(capsys, "index", tmp_path / "videos", "--library", tmp_path / "lib")[0] == 0
    return tmp_path


def test_a_query_that_is_a_videos_path_points_to_similar(library, capsys, monkeypatch):
    monkeypatch.chdir(library)
    for query in ("videos/beach.mp4", "videos/beach.mp4@0:02"):
        code, out, err = run_cli(capsys, "search", query, "--library", library / "lib")
        assert code == 0 and "beach.mp4" in out, out  # still searched as words
        assert f"{query} is a video file, searched here as words; clips like it: seekframe similar {query}" in err, err
    code, out, err = run_cli(capsys, "search", "videos/beach.mp4", "--library", library / "lib", "--json")
    assert code == 0 and "similar" not in err and out.lstrip().startswith("[")  # (JSON: nothing said)


def test_other_queries_get_no_such_advice(tmp_path, monkeypatch):
    from core.cli_print import path_query_hint

    monkeypatch.chdir(tmp_path)
    (tmp_path / "dog").write_text("")  # a file, but no video's name
    (tmp_path / "notes.txt").write_text("")
    for query in ("dog", "notes.txt", "a dog.mp4 on the beach", "missing.mp4", "x.mp4@nan"):
        assert path_query_hint(query) == "", query
