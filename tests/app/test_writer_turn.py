"""The app holds its library's writer lock only while it writes (``app.writer_turn``): an open,
idle window no longer refuses ``seekframe index`` from a terminal or a nightly job, sees what that
run indexed, and work asked of it while the other process writes waits for it, then runs."""

from __future__ import annotations

import os
import shutil
from contextlib import contextmanager
from pathlib import Path

import pytest

from app.requests import SearchRequest
from core.library import VideoLibrary
from core.library.lock import lock_library, writer_free
from tests.app.conftest import SESSION_TIMEOUT_MS, cached_loader, wait_idle
from tests.app.test_session_search import BLUE_CAR, search


@pytest.fixture
def looks_every_200_ms(monkeypatch):
    """Work waiting for another writer looks at the lock every 200 ms, not every second
    (``app.writer_turn.POLL_MS``): a test that waits for looks, or for no more looks, waits less."""
    import app.writer_turn

    monkeypatch.setattr(app.writer_turn, "POLL_MS", 200)


@contextmanager
def another_writer(root: Path):
    """Inside the block another process (a terminal's `seekframe index`) holds the library's writer lock."""
    other = lock_library(root)
    try:
        yield other
    finally:
        other.release()


def terminal_index(root: Path, folder: Path, model: str) -> None:
    """What ``seekframe index FOLDER`` does to the library, as another writer."""
    from core.indexer import MomentIndexer

    with VideoLibrary(root) as lib:
        events = list(MomentIndexer(lib, cached_loader(model)).run([str(folder)]))
    assert events[-1].kind == "finished" and not events[-1].failed


@contextmanager
def rescan_waiting(qtbot, window):
    """``window`` (its library's lock let go) asked to re-scan while another process writes its
    library, the window saying so; that process holds the lock until the block ends."""
    library = Path(window.session.library_dir)
    qtbot.waitUntil(lambda: writer_free(library), timeout=10_000)
    with another_writer(library):
        window.session.rescan()
        qtbot.waitUntil(lambda: "is writing this library now" in window.banner.text, timeout=10_000)
        # (said at the run's failure, before its worker's end is heard: the run counts as going until then)
        qtbot.waitUntil(lambda: window.session._runner._running is None, timeout=10_000)
        yield window


def test_an_idle_window_lets_a_terminal_index_its_library_and_shows_what_it_added(
        qtbot, make_session, tmp_path, demo_clips, demo_model):
    ours = tmp_path / "ours"
    ours.mkdir()
    shutil.copy(demo_clips / "red-ball-beach.mp4", ours)
    session = make_session(tmp_path / "lib", refresh_interval_ms=200)
    session.add_folder(str(ours))
    qtbot.waitUntil(lambda: session.status.videos == 1 and not session.indexing, timeout=SESSION_TIMEOUT_MS)
    qtbot.waitUntil(lambda: writer_free(tmp_path / "lib"), timeout=10_000)  # (was held while the app was open)

    theirs = tmp_path / "theirs"
    theirs.mkdir()
    shutil.copy(demo_clips / "blue-car-street.mp4", theirs)
    with qtbot.waitSignal(session.library_changed, timeout=30_000):
        terminal_index(tmp_path / "lib", theirs, demo_model)  # (refused before: "open in the Seekframe app")
    qtbot.waitUntil(lambda: session.status.videos == 2, timeout=10_000)
    assert Path(search(qtbot, session, SearchRequest(BLUE_CAR.query, k=1))[0].path).name == BLUE_CAR.file

    # the window writes again after the terminal's run: nothing of either is lost
    shutil.copy(demo_clips / "yellow-star-night.mp4", ours)
    session.rescan()
    qtbot.waitUntil(lambda: session.status.videos == 3 and not session.indexing, timeout=SESSION_TIMEOUT_MS)
    assert not [t for lvl, t in session.messages if lvl == "error"], session.messages
    assert session.close()
    with VideoLibrary(tmp_path / "lib", read_only=True) as lib:
        assert sorted(Path(v.path).name for v in lib.video_table.all()) == [
            "blue-car-street.mp4", "red-ball-beach.mp4", "yellow-star-night.mp4"]


