"""A file's name with spaces typed without quotes, as a new user pastes it from a result line
(``seekframe similar ~/Videos/bird copy.mkv``): argparse said "unrecognized arguments: copy.mkv", and
``note`` took "copy.mkv@1 hello" for the note's text, then said ~/Videos/bird is no file. Each says
now that the name goes in quotes, with the command line to type, where the words joined name a file
there (s57 j.md). Nothing is done meanwhile: exit 2."""

from __future__ import annotations

import shlex

import pytest

from core.cli import build_parser, main


def _error(capsys, *argv) -> str:
    assert main([str(a) for a in argv]) == 2
    return capsys.readouterr().err.strip().splitlines()[-1]


@pytest.fixture
def clip(tmp_path):
    (folder := tmp_path / "my videos").mkdir()
    (path := folder / "bird copy.mkv").write_bytes(b"x")
    return path


@pytest.mark.parametrize("command,at", [(["similar"], ""), (["captions"], "@1"), (["similar", "-k", "1"], "@1:05"),
                                        (["similar", "-v"], ""), (["captions-import"], "")])
def test_a_spaced_name_typed_without_quotes_is_told_to_go_in_quotes(capsys, clip, command, at):
    name = f"{clip}{at}"
    err = _error(capsys, *command, *name.split(" "), "--library", clip.parent / "lib")
    again = " ".join(shlex.quote(a) for a in [*command, name, "--library", str(clip.parent / "lib")])
    assert err.endswith(f"(a name with spaces goes in quotes: seekframe {again})"), err
    build_parser().parse_args(shlex.split(again))  # (what it says to type reads)


def test_a_note_on_a_spaced_name_typed_without_quotes_is_refused_with_the_line_to_type(capsys, clip):
    lib = shlex.quote(str(clip.parent / "lib"))
    err = _error(capsys, "note", *f"{clip}@1".split(" "), "hello", "there", "--library", clip.parent / "lib")
    assert err.endswith(f"a name with spaces goes in quotes: seekframe note {shlex.quote(f'{clip}@1')} hello there "
                        f"--library {lib}"), err
    err = _error(capsys, "--library", clip.parent / "lib", "note", "-v", *f"{clip}@1".split(" "), "hello")
    assert err.endswith(f"quotes: seekframe --library {lib} note -v {shlex.quote(f'{clip}@1')} hello"), err
    assert not (clip.parent / "lib").exists()  # (rv_5 finding 2: the line said dropped --library: the default library)


def test_a_name_that_is_there_or_joins_to_none_is_left_alone(clip):
    from core.cli_types import spaced_name

    assert spaced_name([str(clip), "more"]) is None  # (the first word names the file itself)
    assert spaced_name([str(clip.parent / "bird"), "other.mkv"]) is None
    assert spaced_name(str(clip).split(" ")) == str(clip)


def test_an_index_of_a_spaced_folder_typed_without_quotes_says_the_line_to_type(capsys, clip, tmp_path):
    """``seekframe index ~/my videos`` (s58 h.md): said only "~/my does not exist", the one command whose
    names with spaces got no quotes advice; now each such name in the line is quoted, nothing indexed."""
    (other := tmp_path / "old phone").mkdir()
    lib = tmp_path / "lib"
    err = _error(capsys, "index", "-q", "--library", lib, *str(clip.parent).split(" "), *str(other).split(" "))
    again = " ".join(shlex.quote(a) for a in ["index", "-q", "--library", str(lib), str(clip.parent), str(other)])
    assert err == (f"seekframe: {str(clip.parent).split(' ')[0]} does not exist, but {shlex.quote(str(clip.parent))} "
                   f"does: a name with spaces goes in quotes: seekframe {again}. Nothing was indexed."), err
    assert not lib.exists()
    build_parser().parse_args(shlex.split(again))  # (what it says to type reads)


def test_each_spaced_name_of_a_line_is_quoted_in_the_advice(capsys, clip, tmp_path):
    """The names split by an option (argparse left the second over): both quoted, not the first alone."""
    (other := tmp_path / "old phone").mkdir()
    lib = tmp_path / "lib"
    err = _error(capsys, "index", "-q", *str(clip.parent).split(" "), "--library", lib, *str(other).split(" "))
    again = " ".join(shlex.quote(a) for a in ["index", "-q", str(clip.parent), "--library", str(lib), str(other)])
    assert err.endswith(f"(a name with spaces goes in quotes: seekframe {again})"), err
    assert not lib.exists()


def test_an_index_of_a_missing_folder_whose_words_join_to_none_is_said_missing(capsys, tmp_path):
    err = _error(capsys, "index", str(tmp_path / "no"), "such", "--library", tmp_path / "lib")
    assert err.startswith(f"seekframe: {tmp_path / 'no'} does not exist. Check the path"), err


@pytest.mark.parametrize("command", [["search", "a", "bottle"], ["similar", "clip.mkv"]])
def test_a_spaced_folder_given_to_an_option_without_quotes_is_told_to_go_in_quotes(capsys, clip, command):
    """``search a bottle --folder ~/my videos`` (s58 h.md) was told to type ``search a bottle videos --folder
    ~/my``: the folder's second word moved into the query. The folder's name goes in quotes now."""
    folder = str(clip.parent)
    err = _error(capsys, *command, "--folder", *folder.split(" "), "-k", "2")
    again = " ".join(shlex.quote(a) for a in [*command, "--folder", folder, "-k", "2"])
    assert err.endswith(f"(a name with spaces goes in quotes: seekframe {again})"), err
    build_parser().parse_args(shlex.split(again))


def test_a_note_without_its_words_says_where_they_go_and_how_to_take_one_back(capsys, clip):
    """s60: `seekframe note FILE@T` (no words: a new user looking for the clip's note, or about to write one)
    said only "the following arguments are required: WORDS"."""
    err = _error(capsys, "note", f"{clip}@1")
    typed = shlex.quote(f"{clip}@1")
    assert err.endswith(f"required: WORDS (the note's words come after the clip: seekframe note {typed} 'your words'; "
                        f"to take back the note there: seekframe note {typed} --remove)"), err
