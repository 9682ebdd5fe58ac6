"""A folder's removal asked while a "Remove missing videos" run of it goes (an index run with
``prune``) cancels that run and holds its part in the folder, to put it back should the library
refuse the removal (a keep-inside removal of a folder that took none in, another folder's stopped
removal that a full disk keeps waiting). The part put back was a plain run (``JobQueue.forget_first``
held the roots it dropped as ``IndexJob(dropped)``): after the refusal, the videos gone from the
folder, which the user had asked to remove, were kept and marked offline again ("1 video seems to
be gone from …; nothing was removed"), as dfb9686 fixed for the rest of the run in the other folders.
Now the held part prunes as the run it was cut from did."""

from __future__ import annotations

import shutil
import threading

from app import engine
from app.jobs import IndexJob, JobQueue
from tests.app.conftest import SESSION_TIMEOUT_MS, wait_idle


def test_the_held_part_of_a_prune_run_is_put_back_as_a_prune():
    queue = JobQueue()
    forget = queue.forget_first("/v/a", None, dropped=("/v/a",), pruned=("/v/a",))
    assert forget.held == (IndexJob(("/v/a",), prune=True),), forget.held
    queue.take(has_model=True)
    queue.put_back_runs(forget)
    assert list(queue) == [IndexJob(("/v/a",), prune=True)]


def test_a_refused_removal_during_a_prune_of_its_folder_still_removes_the_missing_videos(
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
    (a / "red-ball-beach.mp4").unlink()  # (a left empty: a plain run keeps its video, offline)

    real, gate, entered = engine.events_as_writer, threading.Event(), threading.Event()

    def held_first(*args, **kw):  # the prune run waits, under way, until the removal is asked
        if not entered.is_set():
            entered.set()
            gate.wait(30)
        yield from real(*args, **kw)

    monkeypatch.setattr(engine, "events_as_writer", held_first)
    session.prune_missing([str(a)])
    qtbot.waitUntil(lambda: entered.is_set() and session.indexing, timeout=10_000)
    session.messages.clear()
    session.remove_folder(str(a), True)  # (keeping the folders a took in: none, refused)
    gate.set()
    qtbot.waitUntil(lambda: any(level == "error" for level, _t in session.messages), timeout=SESSION_TIMEOUT_MS)
    wait_idle(qtbot, session)
    qtbot.waitUntil(lambda: session.status.videos == 1, timeout=15_000)  # (a's gone video removed, not offline)
    assert sorted(session.status.folders) == [str(a), str(b)], session.status.folders  # (nothing removed: refused)
    assert session.status.offline_videos == 0, (session.status, session.messages)