def test_work_asked_while_another_process_writes_waits_for_it_then_runs(
        qtbot, make_session, demo_library, demo_clips, tmp_path):
    session = make_session(demo_library, refresh_interval_ms=200)
    qtbot.waitUntil(lambda: writer_free(demo_library), timeout=10_000)
    result = search(qtbot, session, SearchRequest(BLUE_CAR.query, k=1))[0]
    more = tmp_path / "more"
    more.mkdir()
    shutil.copy(demo_clips / "red-ball-beach.mp4", more / "again.mp4")

    with another_writer(demo_library):  # a terminal's `seekframe index` takes the library
        session.add_folder(str(more))
        assert session.add_note(result, "grandpa's blue car") is not None
        qtbot.waitUntil(lambda: any("is writing this library now" in t for _, t in session.messages), timeout=10_000)
        waits = [t for _, t in session.messages if "is writing this library now" in t]
        assert len(waits) == 1 and f"pid {os.getpid()}" in waits[0] and "starts when it is done" in waits[0]
        qtbot.wait(500)  # (several looks at the lock meanwhile)
        assert not session.indexing and session.status.videos == 12
        assert not [t for lvl, t in session.messages if lvl == "error"], session.messages

    qtbot.waitUntil(lambda: session.status.videos == 13 and not session.indexing, timeout=SESSION_TIMEOUT_MS)
    qtbot.waitUntil(lambda: any(t.startswith("Note added") for _, t in session.messages), timeout=10_000)
    found = search(qtbot, session, SearchRequest("grandpa's blue car", k=1))[0]
    assert found.video_id == result.video_id
    assert more.as_posix() in session.status.folders
    qtbot.waitUntil(lambda: writer_free(demo_library), timeout=10_000)  # let go again once done


def test_the_lock_is_held_while_a_run_writes(qtbot, make_session, tmp_path, demo_clips, demo_model, monkeypatch):
    from app.session import Session
    from tests.app.holding import HoldingEncoder, commit_each_video

    pausing = HoldingEncoder(cached_loader(demo_model), commit_each_video(monkeypatch))
    session = Session(loader=lambda source: pausing)
    try:
        with qtbot.waitSignal(session.ready, timeout=SESSION_TIMEOUT_MS):
            session.open(str(tmp_path / "lib"))
        qtbot.waitUntil(lambda: writer_free(tmp_path / "lib"), timeout=10_000)
        session.add_folder(str(demo_clips))
        qtbot.waitUntil(pausing.paused.is_set, timeout=SESSION_TIMEOUT_MS)
        assert not writer_free(tmp_path / "lib")  # mid-run: a terminal's index is refused
        pausing.go.set()
        wait_idle(qtbot, session, SESSION_TIMEOUT_MS)
        qtbot.waitUntil(lambda: writer_free(tmp_path / "lib"), timeout=10_000)
    finally:
        pausing.go.set()
        assert session.close()


def test_the_window_says_what_waits_and_the_warning_goes_once_it_starts(qtbot, make_app_window, demo_library):
    with rescan_waiting(qtbot, make_app_window(demo_library)) as window:
        session = window.session
        assert "indexing starts when it is done" in window.banner.text
    qtbot.waitUntil(lambda: not window.banner.isVisible(), timeout=10_000)
    assert any(lvl == "info" and "done writing this library" in t for lvl, t in window.message_log)
    wait_idle(qtbot, session)
    assert session.status.videos == 12 and not [t for lvl, t in window.message_log if lvl == "error"]


