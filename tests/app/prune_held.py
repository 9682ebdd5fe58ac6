"""Shared setup of the tests of a "Remove missing videos" run (an index run with ``prune``) cut
by something else: two indexed folders, ``a`` and ``b``, one demo clip each, and the prune run held
under way until the test lets it go."""

from __future__ import annotations

import shutil
import threading

from app import engine
from tests.app.conftest import SESSION_TIMEOUT_MS, wait_idle


def two_folders(tmp_path, demo_clips):
    """``a`` (red-ball-beach.mp4) and ``b`` (purple-box-grass.mp4) under ``tmp_path``."""
    a, b = tmp_path / "a", tmp_path / "b"
    for folder, clip in ((a, "red-ball-beach.mp4"), (b, "purple-box-grass.mp4")):
        folder.mkdir()
        shutil.copy(demo_clips / clip, folder)
    return a, b


def index_both(qtbot, session, a, b) -> None:
    session.add_folder(str(a))
    session.add_folder(str(b))
    qtbot.waitUntil(lambda: session.status.videos == 2 and not session.indexing, timeout=SESSION_TIMEOUT_MS)
    wait_idle(qtbot, session)


def held_prune(qtbot, session, monkeypatch, folder) -> threading.Event:
    """``session.prune_missing([folder])`` started and held under way; set the returned event to
    let it go (the real writer's events are put back when the test ends)."""
    real, gate, entered = engine.events_as_writer, threading.Event(), threading.Event()

    def held_first(*args, **kw):
        if not entered.is_set():
            entered.set()
            gate.wait(30)
        yield from real(*args, **kw)

    monkeypatch.setattr(engine, "events_as_writer", held_first)
    session.prune_missing([str(folder)])
    qtbot.waitUntil(lambda: entered.is_set() and session.indexing, timeout=10_000)
    return gate
