"""``wait_idle`` (tests/app/conftest.py) waited for index runs only: a test ending on it right after
a removal's words ('Removed … from the library' comes with the removal's result, before its
worker's end) could leave the removal's thread running, and the next assertion read the runner
mid-removal. It now waits for a removal under way too (``JobRunner.removing``)."""

from __future__ import annotations

import threading

from PySide6.QtCore import QTimer

from app import engine
from tests.app.conftest import SESSION_TIMEOUT_MS, wait_idle


def test_wait_idle_waits_for_a_removal_under_way(qtbot, make_session, demo_library, demo_clips, monkeypatch):
    release, real = threading.Event(), engine.forget_folder

    def held(*args, **kwargs):  # (the removal's worker, held until the GUI thread handles its events)
        release.wait(30)
        return real(*args, **kwargs)

    monkeypatch.setattr(engine, "forget_folder", held)
    session = make_session(demo_library)
    wait_idle(qtbot, session)
    session.remove_folder(str(demo_clips))
    runner = session._runner
    qtbot.waitUntil(lambda: runner.removing() is not None, timeout=SESSION_TIMEOUT_MS)
    QTimer.singleShot(0, release.set)  # (set once wait_idle lets events through: it must wait for that)
    wait_idle(qtbot, session)
    assert release.is_set() and runner.removing() is None
    assert any(t.startswith(f"Removed 12 videos under {demo_clips}") for _, t in session.messages), session.messages
