"""What a session says as it removes a library folder: its "Removed …" message (tests of the removal's words)."""

from __future__ import annotations

from tests.app.conftest import SESSION_TIMEOUT_MS


def removal_said(qtbot, session, folder) -> str:
    """Remove ``folder`` and return the session's "Removed …" message."""
    session.messages.clear()
    session.remove_folder(str(folder))
    qtbot.waitUntil(lambda: any(t.startswith("Removed ") for _l, t in session.messages), timeout=SESSION_TIMEOUT_MS)
    return next(t for _l, t in session.messages if t.startswith("Removed "))
