"""`seekframe note` on a full disk says the note is not in the library yet, not the index's words
('Nothing was lost ..., and every video indexed before this is in it'), which said nothing of the
note the user had just written. Run again once there is room, the note is there, once."""

from __future__ import annotations

import errno

import pytest

from core.cli import EXIT_DISK_FULL
from core.library import notes_journal
from core.library.captions import CaptionTable
from tests.cli_run import run_cli


def _full(*_a, **_k):
    raise OSError(errno.ENOSPC, "No space left on device")


@pytest.mark.parametrize("where", ["journal", "table"])
def test_a_note_on_a_full_disk_is_said_not_in_yet_and_the_same_command_adds_it_once(noted_library, capsys,
                                                                                    monkeypatch, where):
    videos, lib = noted_library
    with monkeypatch.context() as m:  # the disk fills as the note's line (or its table row) is written
        m.setattr(*((notes_journal, "_append_whole", _full) if where == "journal" else (CaptionTable, "add", _full)))
        code, _, err = run_cli(capsys, "note", f"{videos / 'blue.mp4'}@1", "a blue wall at dusk", "--library", lib)
    assert code == EXIT_DISK_FULL and "The note is not in the library yet" in err, err
    assert "every video indexed before this" not in err and "Traceback" not in err
    code, _, err = run_cli(capsys, "note", f"{videos / 'blue.mp4'}@1", "a blue wall at dusk", "--library", lib)
    assert code == 0, err
    code, out, _ = run_cli(capsys, "captions", f"{videos / 'blue.mp4'}@1", "--library", lib)
    assert code == 0 and out.count("a blue wall at dusk") == 1, out
