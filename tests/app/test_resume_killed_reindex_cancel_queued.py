"""The window resumes at its open a `seekframe index --reindex A` whose process was killed
(``core.reembed_record.killed``); a Cancel while that resumed run still waited in the queue (behind
the window's own work, or for another process writing the library) dropped it, but its record still
read as killed, so the next open resumed the re-embed again ('A re-index of A stopped before it
finished, its process ended (killed, or a crash) …'), against the user's Cancel. As for a killed
`seekframe index` (``JobRunner._cancelled_queued``), the Cancel is kept on the library handle and
written as the window lets go of its writer lock or closes."""

from __future__ import annotations

import sys

import pytest

from app.job_runner import JobRunner
from core import reembed_record
from tests.app.conftest import SESSION_TIMEOUT_MS
from tests.app.test_resume_killed_reindex import SAID, _open, _record, loader  # noqa: F401
from tests.test_reindex_keeps_searchable import _two_folders
from tests.test_reindex_killed_record import as_killed, dead_process
from tests.test_reindex_resumes import _crash_after_first_commit

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="another process is not looked at on Windows")


def test_a_resumed_reindex_cancelled_before_it_started_is_not_resumed_again(qtbot, make_session, tmp_path, capsys,
                                                                           monkeypatch):
    a, b, lib = _two_folders(tmp_path, capsys, monkeypatch)
    _crash_after_first_commit(monkeypatch, lib, a)
    as_killed(lib, dead_process())  # (its process gone, its end unsaid: killed)
    real_kick, held = JobRunner._kick, [True]
    monkeypatch.setattr(JobRunner, "_kick", lambda self: None if held[0] else real_kick(self))  # (queued: none starts)
    session = make_session(lib)
    qtbot.waitUntil(lambda: session.resume._done and str(a) in session._runner.queue.roots(),
                    timeout=SESSION_TIMEOUT_MS)
    session.cancel_indexing()  # (the user's Cancel: the resumed re-embed dropped before it started)
    held[0] = False
    assert not session._runner.queue.roots()
    assert session.close(timeout=30.0)
    assert _record(lib)[reembed_record.RUNS][str(a)].get("ended") == "cancelled"  # (the parent: None, killed)
    assert str(a) in _record(lib)[reembed_record.KEY]  # (its video still waits, said, for Finish indexing)
    session, said = _open(qtbot, make_session, lib)
    assert not any(t.startswith(SAID.format(a=a, n="1 video")) for t in said), said
    assert session.status.folder_reembed == ((str(a), 1),), session.status