def test_a_run_cancelled_as_it_finds_another_process_writing_stays_cancelled(
        qtbot, make_session, demo_library, demo_clips, tmp_path, looks_every_200_ms):
    """A run whose worker found another process writing was put back first in the queue even when
    the user had cancelled it meanwhile (or removed its folder, or switched the model): it ran once
    the other process was done."""
    session = make_session(demo_library, refresh_interval_ms=200)
    qtbot.waitUntil(lambda: writer_free(demo_library), timeout=10_000)
    more = tmp_path / "more"
    more.mkdir()
    shutil.copy(demo_clips / "red-ball-beach.mp4", more / "again.mp4")

    started = []
    cancel = lambda on: (started.append(on), session.cancel_indexing()) if on and not started else None  # noqa: E731
    session.indexing_changed.connect(cancel)  # (as the run starts: before its worker's failure is heard)
    with another_writer(demo_library):  # a terminal's `seekframe index` takes the library
        session.add_folder(str(more))  # (queued once a worker has seen the folder)
        qtbot.waitUntil(lambda: bool(started) and not session.indexing, timeout=10_000)
        qtbot.wait(300)
    qtbot.wait(1000)  # (the lock looked at again, 5 times, the queue kicked)
    assert not session.indexing and not session._runner.queue
    assert session.status.videos == 12 and more.as_posix() not in session.status.folders
    assert not [t for lvl, t in session.messages if lvl == "error"], session.messages


def open_session(qtbot, loader, library: Path, store):
    """A Session open on ``library``, its held writes kept in ``store`` (an ``app.resume.UnfinishedRuns``,
    a window's settings), what it says in ``.messages``."""
    from app.session import Session

    s = Session(loader=loader, refresh_interval_ms=200)
    s.messages = []
    s.message.connect(lambda level, text: s.messages.append((level, text)))
    s.resume.store = store
    with qtbot.waitSignal(s.ready, timeout=SESSION_TIMEOUT_MS):
        s.open(str(library))
    qtbot.waitUntil(lambda: s.status.opened, timeout=SESSION_TIMEOUT_MS)
    return s


def test_a_note_waiting_for_another_process_when_the_window_closes_is_written_at_the_next_open(
        qtbot, loader, demo_library, tmp_path):
    """A note written while another process writes waits for it in memory: closing the window
    meanwhile dropped it, the user's text lost."""
    from app.resume import UnfinishedRuns
    from app.settings import AppSettings

    store = UnfinishedRuns(AppSettings(tmp_path / "app.ini"))

    def opened():
        return open_session(qtbot, loader, demo_library, store)

    first = opened()
    qtbot.waitUntil(lambda: writer_free(demo_library), timeout=10_000)
    result = search(qtbot, first, SearchRequest(BLUE_CAR.query, k=1))[0]
    with another_writer(demo_library):
        assert first.add_note(result, "grandpa's blue car") is not None
        qtbot.waitUntil(lambda: any("is writing this library now" in t for _, t in first.messages), timeout=10_000)
        assert first.close(timeout=30.0)
    second = opened()
    try:
        qtbot.waitUntil(lambda: any(t.startswith("Note added") for _, t in second.messages), timeout=SESSION_TIMEOUT_MS)
        assert search(qtbot, second, SearchRequest("grandpa's blue car", k=1))[0].video_id == result.video_id
    finally:
        assert second.close(timeout=30.0)
    assert store.held(str(demo_library)) == []  # (written: not again)


def test_a_library_another_process_re_indexes_with_another_model_is_not_searched_with_the_old_one(
        qtbot, make_session, demo_library):
    session = make_session(demo_library, refresh_interval_ms=200)
    qtbot.waitUntil(lambda: writer_free(demo_library), timeout=10_000)
    assert session.searcher is not None
    with VideoLibrary(demo_library) as other:  # `seekframe index --reindex --model OTHER`, begun
        other.reset_for_model("tiny-0123456789ab", "/models/tiny", other.meta.dim)  # (same width: no error)
    qtbot.waitUntil(lambda: session.searcher is None, timeout=10_000)
    said = [t for lvl, t in session.messages if lvl == "warning" and "was indexed with the model" in t]
    assert len(said) == 1 and "/models/tiny" in said[0]
    assert session.why_no_search() == said[0]


