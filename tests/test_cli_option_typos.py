"""An option mistyped (``seekframe index --lbrary L ~/Videos``, ``search --vidoes dog``, ``status --jsn``)
was answered with argparse's bare "unrecognized arguments: --vidoes", or, for ``index``, which takes
folders, with advice to pass the typo as a folder's name after "--" (``seekframe index ~/Videos --
--lbrary``): a new user's typo read as a folder. The option it is close to is named now, with where
the command's options are listed; a word close to none keeps the "--" advice."""

from __future__ import annotations

import shlex

import pytest

from core.cli import main


def _error(capsys, *argv) -> str:
    assert main(list(argv)) == 2
    return capsys.readouterr().err.strip().splitlines()[-1]


@pytest.mark.parametrize("argv,meant", [
    (["index", "--lbrary", "/tmp/lib", "/tmp/videos"], "--library"),
    (["index", "/tmp/videos", "--reindx"], "--reindex"),
    (["search", "--vidoes", "dog"], "--videos"),
    (["search", "dog", "--libary=/tmp/lib"], "--library"),
    (["similar", "--momnets", "/v/a.mp4"], "--moments"),
    (["status", "--jsn"], "--json"),
    (["--library", "/tmp/lib", "search", "dog", "--min-durration", "5"], "--min-duration"),
])
def test_a_mistyped_option_is_told_the_option_it_is_close_to(capsys, argv, meant):
    err = _error(capsys, *argv)
    command = next(a for a in argv if a in ("index", "search", "similar", "status"))
    assert f"(did you mean {meant}? `seekframe {command} --help` lists its options)" in err, err
    assert "goes after" not in err, err


@pytest.mark.parametrize("argv,typed,meant", [
    (["--lbrary", "/tmp/lib", "status"], "--lbrary", "--library"),
    (["--lbrary=/tmp/lib", "status"], "--lbrary=/tmp/lib", "--library"),
    (["--modle", "/tmp/m", "search", "dog"], "--modle", "--model"),
    (["--lbrary", "/tmp/lib"], "--lbrary", "--library"),
])
def test_a_mistyped_option_before_the_command_is_told_the_option_too(capsys, argv, typed, meant):
    """`seekframe --lbrary x status` got argparse's raw "invalid choice: 'x' (choose from 'index', ...)":
    the typo's value read as a command, the typo never named."""
    err = _error(capsys, *argv)
    assert err == (f"seekframe: error: unrecognized arguments: {typed} (did you mean {meant}? `seekframe --help` "
                   "lists its options)"), err


def test_a_folder_named_with_a_dash_still_gets_the_dash_advice(capsys):
    err = _error(capsys, "index", "-clips")
    assert 'goes after "--": seekframe index -- -clips' in err and "did you mean" not in err, err


@pytest.mark.parametrize("argv,again", [
    # a command's option given before the command: argparse said only "unrecognized arguments: -v",
    # or took the option's value for the command ("invalid choice: '3'")
    (["-v", "status"], "seekframe status -v"),
    (["--json", "status"], "seekframe status --json"),
    (["-k", "3", "search", "dog"], "seekframe search -k 3 dog"),
    (["--library", "/tmp/my lib", "-q", "index"], "seekframe --library '/tmp/my lib' index -q"),
])
def test_a_command_s_option_before_the_command_is_told_to_go_after_it(capsys, argv, again):
    err = _error(capsys, *argv)
    assert f"after the command: {again})" in err, err
    import shlex

    from core.cli import build_parser

    build_parser().parse_args(shlex.split(again)[1:])  # (what it says to type reads: exits 2 otherwise)


@pytest.mark.parametrize("argv,advice", [
    (["help"], "(`seekframe --help` lists the commands, `seekframe COMMAND --help` a command's options)"),
    (["help", "search"], "(`seekframe search --help` gives its options and examples)"),
    (["statu"], "(did you mean status?)"),
    (["serach", "dog"], "(did you mean search?)"),
    # (the command typed after its words: "invalid choice: 'a car'" alone, the command line's order never said)
    (["a car", "search", "-k", "3"], "(the command comes first: seekframe search 'a car' -k 3)"),
    (["--library", "L", "clip.mp4@1:12", "similar"], "(the command comes first: seekframe --library L similar clip.mp4@1:12)"),
    # (words close to a command's name, "red car" to repair, beach to search: the order said, no "did you mean")
    (["red car", "search"], "(the command comes first: seekframe search 'red car')"),
    (["beach", "search", "-k", "3"], "(the command comes first: seekframe search beach -k 3)"),
    (["beach", "search", "--no-such"], "(the command comes first: `seekframe search --help` gives its options and "
                                       "examples)"),
    # (a typo of a command, one letter changed, added, dropped or swapped, followed by a query word that is a
    # command's name: the typo said, not a line running that other command with the typo as its file)
    (["serach", "a", "note", "on", "the", "fridge"], "(did you mean search?)"),
    (["serach", "how", "to", "index"], "(did you mean search?)"),
    (["serch", "kids", "demo", "day"], "(did you mean search?)"),
    (["statu", "index"], "(did you mean status?)"),
])
def test_a_command_that_is_none_is_told_what_to_type(capsys, argv, advice):
    assert _error(capsys, *argv).endswith(advice)


def test_similar_takes_videos_as_search_does(capsys):
    """``similar`` lists one line a video already; a user who types ``--videos`` as for ``search`` was refused
    ("unrecognized arguments: --videos", no advice). It is taken, the default; with ``--moments`` refused."""
    from core.cli import build_parser

    args = build_parser().parse_args(["similar", "clip.mp4@1", "--videos"])
    assert args.videos and not args.moments
    assert not build_parser().parse_args(["similar", "clip.mp4@1"]).moments
    err = _error(capsys, "similar", "clip.mp4@1", "--videos", "--moments")
    assert "not allowed with argument" in err and "--videos" in err, err


def test_words_after_a_clip_are_told_with_the_commands_own_usage(capsys):
    """fr_2 (low): `captions FILE@1 red wall` printed seekframe's top-level usage ("[COMMAND ...]") and a bare
    "unrecognized arguments: red wall". The command's own usage now, and what the words could be meant for,
    each line as typed with its options, given only where it reads."""
    from core.cli import build_parser

    assert main(["captions", "/v/my clip.mp4@1", "red", "wall", "--library", "/tmp/L"]) == 2
    err = capsys.readouterr().err
    assert err.startswith("usage: seekframe captions ") and "[COMMAND ...]" not in err, err
    said = err.strip().splitlines()[-1]
    assert said.startswith("seekframe: error: unrecognized arguments: red wall (captions takes one clip"), said
    search = "seekframe search 'red wall' --library /tmp/L"
    note = "seekframe note '/v/my clip.mp4@1' 'red wall' --library /tmp/L"
    assert said.endswith(f"to search for them: {search}; to add them as a note on that clip: {note})"), said
    for line in (search, note):
        assert build_parser().parse_args(shlex.split(line)[1:]).library == "/tmp/L"
    assert main(["--library", "/tmp/L", "similar", "/v/a.mp4@1", "-k", "3", "red"]) == 2  # (note takes no -k)
    assert capsys.readouterr().err.strip().endswith("to search for them: seekframe --library /tmp/L search red -k 3)")
