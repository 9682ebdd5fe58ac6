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



def _error(capsys, *argv) -> str:
    from core.cli import main

    assert main(list(argv)) == 2
    return capsys.readouterr().err.strip()


@pytest.mark.parametrize("argv,again", [
    (["search", "red", "-k", "3", "car"], "search red car -k 3"),
    (["search", "dog", "--videos", "beach"], "search dog beach --videos"),
    (["search", "dog", "--library", "L", "cat"], "search dog cat --library L"),
    (["--library", "L", "search", "-k3", "dog", "--folder", "/v", "big", "cat"],
     "--library L search -k3 dog big cat --folder /v"),
    (["note", "/v/clip.mp4@3", "great", "-v", "catch"], "note /v/clip.mp4@3 great catch -v"),
    (["index", "/a", "-q", "/b"], "index /a /b -q"),
])
def test_words_split_by_an_option_are_told_to_go_together(capsys, argv, again):
    """(rv_5 finding 1) '-k' was said to be no option, and the line it gave, `search red 3 car -- -k`,
    searched "red 3 car -k"; `--library L` between them got no advice. They are not joined as typed
    either: `search dog -k 3 5` may have meant -k 35."""
    err = _error(capsys, *argv).splitlines()[-1]
    assert "is no option" not in err and err.endswith(f"go together: seekframe {again})"), err
    build_parser().parse_args(again.split())  # (what it says to type reads)


def test_an_empty_word_among_the_words_is_refused(capsys):
    """(rv_5 finding 5) `search dog "$UNSET"` searched "dog "; the usage said query [query ...]."""
    assert 'one of the words of the query is empty ("")' in _error(capsys, "search", "dog", "")
    assert 'one of the words of the note is empty ("")' in _error(capsys, "note", "/v/clip.mp4@3", "", "hi")
    assert "WORDS [WORDS ...]" in _error(capsys, "search")
    assert "FILE[@TIME] WORDS [WORDS ...]" in _error(capsys, "note", "/v/clip.mp4@3")