def test_a_folder_added_is_looked_at_in_a_worker_not_the_window(qtbot, make_session, tmp_path, demo_clips,
                                                                monkeypatch):
    """Adding a folder on a share whose server is gone froze the window: its stat ran in the GUI thread."""
    from tests.app.holding import hang_stat

    session = make_session(tmp_path / "lib")
    folder = tmp_path / "share"
    folder.mkdir()
    shutil.copy(demo_clips / "red-ball-beach.mp4", folder)
    answered = []  # (the look hangs until the test lets it go, 60 s at most)
    gate, in_gui = hang_stat(monkeypatch, str(folder), hold_s=60.0, answered=answered)
    session.add_folder(str(folder))
    assert not answered  # add_folder returned without waiting for the look
    qtbot.waitUntil(lambda: bool(in_gui), timeout=10_000)
    assert not answered
    gate.set()
    qtbot.waitUntil(lambda: session.status.videos == 1 and not session.indexing, timeout=SESSION_TIMEOUT_MS)
    assert in_gui and not any(in_gui)

    session.add_folder(str(folder / "red-ball-beach.mp4"))  # a file, not a folder: said, nothing queued
    qtbot.waitUntil(lambda: any("is not a folder that can be read" in t for _, t in session.messages), timeout=10_000)
    assert not session.indexing and not session._runner.queue


def test_a_held_note_is_kept_not_dropped_when_the_next_open_has_another_model(
        qtbot, make_session, demo_library, demo_model, tmp_path, tiny_model_dir):
    """A note kept at close (it waited for another writer) was written at the next open with
    whatever model was in hand: one not the library's refused it ("Nothing was added") and the
    note, already taken out of the settings, was lost with the user's text."""
    from app.resume import UnfinishedRuns
    from app.settings import AppSettings
    from core.library import VideoLibrary

    with VideoLibrary(demo_library, read_only=True) as lib:
        video = next(v for v in lib.video_table.all() if Path(v.path).name == BLUE_CAR.file)
    store = UnfinishedRuns(AppSettings(tmp_path / "app.ini"))
    note = ["note", video.video_id, "grandpa's blue car", 0.0, 4.0, video.path]
    store.set_held(str(demo_library), [note])

    session = make_session(demo_library, ready=False, model_source=str(tiny_model_dir))
    session.resume.store = store
    qtbot.waitUntil(lambda: session.encoder is not None and session.status.opened, timeout=SESSION_TIMEOUT_MS)
    qtbot.waitUntil(lambda: any("grandpa" in t or "note" in t.lower() for _, t in session.messages
                                if "File › Model" in t or "Nothing was added" in t), timeout=10_000)
    wait_idle(qtbot, session)
    assert not [t for lvl, t in session.messages if lvl == "error"], session.messages
    assert store.held(str(demo_library)) == [note]  # (kept for the library's model)

    session.switch_model(demo_model)  # the library's own: the note is written then
    qtbot.waitUntil(lambda: any(t.startswith("Note added") for _, t in session.messages), timeout=SESSION_TIMEOUT_MS)
    assert store.held(str(demo_library)) == []


def test_a_folder_look_that_hangs_does_not_hold_the_library_s_close(qtbot, make_session, tmp_path, monkeypatch):
    """The look at a folder added ran as the session's own work, which its close waits for: a share
    whose server is gone held the GUI thread in ``close`` (opening another library, the window's
    reopen as writer, quitting) for its whole timeout, and the library was then left unclosed."""
    from tests.app.holding import hang_stat

    session = make_session(tmp_path / "lib")
    folder = tmp_path / "share"
    folder.mkdir()
    gate, in_gui = hang_stat(monkeypatch, str(folder), hold_s=60.0)
    try:
        session.add_folder(str(folder))
        qtbot.waitUntil(lambda: bool(in_gui), timeout=10_000)  # the look hangs
        assert session.close(timeout=1.0)  # (it waited for the look, then left the library open)
        assert not session.indexing and session._runner.outstanding() is None
    finally:
        gate.set()


