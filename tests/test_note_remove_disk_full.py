"""`seekframe note FILE@T --remove` on a full disk said "The note is not in the library yet; nothing else
changed", an added note's words, of a note still in the library (s58 stop list: the window said an index
run's). It says now whether anything was written: the disk full before the removal's journal line,
nothing was removed, the same command removes it; full after it, the removal is recorded and the next
writer's open finishes it (``note_removal.RemovalStopped``, ``errors.disk_full_message(removal=…)``)."""

from __future__ import annotations

import pytest

from core.cli import EXIT_DISK_FULL
from core.library import notes_journal
from core.library.captions import CaptionTable
from tests.cli_run import run_cli
from tests.test_note_disk_full import _full


@pytest.mark.parametrize("where", ["journal", "table"])
def test_a_removal_a_full_disk_stopped_says_the_note_is_still_there_and_what_to_do(noted_library, capsys,
                                                                                  monkeypatch, where):
    videos, lib = noted_library
    clip = f"{videos / 'red.mp4'}@1"
    with monkeypatch.context() as m:  # the disk fills as the removal's journal line (or the row's delete) is written
        m.setattr(*((notes_journal, "_append_whole", _full) if where == "journal" else (CaptionTable, "delete", _full)))
        code, out, err = run_cli(capsys, "note", clip, "--remove", "--library", lib)
    assert code == EXIT_DISK_FULL and not out and "Traceback" not in err, err
    assert "not in the library yet" not in err and "every video indexed" not in err, err
    if where == "journal":
        assert "Nothing was removed: the note is still on the clip, and nothing else changed. Free some space " \
               "(or raise the limit), then run the same command again." in err, err
    else:
        assert "The note is not removed yet: its removal is recorded" in err and \
               err.rstrip().endswith("then run the same command again, which finishes it (it then finds no such "
                                     "note on the clip: the removal is done)."), err
    code, out, _ = run_cli(capsys, "captions", clip, "--library", lib)  # (a reader: the note is still there)
    assert code == 0 and "our red wall" in out, out
    code, out, err = run_cli(capsys, "note", clip, "--remove", "--library", lib)  # the same command, room again
    assert (code, out.strip()) == ((0, f'Note removed from {clip}: "our red wall".') if where == "journal"
                                   else (2, "")), (out, err)
    code, out, _ = run_cli(capsys, "captions", clip, "--library", lib)
    assert code == 0 and "our red wall" not in out, out
