"""A status read that saw another process's commits (``app.status_reader``) has its library-model
change checked even when this window's own work took the writer lock while the read was in
flight: the check was skipped then, and the next read, with the change already in hand, saw none,
so the searcher stayed made for the old vectors."""

from __future__ import annotations

import threading
from dataclasses import replace

from tests.app.conftest import SESSION_TIMEOUT_MS, wait_idle, writing


def test_a_model_change_read_as_the_window_took_the_writer_lock_still_rebinds_the_searcher(
        qtbot, make_session, demo_library, monkeypatch):
    import app.engine

    session = make_session(demo_library)
    wait_idle(qtbot, session)
    qtbot.waitUntil(lambda: session.library.read_only, timeout=10_000)  # idle: the lock let go
    real, reading, go, answered = app.engine.session_status, threading.Event(), threading.Event(), []

    def status(library, read_only, refresh=False, probe_writer=False):
        st = real(library, read_only, refresh, probe_writer)
        if not refresh:
            return st
        reading.set()
        go.wait(10)
        answered.append(True)
        return replace(st, library_model_id="another-model")  # another process re-indexed it so

    monkeypatch.setattr(app.engine, "session_status", status)
    before = session.searcher
    session.refresh_status()
    try:  # (a periodic read already running: this one starts once the GUI thread hears it end)
        qtbot.waitUntil(reading.is_set, timeout=SESSION_TIMEOUT_MS)
    finally:
        go.set() if not reading.is_set() else None
    with writing(session):  # this window's own work takes the writer lock meanwhile (a note, a job)
        go.set()
        qtbot.waitUntil(lambda: bool(answered) and not session._reader.runner.busy, timeout=SESSION_TIMEOUT_MS)
    assert session.searcher is not None and session.searcher is not before  # made again: the check ran
