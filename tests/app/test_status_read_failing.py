"""A library whose status reads keep failing with an error that is neither damage (a repair offered) nor a
read of the moment (a try again offered), nor its folder gone: the window said nothing, only its log did,
and a folder added before the first read stayed on its way, unexplained, while the reader tried again
every few seconds. The read's failure words are said now, once until a read answers (``app.status_reader``),
and the folder on its way can be dropped (Cancel, or its Remove in the library panel)."""

from __future__ import annotations

import errno

from tests.app.conftest import SESSION_TIMEOUT_MS


def test_a_status_read_that_keeps_failing_is_said_once_and_a_folder_waiting_for_it_can_be_dropped(
        qtbot, make_session, demo_library, tmp_path, monkeypatch):
    import app.engine

    real, calls, failing = app.engine.session_status, [], [True]

    def read(*args, **kwargs):
        calls.append(1)
        if failing[0]:
            raise OSError(errno.EIO, "Input/output error")
        return real(*args, **kwargs)

    monkeypatch.setattr(app.engine, "session_status", read)
    session = make_session(demo_library, ready=False, refresh_interval_ms=100)
    qtbot.waitUntil(lambda: session.is_open and bool(calls), timeout=SESSION_TIMEOUT_MS)
    other = tmp_path / "Other"
    other.mkdir()
    session.add_folder(str(other))
    qtbot.waitUntil(lambda: bool(session.messages), timeout=SESSION_TIMEOUT_MS)  # (old: nothing said)
    said = session.messages[0]
    assert said[0] == "warning" and "Input/output error" in said[1], said
    assert said[1].startswith("The library's state could not be read: ")
    assert "a folder added waits to be looked at (Remove it in the library panel to drop it)" in said[1]
    read_then = len(calls)
    qtbot.waitUntil(lambda: len(calls) >= read_then + 3, timeout=SESSION_TIMEOUT_MS)  # (tried again meanwhile)
    assert session.messages == [said]  # (said once)
    assert str(other) in session.status.folders and not session.status.opened  # (on its way, waiting)
    session.cancel_indexing()
    assert str(other) not in session.status.folders and session._runner.outstanding() is None
    failing[0] = False  # (the disk answers again)
    qtbot.waitUntil(lambda: session.status.opened, timeout=SESSION_TIMEOUT_MS)
    qtbot.waitUntil(lambda: session.is_ready, timeout=SESSION_TIMEOUT_MS)
    assert str(other) not in session.status.folders  # (dropped: not looked at, nor added)
    assert session.messages == [said]
