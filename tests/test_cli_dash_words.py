"""Usage errors as a user meets them: a query or note that starts with "-" (argparse takes it for
an option it does not know, then says the text is missing) is told how to give it; a bad
``--min-duration`` is asked for a length, not for a time in a clip."""

from __future__ import annotations

import shlex

import pytest

from core.cli import build_parser, main


def _error(capsys, *argv) -> str:
    assert main(list(argv)) == 2
    return capsys.readouterr().err.strip().splitlines()[-1]


@pytest.mark.parametrize("argv,again", [
    (["search", "-x"], "seekframe search -- -x"),
    (["search", "-x", "-k", "3"], "seekframe search -k 3 -- -x"),
    (["note", "/v/a.mp4@3", "-loud"], "seekframe note /v/a.mp4@3 -- -loud"),
    # options given before the command are kept in what it says to type (they were dropped)
    (["--library", "/tmp/my lib", "search", "-x"], "seekframe --library '/tmp/my lib' search -- -x"),
    (["--model", "m", "search", "-x", "-k", "3"], "seekframe --model m search -k 3 -- -x"),
])
def test_a_text_that_starts_with_a_dash_is_told_to_go_after_double_dash(capsys, argv, again):
    err = _error(capsys, *argv)
    # it said only "the following arguments are required: query"
    command = next(a for a in argv if a in ("search", "note"))
    i = argv.index(command)
    assert err.startswith(f"seekframe {command}: error: the following arguments are required"), err
    assert f'a text that starts with "-" goes after "--": {again})' in err, err
    args = build_parser().parse_args(shlex.split(again)[1:])  # what it says to type reads the text back
    assert (args.query if command == "search" else args.text) == argv[i + 1 if command == "search" else i + 2]


@pytest.mark.parametrize("argv", [
    ["search", "-k", "3"],  # no text at all: nothing to say about a dash
    ["search", "--fold", "/v"],  # an abbreviation argparse took for --folder
    ["search", "-k3"],
    ["search", "--after=2024-01-01"],
])
def test_an_option_it_knows_gets_no_dash_advice(capsys, argv):
    err = _error(capsys, *argv)
    assert err == "seekframe search: error: the following arguments are required: WORDS", err


def test_a_bad_duration_asks_for_a_length_not_a_time_in_a_clip(capsys):
    err = _error(capsys, "search", "x", "--min-duration", "-5")
    # it said "use seconds from the start of the clip, like 75, 75.5 or 1:15"
    assert "'-5' is not a duration: use a length in seconds, like 75, 75.5, 1:15 or 1m15s" in err, err
    assert "start of the clip" not in err, err


@pytest.mark.parametrize("argv,again", [
    # a folder named "-clips": ``index`` takes folders, so argparse said only "unrecognized arguments"
    (["index", "-clips"], "seekframe index -- -clips"),
    (["index", "-clips", "--library", "/tmp/my lib"], "seekframe index --library '/tmp/my lib' -- -clips"),
    (["--library", "/l", "index", "a", "-clips"], "seekframe --library /l index a -- -clips"),
    (["forget", "a", "-clips"], None),  # (one folder: "--" would not read it either, so no advice)
    (["status", "-clips"], None),
])
def test_a_folder_name_that_starts_with_a_dash_is_told_to_go_after_double_dash(capsys, argv, again):
    err = _error(capsys, *argv)
    assert err.startswith("seekframe: error: unrecognized arguments: -clips"), err
    if again is None:
        assert "goes after" not in err, err
        return
    assert f'a name that starts with "-" goes after "--": {again})' in err, err
    args = build_parser().parse_args(shlex.split(again)[1:])  # what it says to type reads the folder back
    assert args.paths[-1] == "-clips"


@pytest.mark.parametrize("argv,given", [
    (["search", "red", "--folder", "-clips"], "--folder=-clips"),
    (["index", "a", "--library", "-lib"], "--library=-lib"),
    (["search", "red", "--folder", "-k", "3"], None),  # (an option after it: the folder missing, no advice)
])
def test_an_option_value_that_starts_with_a_dash_is_told_to_go_with_equals(capsys, argv, given):
    err = _error(capsys, *argv)
    assert err.endswith("expected one argument" if given is None else
                        f'expected one argument (a value that starts with "-" is given with "=": {given})'), err
    if given is not None:  # (what it says to type reads the value back)
        i = argv.index(given.split("=")[0])
        args = build_parser().parse_args([*argv[:i], given, *argv[i + 2:]])
        assert (args.folder if "folder" in given else args.library) == given.split("=", 1)[1]
