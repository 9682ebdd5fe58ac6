"""A note removed with `seekframe note FILE@T --remove` came back (s58 rv_8 #1): the removal only added a
line `{"caption_id": X, "removed": true}` to notes.jsonl, after the note's own line. The release before
skips a line it cannot read as a note, so it found the note's earlier line, put the note back in the
captions table at its first writer's open (any `seekframe index`, the window's open), and this release
then kept it for good; the note's words also stayed in notes.jsonl in plain text, where the README said
they were gone. Now the note's lines leave the journal (rewritten whole, atomically), only the line
saying it was removed stays, and each writer's open finishes a removal cut short (or undone by an older
release) from that line: a journal-driven repair."""

from __future__ import annotations

import json

from core.cli import main
from core.library import VideoLibrary, notes_journal
from tests.test_note_remove import _notes, _remove
from tests.test_notes_journal import cut_short

NOTE = "our red wall"


def _lines(lib) -> list[str]:
    return (lib / notes_journal.JOURNAL).read_text(encoding="ascii").splitlines()


def _older_release_notes(lib) -> dict[str, str]:
    """What the release before the ``removed`` line reads as notes (its ``latest``: each line that
    reads as a note, the last of an id winning; any other line skipped) -> caption id: text."""
    out = {}
    for line in _lines(lib):
        try:
            entry = json.loads(line)
            notes_journal.record(entry)
        except (ValueError, KeyError, TypeError, AttributeError):
            continue
        out[entry["caption_id"]] = entry["text"]
    return out


def _note_id(lib, text=NOTE) -> str:
    with VideoLibrary(lib, read_only=True) as library:
        return next(c.caption_id for c in library.caption_table.read(with_vectors=False) if c.text == text)


def test_a_removed_notes_words_leave_the_journal_so_no_release_puts_it_back(noted_library, capsys):
    videos, lib = noted_library
    assert main(["note", str(videos / "blue.mp4"), "the blue one", "--library", str(lib)]) == 0
    cid, kept = _note_id(lib), _note_id(lib, "the blue one")
    kept_lines = [line for line in _lines(lib) if kept in line]
    assert _remove(lib, f"{videos / 'red.mp4'}@1", "--remove") == 0
    assert not [line for line in _lines(lib) if NOTE in line]  # (its words are gone from notes.jsonl)
    assert [json.loads(line) for line in _lines(lib) if cid in line][0]["removed"] is True
    assert _older_release_notes(lib) == {kept: "the blue one"}  # (an older release finds nothing to put back)
    assert [line for line in _lines(lib) if kept in line] == kept_lines  # (another note's lines as they were)
    cut_short(lib / "db" / "captions.lance")  # (the journal's own repair: the table set aside, put back from it)
    assert main(["repair", "--library", str(lib)]) == 0
    assert "1 note you wrote was put back" in capsys.readouterr().out
    assert _notes(lib) == [("the blue one", -1.0)]


def test_a_removal_cut_short_before_its_words_left_the_journal_is_finished_by_the_next_writers_open(noted_library):
    videos, lib = noted_library  # (killed after the row's delete; or removed by the release before this one)
    cid = _note_id(lib)
    with VideoLibrary(lib) as library:
        library.caption_table.delete([cid])
    notes_journal.removed(lib, [cid])  # (the state it left: its line in the journal, its row gone, its words kept)
    assert any(NOTE in line for line in _lines(lib))
    with VideoLibrary(lib):  # (a writer's open: the next index, the window's)
        pass
    assert not [line for line in _lines(lib) if NOTE in line]
    assert _older_release_notes(lib) == {} and _notes(lib) == []


def test_a_removed_note_an_older_release_put_back_is_removed_again_by_the_next_writers_open(noted_library, capsys):
    videos, lib = noted_library  # (its row back with its words in the journal: as an older release leaves it,
    cid = _note_id(lib)          #  or a removal killed between its journal line and its row's delete)
    notes_journal.removed(lib, [cid])
    assert _notes(lib) == [(NOTE, 0.0)]
    with VideoLibrary(lib):
        pass
    assert _notes(lib) == []
    assert not [line for line in _lines(lib) if NOTE in line]
    assert main(["captions", f"{videos / 'red.mp4'}@1", "--library", str(lib)]) == 0
    assert NOTE not in capsys.readouterr().out


def test_a_journal_changed_by_hand_still_has_a_removal_finished_at_the_next_writers_open(noted_library):
    videos, lib = noted_library  # (a line not as ``append`` writes it: the journal is parsed line by line)
    cid = _note_id(lib)
    notes_journal.removed(lib, [cid])  # (the row still there: killed before its delete)
    with open(lib / notes_journal.JOURNAL, "a", encoding="ascii") as f:
        f.write(json.dumps({"comment": "by hand"}) + "\n")
    assert notes_journal.journal_ids(lib) is None
    with VideoLibrary(lib):
        pass
    assert _notes(lib) == []
    assert not [line for line in _lines(lib) if NOTE in line]
    assert any("by hand" in line for line in _lines(lib))  # (a line it does not read is kept as it is)
