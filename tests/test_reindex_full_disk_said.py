"""A `seekframe index --reindex A` stopped by a full disk: its record says so (``reembed_record.RUNS``'s
end, ``stopped_runs.FULL``), but `seekframe status` said of A's videos only what it says of a killed
--reindex ("an interrupted --reindex ... `seekframe index` embeds them anew"): nothing of the full disk,
nor that room was to be made first, and the way out it offered failed again at once on the disk still
full. It says it now with the words a plain index a full disk stopped gets (``stopped_runs.ended_words``,
"free some space, then"), whether the run's end was written whole or, the disk refusing that too, over
the room its entry kept for it (in place). A killed --reindex is said as before (a guard)."""

from __future__ import annotations

import errno
import json

import pytest

from core import reembed_words
from core.cli import EXIT_DISK_FULL
from core.library import meta as meta_io
from core.library.moments import MomentTable
from tests.cli_run import run_cli
from tests.test_reindex_keeps_searchable import _two_folders
from tests.test_reindex_resumes import _crash_after_first_commit

FULL_WORDS = ("wait to be embedded again (a --reindex stopped before it finished: the disk holding the library was "
              "full), searched meanwhile with their earlier moments; free some space, then `seekframe index` embeds "
              "them anew.")


def _no_room(*a, **k):
    raise OSError(errno.ENOSPC, "No space left on device")


def _status(capsys, lib) -> tuple[str, dict]:
    code, text, err = run_cli(capsys, "status", "--library", lib)
    assert code == 0, err
    code, out, err = run_cli(capsys, "status", "--library", lib, "--json")
    assert code == 0, err
    return text, json.loads(out)


@pytest.mark.parametrize("whole_write", [True, False], ids=["end-written", "end-in-place"])
def test_status_says_a_full_disk_stopped_the_reindex_and_to_make_room_first(tmp_path, capsys, monkeypatch,
                                                                             whole_write):
    a, b, lib = _two_folders(tmp_path, capsys, monkeypatch)
    real_commit, real_write = MomentTable.commit, meta_io.write_meta

    def full(self, items):
        if not whole_write:  # (the disk refuses library.json's whole writes from now on too)
            monkeypatch.setattr(meta_io, "write_meta", _no_room)
        _no_room()

    monkeypatch.setattr(MomentTable, "commit", full)
    code, out, err = run_cli(capsys, "index", "--reindex", a, "--library", lib, "-q")
    assert code == EXIT_DISK_FULL, err
    monkeypatch.setattr(MomentTable, "commit", real_commit)
    monkeypatch.setattr(meta_io, "write_meta", real_write)
    text, data = _status(capsys, lib)
    assert f"2 videos of {a} {FULL_WORDS}" in text, text
    assert "interrupted --reindex" not in text, text
    assert data["reembed_waiting"] == {str(a): 2} and data["reembed_full_disk"] == [str(a)], data
    assert run_cli(capsys, "index", "--library", lib, "-q")[0] == 0  # (room again: the words' command does it)
    text, data = _status(capsys, lib)
    assert "embedded again" not in text and data["reembed_full_disk"] == [], text


def test_a_killed_reindex_is_said_as_before(tmp_path, capsys, monkeypatch):
    a, b, lib = _two_folders(tmp_path, capsys, monkeypatch)
    _crash_after_first_commit(monkeypatch, lib, a)
    text, data = _status(capsys, lib)
    assert (f"1 video of {a} waits to be embedded again (an interrupted --reindex), searched meanwhile with its "
            "earlier moments; `seekframe index` embeds it anew.") in text, text
    assert "free some space" not in text and data["reembed_full_disk"] == [], text


def test_only_the_parts_a_full_disk_stopped_are_told_to_make_room():
    parts = (("/v/A", 2), ("/v/B", 1))
    said = reembed_words.waiting_text(parts, full=("/v/B",))
    assert said.startswith("2 videos of /v/A wait to be embedded again (an interrupted --reindex), searched "
                           "meanwhile with their earlier moments; `seekframe index` embeds them anew. "), said
    assert said.endswith("1 video of /v/B waits to be embedded again (a --reindex stopped before it finished: the "
                         "disk holding the library was full), searched meanwhile with its earlier moments; free some "
                         "space, then `seekframe index` embeds it anew."), said
