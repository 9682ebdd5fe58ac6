"""Switching library in the window (File › Open, the demo library) closed the library it left on
the GUI thread while the window was visible: its optimize (when due) and the videos' snapshot,
~0.1-0.3 s at 20,000 videos, more when an optimize is due. The next open's worker now closes it
(``OpenRun.close_before``) before it opens anything, so the old writer's lock is let go before the
new library is opened; the window's exit still closes its library there and then (never lost)."""

from __future__ import annotations

import shutil
import threading
from pathlib import Path

from app import engine
from core.library import VideoLibrary
from tests.app.conftest import SESSION_TIMEOUT_MS


def _recorded(monkeypatch) -> list[tuple]:
    """Every library closed and opened, in order: (what, folder, whether on the GUI thread)."""
    events = []
    real_close, real_open = VideoLibrary.close, engine.open_library

    def close(self, *args, **kwargs):
        events.append(("close", Path(str(self.root)).name, threading.current_thread() is threading.main_thread()))
        return real_close(self, *args, **kwargs)

    def open_library(library_dir):
        events.append(("open", Path(library_dir).name, threading.current_thread() is threading.main_thread()))
        return real_open(library_dir)

    monkeypatch.setattr(VideoLibrary, "close", close)
    monkeypatch.setattr(engine, "open_library", open_library)
    return events


def test_a_switch_closes_the_library_left_off_the_gui_thread_before_the_next_opens(qtbot, make_session,
                                                                                  demo_library, tmp_path, monkeypatch):
    other = Path(shutil.copytree(demo_library, tmp_path / "other"))
    session = make_session(demo_library)
    events = _recorded(monkeypatch)
    with qtbot.waitSignal(session.ready, timeout=SESSION_TIMEOUT_MS):
        session.open(str(other))  # (File › Open)
    assert events[:2] == [("close", "lib", False), ("open", "other", False)], events
    assert not session.read_only, session.read_only_reason

    events.clear()
    with qtbot.waitSignal(session.ready, timeout=SESSION_TIMEOUT_MS):
        session.reopen()  # (the same library again: its writer let go first, so it opens to write)
    assert events[:2] == [("close", "other", False), ("open", "other", False)], events
    assert not session.read_only, session.read_only_reason


def test_a_close_right_after_a_switch_leaves_no_library_open(qtbot, make_session, demo_library, tmp_path,
                                                            monkeypatch):
    other = Path(shutil.copytree(demo_library, tmp_path / "other"))
    session = make_session(demo_library)
    events = _recorded(monkeypatch)
    session.open(str(other))
    assert session.close(timeout=30.0)  # (the window's exit before the switch's worker has run, or while it runs)
    closed = [name for what, name, _gui in events if what == "close"]
    assert "lib" in closed, events  # (by the switch's worker, or by the close should it never have run)
    assert all(name in closed for what, name, _gui in events if what == "open"), events  # (what it opened: closed)
