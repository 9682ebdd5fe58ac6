"""A window closed while a "Remove missing videos" run goes (an index run with ``prune``). Before:
``JobRunner.outstanding`` merged every run on its way into one plain ``IndexJob(roots)``, so the
run recorded to resume (``app.resume``) lost its prune: at the next open it ran as a plain run and
the vanished video the user had asked to remove was kept, marked offline again. Now the roots of
pruning runs are recorded and resumed as a pruning run, those of plain runs as a plain one."""

from __future__ import annotations

import threading

from app import engine
from app.jobs import IndexJob
from app.resume import UnfinishedRuns
from app.settings import AppSettings
from tests.app.conftest import SESSION_TIMEOUT_MS, wait_idle
from tests.app.prune_held import held_prune, index_both, two_folders
from tests.app.test_resume import open_session  # noqa: F401


def test_the_record_keeps_pruning_and_plain_runs_apart(tmp_path):
    store = UnfinishedRuns(AppSettings(tmp_path / "app.ini"))
    runs = (IndexJob(("/v/a",)), IndexJob(("/v/b",), prune=True))
    store.set("/lib", runs)
    again = UnfinishedRuns(AppSettings(tmp_path / "app.ini"))  # (as the next process reads it)
    assert again.runs("/lib") == runs and again.get("/lib") == IndexJob(("/v/a",))
    store.set("/lib", (IndexJob(None), IndexJob(("/v/b",), prune=True)))
    assert UnfinishedRuns(AppSettings(tmp_path / "app.ini")).runs("/lib") == (IndexJob(None),
                                                                             IndexJob(("/v/b",), prune=True))
    store.set("/lib", IndexJob(("/v/a",)))  # (a plain run alone: recorded as before)
    assert UnfinishedRuns(AppSettings(tmp_path / "app.ini")).runs("/lib") == (IndexJob(("/v/a",)),)
    store.set("/lib", None)
    assert store.runs("/lib") == () and store.get("/lib") is None


def test_a_window_closed_mid_prune_resumes_it_pruning(qtbot, open_session, tmp_path, demo_clips,  # noqa: F811
                                                       monkeypatch):
    a, b = two_folders(tmp_path, demo_clips)
    lib = tmp_path / "lib"
    store = UnfinishedRuns(AppSettings(tmp_path / "app.ini"))
    first = open_session(lib, store)
    index_both(qtbot, first, a, b)
    (b / "purple-box-grass.mp4").unlink()  # (b left empty: a plain run keeps its video, offline)
    real = engine.events_as_writer
    gate = held_prune(qtbot, first, monkeypatch, b)  # (under way until the window is closed)
    first._runner.add_folder(str(a), looked=True)  # (a plain run queued behind it: kept plain)
    assert first._runner.outstanding() == (IndexJob((str(b),), prune=True), IndexJob((str(a),)))
    threading.Timer(1.0, gate.set).start()  # (once the close has cancelled the run)
    assert first.close(timeout=30.0)
    assert set(store.runs(str(lib))) == {IndexJob((str(b),), prune=True), IndexJob((str(a),))}
    monkeypatch.setattr(engine, "events_as_writer", real)

    again = open_session(lib, store, refresh_interval_ms=200)
    qtbot.waitUntil(lambda: any(t.startswith("Resuming the indexing") for _l, t in again.messages),
                    timeout=SESSION_TIMEOUT_MS)
    wait_idle(qtbot, again)
    qtbot.waitUntil(lambda: again.status.videos == 1 and again.status.offline_videos == 0,
                    timeout=SESSION_TIMEOUT_MS)
    assert store.runs(str(lib)) == ()
