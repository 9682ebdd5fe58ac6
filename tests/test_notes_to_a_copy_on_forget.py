"""``mv ~/Videos/* ~/Movies`` (a library folder already), then ``seekframe index ~/Videos ~/Movies``: the
missing folder is kept offline (a drive unplugged, for all the run knows: its files went to a folder the
library knew) and its files at ~/Movies are copies of its videos. Forgetting ~/Videos then left each note
waiting in ``notes.jsonl`` for its content's return, but that content was in the library already, as a
copy: the notes were no longer on any clip nor searchable. A forget of a folder its last index found
missing now ties them to a video of the same content the library keeps (one forgotten while there keeps
them for its own files: test_notes_journal_whole). (``mv ~/Videos ~/Movies``, a folder renamed whole, is
a move since: its notes stay on its videos, tests/test_folder_renamed_rescan.py.)"""

from __future__ import annotations

import json
import os
import shutil

import pytest

from tests.cli_run import run_cli
from tests.test_notes_journal import NOTE, note_on_clip
from tests.videos import Segment, write_video


def _into_a_known_folder(videos, capsys, lib, colour_model):
    """~/Movies, a library folder with a video of its own, then ``mv ~/Videos/* ~/Movies``: ~/Movies."""
    movies = videos.parent / "movies"
    write_video(movies / "green.mp4", [Segment(2, "green")], seed=9)
    assert run_cli(capsys, "index", movies, "--library", lib, "--model", colour_model, "-q")[0] == 0
    for f in list(videos.iterdir()):
        os.rename(f, movies / f.name)
    videos.rmdir()
    return movies


def test_a_folder_renamed_indexed_with_its_old_name_keeps_its_notes_on_its_videos(noted_library, capsys,
                                                                                 colour_model):
    videos, lib = noted_library
    movies = videos.parent / "movies"
    os.rename(videos, movies)
    code, _, err = run_cli(capsys, "index", videos, movies, "--library", lib, "--model", colour_model)
    assert code == 0 and "2 moved" in err, err  # (before: 2 copies, the notes on the offline originals)
    assert note_on_clip(capsys, movies, lib) == [(NOTE, True)]
    assert run_cli(capsys, "forget", videos, "--library", lib)[0] == 0
    assert note_on_clip(capsys, movies, lib) == [(NOTE, True)]
    code, out, _ = run_cli(capsys, "search", NOTE, "--library", lib, "--json", "-k", "1")
    assert json.loads(out)[0]["path"] == str(movies / "red.mp4")


def test_a_folder_moved_into_a_known_one_indexed_with_its_old_name_then_forgotten_keeps_its_notes(
        noted_library, capsys, colour_model):
    videos, lib = noted_library
    movies = _into_a_known_folder(videos, capsys, lib, colour_model)
    code, _, err = run_cli(capsys, "index", videos, movies, "--library", lib, "--model", colour_model)
    assert code == 0 and "2 copies of indexed videos" in err, err
    assert run_cli(capsys, "forget", videos, "--library", lib)[0] == 0
    assert note_on_clip(capsys, movies, lib) == [(NOTE, True)]  # (old: none)
    code, out, _ = run_cli(capsys, "search", NOTE, "--library", lib, "--json", "-k", "1")
    assert json.loads(out)[0]["path"] == str(movies / "red.mp4")
    assert run_cli(capsys, "index", movies, "--library", lib, "--model", colour_model, "-q")[0] == 0
    assert note_on_clip(capsys, movies, lib) == [(NOTE, True)]  # (once)


def test_a_note_waits_for_its_own_content_not_another_file_at_its_path(noted_library, capsys, colour_model):
    """A forget ties notes by content only: a file of other content at the note's path is no copy
    (``cp -f blue.mp4 red.mp4``: red's video removed, its note waiting for red's content)."""
    videos, lib = noted_library
    shutil.copy(videos / "blue.mp4", videos / "red.mp4")
    other = videos.parent / "other"
    write_video(other / "green.mp4", [Segment(2, "green")])
    assert run_cli(capsys, "index", videos, other, "--library", lib, "--model", colour_model, "-q")[0] == 0
    assert run_cli(capsys, "forget", other, "--library", lib)[0] == 0
    assert note_on_clip(capsys, videos, lib) == []


class Killed(BaseException):
    """The process killed at that point: nothing after it runs (no except Exception catches it)."""


@pytest.mark.parametrize("where", ["before the notes are tied", "before the forget's last write"])
def test_a_forget_killed_part_way_still_ties_the_notes_to_their_copies(noted_library, capsys, colour_model,
                                                                      monkeypatch, where):
    """The forget's last write cleared its record, and the ids of the missing folder's videos with it,
    before their notes were tied to the copies: a kill in between left the notes on no clip for good
    (a kill after the rows went and before that write, the same: the open that finished it found no
    row of them). The ids stay recorded until the notes are tied; the next writer's open ties them."""
    from core.library import notes_journal, removed

    videos, lib = noted_library
    movies = _into_a_known_folder(videos, capsys, lib, colour_model)
    assert run_cli(capsys, "index", videos, movies, "--library", lib, "--model", colour_model, "-q")[0] == 0

    def kill(*a, **k):
        raise Killed

    if where == "before the notes are tied":
        monkeypatch.setattr(notes_journal, "to_copies", kill)
    else:
        monkeypatch.setattr(removed, "recorded", kill)
    with pytest.raises(Killed):
        run_cli(capsys, "forget", videos, "--library", lib)
    monkeypatch.undo()
    assert run_cli(capsys, "index", movies, "--library", lib, "--model", colour_model, "-q")[0] == 0
    assert note_on_clip(capsys, movies, lib) == [(NOTE, True)]  # (old: none)
    assert "relinking" not in json.loads((lib / "library.json").read_text())["extra"]


def test_a_full_disk_when_the_notes_are_tied_leaves_them_for_the_next_open(noted_library, capsys, colour_model,
                                                                         monkeypatch):
    """The forget is done (its words said); the notes' ties, refused a write, wait recorded."""
    import errno

    from core.library import notes_journal

    videos, lib = noted_library
    movies = _into_a_known_folder(videos, capsys, lib, colour_model)
    assert run_cli(capsys, "index", videos, movies, "--library", lib, "--model", colour_model, "-q")[0] == 0

    def full(*a, **k):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(notes_journal, "to_copies", full)
    assert run_cli(capsys, "forget", videos, "--library", lib)[0] == 0
    assert json.loads((lib / "library.json").read_text())["extra"]["relinking"]
    monkeypatch.undo()
    assert run_cli(capsys, "index", movies, "--library", lib, "--model", colour_model, "-q")[0] == 0
    assert note_on_clip(capsys, movies, lib) == [(NOTE, True)]
    assert "relinking" not in json.loads((lib / "library.json").read_text())["extra"]
