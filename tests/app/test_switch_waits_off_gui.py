"""A switch of library (File › Open, the demo library) waited on the GUI thread for the work it
cancelled on the library it left to be over: a status read or the open's preload cannot stop in
the middle of a read (~0.08 s at 20,000 videos; as long as a slow drive makes it). The switch now
only cancels that work; the next open's worker waits for it, then closes the library left, then
opens the new one (``session_workers.LeftBehind``), and what that work answers late is not heard."""

from __future__ import annotations

import shutil
import threading
from dataclasses import replace
from pathlib import Path

from app import engine
from core.library import VideoLibrary
from tests.app.conftest import SESSION_TIMEOUT_MS

LATE = 987_654  # the slow read's video count: never shown


def test_a_switch_returns_while_a_status_read_runs_and_its_late_answer_is_unheard(qtbot, make_session, demo_library,
                                                                                  tmp_path, monkeypatch):
    other = Path(shutil.copytree(demo_library, tmp_path / "other"))
    session = make_session(demo_library)
    left = session.library
    entered, release, over = threading.Event(), threading.Event(), threading.Event()
    real_status = engine.session_status

    def slow_status(library, *args, **kwargs):
        status = real_status(library, *args, **kwargs)
        if library is not left:
            return status
        entered.set()
        release.wait(60)  # (released by the test once the switch has returned; bounded all the same)
        over.set()
        return replace(status, videos=LATE)

    monkeypatch.setattr(engine, "session_status", slow_status)
    events = []
    real_close, real_open = VideoLibrary.close, engine.open_library

    def close(self, *args, **kwargs):
        events.append(("close", Path(str(self.root)).name, over.is_set()))
        return real_close(self, *args, **kwargs)

    def open_library(library_dir):
        events.append(("open", Path(library_dir).name, over.is_set()))
        return real_open(library_dir)

    monkeypatch.setattr(VideoLibrary, "close", close)
    monkeypatch.setattr(engine, "open_library", open_library)
    session.refresh_status()
    try:  # (a read already running: this one starts as it ends, which the GUI thread hears: not blocked here)
        qtbot.waitUntil(entered.is_set, timeout=SESSION_TIMEOUT_MS)
        reading = session._reader.runner.running

        session.open(str(other))  # (File › Open while the read runs)
        assert not over.is_set(), "the switch waited for the status read on the GUI thread"
        assert events == [], events  # (the library left is not closed under the running read, nothing opened yet)
    finally:
        release.set()
    with qtbot.waitSignal(session.ready, timeout=SESSION_TIMEOUT_MS):
        pass
    assert events[:2] == [("close", "lib", True), ("open", "other", True)], events  # (after the read, in order)
    qtbot.waitUntil(lambda: session._reader.runner.running is not reading, timeout=SESSION_TIMEOUT_MS)
    qtbot.waitUntil(lambda: session.status.opened, timeout=SESSION_TIMEOUT_MS)
    assert session.status.videos != LATE and Path(session.library_dir).name == "other"


def test_a_switch_returns_while_the_open_preloads_and_closes_the_library_after(qtbot, make_session, demo_library,
                                                                             tmp_path, monkeypatch):
    from core.library.moment_search import MomentSearch

    other = Path(shutil.copytree(demo_library, tmp_path / "other"))
    entered, release, over = threading.Event(), threading.Event(), threading.Event()
    real_preload = MomentSearch.preload

    def slow_preload(self):
        real_preload(self)
        if entered.is_set():  # (the first open's only: the library switched to preloads as ever)
            return
        entered.set()
        release.wait(60)  # (released by the test once the switch has returned; bounded all the same)
        over.set()

    monkeypatch.setattr(MomentSearch, "preload", slow_preload)
    session = make_session(demo_library)  # (ready once its model is loaded: the preload comes after)
    try:
        qtbot.waitUntil(entered.is_set, timeout=SESSION_TIMEOUT_MS)
        events = []
        real_close = VideoLibrary.close
        monkeypatch.setattr(VideoLibrary, "close", lambda self, *a, **k: events.append(
            (Path(str(self.root)).name, over.is_set())) or real_close(self, *a, **k))

        session.open(str(other))
        assert not over.is_set() and events == [], "the switch waited for the preload on the GUI thread"
    finally:
        release.set()
    with qtbot.waitSignal(session.ready, timeout=SESSION_TIMEOUT_MS):
        pass
    assert events[:1] == [("lib", True)], events  # (closed once its preload was over, before the next opened)
