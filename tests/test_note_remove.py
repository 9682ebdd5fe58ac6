"""A note written on the wrong clip, or with a typo, could not be taken back from the CLI: `seekframe
note FILE@T ""` was refused "a note needs some text" and no other way was there (s58 h.md). `seekframe
note FILE@TIME --remove [WORDS]` removes the note on that moment (FILE alone: on the whole video), the
one WORDS names where it has several; from the captions table and, by a line saying so, from
notes.jsonl, so that no repair or re-index puts it back. It loads no model."""

from __future__ import annotations

import shutil

import pytest

from core import cli_models
from core.cli import main
from core.library import VideoLibrary, notes_journal


def _notes(lib) -> list[tuple[str, float]]:
    with VideoLibrary(lib, read_only=True) as library:
        return sorted((c.text, c.start) for c in library.caption_table.read(with_vectors=False) if c.source == "note")


def _no_model(*_a, **_k):
    raise AssertionError("a note's removal loaded the model")


def _remove(lib, *words) -> int:
    """``seekframe note WORDS --library lib``, where loading the model fails the test."""
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(cli_models, "text_encoder", _no_model)
        return main(["note", *words, "--library", str(lib)])


def test_a_note_is_removed_and_nothing_puts_it_back(noted_library, capsys):
    videos, lib = noted_library
    assert [t for t, _ in _notes(lib)] == ["our red wall"]
    assert _remove(lib, f"{videos / 'red.mp4'}@1", "--remove") == 0
    out = capsys.readouterr().out
    assert 'Note removed from' in out and '"our red wall"' in out, out
    assert _notes(lib) == []
    assert notes_journal.latest(lib) == {} and notes_journal.journal_ids(lib) == set()
    with VideoLibrary(lib) as library:  # (a writer's open, and repair's put-back, read the journal)
        assert notes_journal.restore(library) == (0, 0)
    assert _notes(lib) == []
    assert main(["captions", f"{videos / 'red.mp4'}@1", "--library", str(lib)]) == 0
    assert "our red wall" not in capsys.readouterr().out


def test_a_moment_with_several_notes_names_the_one_to_remove(noted_library, capsys):
    videos, lib = noted_library
    red = f"{videos / 'red.mp4'}@1"
    assert main(["note", red, "a red brick", "--library", str(lib)]) == 0
    capsys.readouterr()
    assert _remove(lib, red, "--remove") == 2  # (which one? nothing removed)
    err = capsys.readouterr().err
    assert "has 2 notes" in err and '"our red wall"' in err and '"a red brick"' in err and "Nothing was removed" in err
    assert [t for t, _ in _notes(lib)] == ["a red brick", "our red wall"]
    assert _remove(lib, red, "--remove", "a", "red", "brick") == 0  # (its words after --remove, unquoted)
    assert [t for t, _ in _notes(lib)] == ["our red wall"]
    assert _remove(lib, "--remove", red, "our red wal") == 2  # (a typo in the words: nothing removed)
    assert 'has no note "our red wal"' in capsys.readouterr().err
    assert [t for t, _ in _notes(lib)] == ["our red wall"]


def test_a_whole_video_note_is_removed_by_file_alone(noted_library, capsys):
    videos, lib = noted_library
    assert main(["note", str(videos / "red.mp4"), "the whole afternoon", "--library", str(lib)]) == 0
    assert _remove(lib, str(videos / "red.mp4"), "--remove") == 0
    assert [t for t, _ in _notes(lib)] == ["our red wall"]  # (the moment's note stays)


def test_a_note_is_removed_by_the_name_of_an_identical_copy(noted_library, capsys, colour_model):
    videos, lib = noted_library  # (``captions`` of the copy lists the note as on its clip too)
    shutil.copyfile(videos / "red.mp4", videos / "red copy.mp4")
    assert main(["index", str(videos), "--library", str(lib), "--model", colour_model, "-q"]) == 0
    assert main(["captions", f"{videos / 'red copy.mp4'}@1", "--library", str(lib)]) == 0
    assert "On this clip:" in capsys.readouterr().out
    assert _remove(lib, f"{videos / 'red copy.mp4'}@1", "--remove") == 0
    assert _notes(lib) == []


def test_a_note_on_an_offline_video_is_removed(noted_library, capsys):
    videos, lib = noted_library
    shutil.move(videos, videos.parent / "unplugged")  # (its drive away: the library keeps its videos)
    assert _remove(lib, f"{videos / 'red.mp4'}@1", "--remove") == 0
    assert _notes(lib) == []


def test_a_typo_in_the_clip_removes_nothing_and_says_so(noted_library, capsys):
    videos, lib = noted_library
    assert _remove(lib, f"{videos / 'rde.mp4'}@1", "--remove") == 2
    assert "rde.mp4" in capsys.readouterr().err
    assert _remove(lib, f"{videos / 'blue.mp4'}@1", "--remove") == 2  # (a clip with no note)
    assert "has no note; nothing was removed" in capsys.readouterr().err
    assert _remove(lib, f"{videos / 'red.mp4'}@99", "--remove") == 2  # (past its end)
    assert "outside" in capsys.readouterr().err
    assert [t for t, _ in _notes(lib)] == ["our red wall"]


def test_a_note_without_words_and_without_remove_is_refused_naming_remove(capsys):
    assert main(["note", "red.mp4@1", ""]) == 2
    assert "a note needs some text (to remove the note there: seekframe note FILE@TIME --remove)" in capsys.readouterr().err
    assert main(["note", "--help"]) == 0
    assert "--remove" in capsys.readouterr().out


def _intermixed_without_coming_back(mp) -> None:
    """argparse as Python 3.12.8 and 3.13.1 have it: its intermixed parse no longer calls the parser's own
    ``parse_known_args`` (3.11's does), so nothing the override records may depend on that call."""
    import argparse

    from core.cli_types import CommandParser

    mixed = argparse.ArgumentParser.parse_known_intermixed_args

    def parse(self, args=None, namespace=None):
        with pytest.MonkeyPatch.context() as inner:
            inner.setattr(CommandParser, "parse_known_args", argparse.ArgumentParser.parse_known_args)
            return mixed(self, args, namespace)

    mp.setattr(argparse.ArgumentParser, "parse_known_intermixed_args", parse)


@pytest.mark.parametrize("newer_argparse", [False, True])
def test_a_dash_word_in_a_removal_is_advised_with_its_own_command_line(capsys, newer_argparse):
    """s58 rv_8 #5: ``note -x --remove``'s advice was read from the words argparse's intermixed parse
    handed back (3.11: "seekframe note -- -x", --remove dropped), or, where that parse does not come
    back (3.12.8, 3.13.1), from the command line parsed before (none said)."""
    with pytest.MonkeyPatch.context() as mp:
        if newer_argparse:
            _intermixed_without_coming_back(mp)
        assert main(["search", "-y", "--json"]) == 2  # (a command line parsed before)
        capsys.readouterr()
        assert main(["note", "-x", "--remove"]) == 2
    err = capsys.readouterr().err
    assert 'goes after "--": seekframe note --remove -- -x' in err, err
