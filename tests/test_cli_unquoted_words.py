"""A query typed without quotes (``seekframe search red car -k 3``, as a new user types it) was
refused: argparse took "red" for the query and said "unrecognized arguments: car", exit 2. Its
words are the query now, joined by a space as quotes give them; a note's text the same
(``seekframe note clip.mp4@3 Rex first catch``). Quoted, nothing changes."""

from __future__ import annotations

import pytest

from core.cli import build_parser
from tests.cli_run import run_cli


@pytest.mark.parametrize("argv,query", [
    (["search", "red", "car", "-k", "3"], "red car"),
    (["search", "-k", "3", "a", "dog", "on", "the", "beach"], "a dog on the beach"),
    (["search", "a dog on the beach", "--videos"], "a dog on the beach"),
    (["search", "red", "car", "--", "-x"], "red car -x"),
])
def test_a_query_s_words_without_quotes_are_the_query(argv, query):
    assert build_parser().parse_args(argv).query == query


def test_a_note_s_words_without_quotes_are_its_text():
    args = build_parser().parse_args(["note", "/v/clip.mp4@3", "Rex", "first", "catch"])
    assert (args.clip, args.text) == ("/v/clip.mp4@3", "Rex first catch")


def test_an_unquoted_query_searches_and_an_unquoted_note_is_found(noted_library, capsys):
    videos, lib = noted_library
    code, out, err = run_cli(capsys, "note", f"{videos / 'blue.mp4'}@1", "our", "blue", "door", "--library", lib)
    assert code == 0, out + err
    code, out, err = run_cli(capsys, "captions", f"{videos / 'blue.mp4'}@1", "--library", lib)
    assert code == 0 and "our blue door" in out, out + err
    code, out, err = run_cli(capsys, "search", "our", "red", "wall", "-k", "1", "--library", lib)
    assert code == 0 and "red.mp4" in out and "unrecognized" not in err, out + err
