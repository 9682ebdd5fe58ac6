"""Indexing a window left unfinished resumes when the library opens again for writing
(``app.resume``): a folder added just before the window closed, a run closed mid-way, the
re-index of a model switch closed mid-way (its videos waiting in the library)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from app.jobs import IndexJob
from app.requests import READ_ONLY_MESSAGE
from app.resume import UnfinishedRuns
from app.session import Session
from app.settings import AppSettings
from app.write_role import TAKEN
from tests.app.conftest import SESSION_TIMEOUT_MS, wait_idle


@pytest.fixture
def open_session(qtbot, loader):
    """``open_session(library_dir, store)``: a Session whose unfinished runs live in ``store``,
    opened, its model loaded; closed at the end of the test."""
    sessions = []

    def make(library_dir, store, refresh_interval_ms: int = 5000):
        s = Session(loader=loader, refresh_interval_ms=refresh_interval_ms)
        s.messages = []
        s.message.connect(lambda level, text: s.messages.append((level, text)))
        s.resume.store = store
        sessions.append(s)
        with qtbot.waitSignal(s.ready, timeout=SESSION_TIMEOUT_MS):
            s.open(str(library_dir))
        qtbot.waitUntil(lambda: s.status.opened, timeout=SESSION_TIMEOUT_MS)
        return s

    yield make
    for s in sessions:
        assert s.close(timeout=30.0)


@pytest.fixture
def store(tmp_path):
    return UnfinishedRuns(AppSettings(tmp_path / "app.ini"))


def three_clips(demo_clips: Path, folder: Path) -> Path:
    folder.mkdir()
    for clip in sorted(demo_clips.glob("*.mp4"))[:3]:
        shutil.copy(clip, folder)
    return folder


def test_a_folder_added_just_before_closing_is_indexed_at_the_next_open(qtbot, open_session, store, demo_library,
                                                                       demo_clips, tmp_path):
    more = three_clips(demo_clips, tmp_path / "more")
    first = open_session(demo_library, store)
    first.add_folder(str(more))
    assert first.close(timeout=30.0)  # at once: the run had no time to record the folder
    assert store.get(str(demo_library)).roots == (str(more),)  # remembered before any work started
    again = open_session(demo_library, store)
    qtbot.waitUntil(lambda: again.status.videos == 15 and not again.indexing, timeout=SESSION_TIMEOUT_MS)
    assert str(more) in again.status.folders
    assert any(text.startswith("Resuming the indexing") for _, text in again.messages)
    wait_idle(qtbot, again)
    assert store.get(str(demo_library)) is None  # done: nothing left to resume


def test_a_cancelled_run_is_not_resumed(qtbot, open_session, store, demo_library, demo_clips, tmp_path):
    more = three_clips(demo_clips, tmp_path / "more")
    first = open_session(demo_library, store)
    first.add_folder(str(more))
    first.cancel_indexing()  # the user's choice: Re-scan finishes it
    wait_idle(qtbot, first)
    assert store.get(str(demo_library)) is None
    assert first.close(timeout=30.0)
    again = open_session(demo_library, store)  # the next open leaves it as the user did
    qtbot.waitUntil(lambda: again.status.opened and again.searcher is not None, timeout=SESSION_TIMEOUT_MS)
    wait_idle(qtbot, again)
    assert not again.indexing and again.status.videos < 15
    assert not any(text.startswith(("Resuming the indexing", "12 videos were waiting")) for _, text in again.messages)


def test_videos_left_waiting_by_a_model_switch_are_indexed_at_the_next_open(qtbot, open_session, store, demo_library,
                                                                           loader, tiny_model_dir):
    from core import service
    from core.library import VideoLibrary

    with VideoLibrary(demo_library) as lib:  # a switch whose re-index was closed before any video
        service.switch_model(lib, loader(str(tiny_model_dir)))
        assert service.library_status(lib).pending == 12 and lib.model_switch is None
    again = open_session(demo_library, store)
    qtbot.waitUntil(lambda: again.status.videos == 12 and not again.indexing, timeout=SESSION_TIMEOUT_MS)
    assert any(text.startswith("12 videos were waiting to be indexed") for _, text in again.messages)


def test_a_read_only_window_keeps_the_record_then_takes_the_write_role_and_resumes(
        qtbot, open_session, store, demo_library, demo_clips, tmp_path):
    from core.library.lock import lock_library

    more = three_clips(demo_clips, tmp_path / "more")
    store.set(str(demo_library), IndexJob((str(more),)))
    lock = lock_library(demo_library)  # another process writes the library
    try:
        s = open_session(demo_library, store, refresh_interval_ms=200)
        assert s.read_only and not s.indexing
        qtbot.wait(800)  # a few periodic reads: the lock is held
        assert s.read_only and store.get(str(demo_library)) == IndexJob((str(more),))
    finally:
        lock.release()  # the other process is done
    qtbot.waitUntil(lambda: not s.read_only and s.status.opened, timeout=SESSION_TIMEOUT_MS)
    assert ("info", TAKEN) in s.messages
    qtbot.waitUntil(lambda: s.status.videos == 15 and not s.indexing, timeout=SESSION_TIMEOUT_MS)
    wait_idle(qtbot, s)


def test_the_window_loses_its_read_only_banner_once_writable(qtbot, make_app_window, demo_library):
    from core.library.lock import lock_library

    lock = lock_library(demo_library)
    try:
        window = make_app_window(demo_library)
        session = window.session
        assert session.read_only and window.banner.text == READ_ONLY_MESSAGE
        assert not window.library_panel._add.isEnabled() and window.windowTitle().endswith("(read-only)")
        session._reader._periodic.setInterval(200)
    finally:
        lock.release()
    qtbot.waitUntil(lambda: not session.read_only and session.status.opened, timeout=SESSION_TIMEOUT_MS)
    qtbot.waitUntil(lambda: window.library_panel._add.isEnabled(), timeout=10_000)
    assert window.banner.text == "" and not window.windowTitle().endswith("(read-only)")
    assert window.add_folder_action.isEnabled()