def test_work_that_waited_and_was_cancelled_no_longer_says_it_starts(qtbot, make_app_window, demo_library):
    """Indexing cancelled while it waited for another process: the warning stayed, saying it would
    start when that process was done, and then the status bar said 'what waited for it starts now'
    though nothing did."""
    with rescan_waiting(qtbot, make_app_window(demo_library)) as window:
        session = window.session
        session.cancel_indexing()
        assert session._runner.turn.waiting is None  # (nothing waits: no word when the other is done)
        assert not window.banner.isVisible() or "starts when it is done" not in window.banner.text
    wait_idle(qtbot, session)
    assert not any("what waited for it starts now" in t for _, t in window.message_log)


def test_work_that_waits_starts_when_the_window_s_own_note_took_the_lock_first(
        qtbot, make_session, demo_library):
    """Indexing waited for another process; that one finished and a note written at once took the
    lock before the next look at it: the looks then found the lock held (by this window itself)
    for ever, the indexing never started and the lock was never let go (a terminal refused)."""
    session = make_session(demo_library, refresh_interval_ms=200)
    qtbot.waitUntil(lambda: writer_free(demo_library), timeout=10_000)
    result = search(qtbot, session, SearchRequest(BLUE_CAR.query, k=1))[0]
    with another_writer(demo_library):
        session.rescan()
        qtbot.waitUntil(lambda: session._runner.turn.waiting is not None, timeout=10_000)
    assert session.add_note(result, "grandpa's blue car") is not None  # (before the next look)
    qtbot.waitUntil(lambda: any(t.startswith("Note added") for _, t in session.messages), timeout=10_000)
    qtbot.waitUntil(lambda: session._runner.turn.waiting is None, timeout=10_000)
    wait_idle(qtbot, session)
    qtbot.waitUntil(lambda: writer_free(demo_library), timeout=10_000)  # let go once done
    assert not [t for lvl, t in session.messages if lvl == "error"], session.messages


def test_work_waiting_for_another_writer_stops_looking_at_the_lock_once_the_library_is_gone(
        qtbot, make_session, demo_library, tmp_path, monkeypatch, looks_every_200_ms):
    """The lock file of a library moved away cannot be opened: every look said 'held' and the
    window looked at it every second for as long as it stayed open."""
    import app.engine

    session = make_session(demo_library, refresh_interval_ms=200)
    qtbot.waitUntil(lambda: writer_free(demo_library), timeout=10_000)
    looks = []
    real_free = app.engine.writer_free
    monkeypatch.setattr(app.engine, "writer_free", lambda d: (looks.append(d), real_free(d))[1])
    with another_writer(demo_library):
        session.rescan()
        qtbot.waitUntil(lambda: len(looks) >= 2, timeout=10_000)  # (looked at every second meanwhile)
        os.rename(demo_library, tmp_path / "moved")
        qtbot.waitUntil(lambda: session.gone.gone, timeout=10_000)  # (found by the next look at the lock)
        qtbot.wait(200)
        seen = len(looks)
        qtbot.wait(1000)  # (5 looks' time)
        assert len(looks) == seen


def test_a_cancel_between_the_runs_failure_and_its_end_leaves_nothing_waiting(
        qtbot, make_app_window, demo_library, monkeypatch, looks_every_200_ms):
    """The user's Cancel heard after the run found another process writing (its job put back to wait)
    but before its worker's end: the run still counted as going, so the wait stayed; once the other
    process was done the window said 'what waited for it starts now', and nothing started."""
    from app.job_runner import JobRunner

    failed = JobRunner._job_failed

    def failed_then_cancel(self, job, worker, msg, then):  # (the click queued between the two signals)
        failed(self, job, worker, msg, then)
        if worker.busy is not None:
            self.cancel_indexing()

    monkeypatch.setattr(JobRunner, "_job_failed", failed_then_cancel)
    window = make_app_window(demo_library)
    session = window.session
    library = Path(session.library_dir)
    qtbot.waitUntil(lambda: writer_free(library), timeout=10_000)
    with another_writer(library):
        session.rescan()
        qtbot.waitUntil(lambda: session._runner._running is None and not session.indexing, timeout=10_000)
        assert session._runner.turn.waiting is None
    wait_idle(qtbot, session)
    qtbot.wait(1000)  # (five looks at the lock, were one still made)
    assert not any("what waited for it starts now" in t for _, t in window.message_log)
