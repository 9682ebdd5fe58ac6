"""Removing a folder while a "Remove missing videos" run goes (an index run with ``prune``) cancels
that run and starts the rest of it again after the removal, for the other folders; that rest was
started as a plain run, so the videos gone from those folders, which the user had asked to remove,
were kept and marked offline again. Now the rest prunes as the run it continues did."""

from __future__ import annotations

import shutil
import threading

from app import engine
from tests.app.conftest import SESSION_TIMEOUT_MS, wait_idle


def test_the_rest_of_a_prune_run_cut_short_by_a_removal_still_removes_the_missing_videos(
        qtbot, make_session, demo_clips, tmp_path, monkeypatch):
    a, b = tmp_path / "a", tmp_path / "b"
    for folder, clip in ((a, "red-ball-beach.mp4"), (b, "purple-box-grass.mp4")):
        folder.mkdir()
        shutil.copy(demo_clips / clip, folder)
    session = make_session(tmp_path / "lib", refresh_interval_ms=200)
    session.add_folder(str(a))
    session.add_folder(str(b))
    qtbot.waitUntil(lambda: session.status.videos == 2 and not session.indexing, timeout=SESSION_TIMEOUT_MS)
    wait_idle(qtbot, session)
    (b / "purple-box-grass.mp4").unlink()  # (b left empty: a plain run keeps its video, offline)

    real, gate, entered = engine.events_as_writer, threading.Event(), threading.Event()

    def held_first(*args, **kw):  # the prune run waits, under way, until the removal is asked
        if not entered.is_set():
            entered.set()
            gate.wait(30)
        yield from real(*args, **kw)

    monkeypatch.setattr(engine, "events_as_writer", held_first)
    session.prune_missing([str(b)])
    qtbot.waitUntil(lambda: entered.is_set() and session.indexing, timeout=10_000)
    session.messages.clear()
    session.remove_folder(str(a))  # (cancels the prune run, to start again after it for b)
    gate.set()
    qtbot.waitUntil(lambda: any(t.startswith("Removed 1 video") for _l, t in session.messages),
                    timeout=SESSION_TIMEOUT_MS)
    wait_idle(qtbot, session)
    qtbot.waitUntil(lambda: session.status.folders == (str(b),), timeout=SESSION_TIMEOUT_MS)
    assert session.status.videos == 0 and session.status.offline_videos == 0, session.status
