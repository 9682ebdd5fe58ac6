"""The advice a usage error gives for a text that starts with "-" (type it after "--") is given
only when what it says to type parses: ``seekframe note -x`` (both the clip and the text missing)
advised ``seekframe note -- -x``, which failed again, "-x" taken as the clip and the text still
missing."""

from __future__ import annotations

import shlex

import pytest

from core.cli import build_parser, main

ADVICE = 'a text that starts with "-" goes after "--": '


def _error(capsys, *argv) -> str:
    assert main(list(argv)) == 2
    return capsys.readouterr().err.strip().splitlines()[-1]


def test_note_with_only_a_dash_word_gets_no_advice_that_fails_again(capsys):
    err = _error(capsys, "note", "-x")
    assert err == "seekframe note: error: the following arguments are required: FILE[@TIME], WORDS", err


@pytest.mark.parametrize("argv", [
    ["note", "-x"], ["note", "-x", "a.mp4"], ["note", "a.mp4", "-x"], ["search", "-x"],
    ["note", "-x", "-y"], ["--library", "/l", "note", "-x", "a.mp4@2"], ["search", "-x", "-k", "0"],
])
def test_whatever_it_advises_reads_the_text_back(capsys, argv):
    err = _error(capsys, *argv)
    if ADVICE not in err:
        return
    again = err.split(ADVICE, 1)[1].rstrip(")")
    args = build_parser().parse_args(shlex.split(again)[1:])  # (exits 2 on a usage error: the test fails)
    word = next(a for a in argv if a.startswith("-") and a not in ("--library", "-k"))
    assert word == (args.query if args.command == "search" else args.text)


def test_the_trial_parse_leaves_no_output_and_the_parser_usable(capsys):
    assert _error(capsys, "note", "-x").endswith("FILE[@TIME], WORDS")
    assert "goes after" in _error(capsys, "note", "a.mp4", "-x")
    assert capsys.readouterr() == ("", "")
