"""A folder added is looked at before it is indexed: one holding library folders is asked about first
("… holds the library folder …: Add it?"). A window closed before that look answered (the library's
first status read not back yet, or the look itself still under way) left the folder recorded as an
unfinished run, and the next open indexed it unasked, taking the library's folders in. The record now
says which of its folders were adds not looked at yet (``UnfinishedRuns.adds``): the next open looks at
them again, asking where it must, and indexes at once only the others."""

from __future__ import annotations

import pytest

from app.resume import UnfinishedRuns
from app.session import Session
from app.settings import AppSettings
from tests.app.conftest import SESSION_TIMEOUT_MS, wait_idle
from tests.app.first_status import library_folders as _folders
from tests.app.first_status import status_held
from tests.app.first_status import trip_library as _library


@pytest.fixture
def sessions(qtbot, loader):
    """``sessions(library_dir, store, ready=True)``: a Session whose unfinished runs live in ``store``,
    opened (its model loaded and its status read when ``ready``); closed at the end of the test."""
    made = []

    def make(library_dir, store, ready: bool = True):
        s = Session(loader=loader)
        s.messages, s.asked = [], []
        s.message.connect(lambda level, text: s.messages.append((level, text)))
        s.add_asked.connect(lambda folder, text: s.asked.append(folder))  # (the panel asks it: No here)
        s.resume.store = store
        made.append(s)
        s.open(str(library_dir))
        if ready:
            qtbot.waitUntil(lambda: s.is_ready and s.status.opened, timeout=SESSION_TIMEOUT_MS)
        return s

    yield make
    for s in made:
        assert s.close(timeout=30.0)


@pytest.mark.parametrize("closed", ["before the first status read", "while its look runs"])
def test_a_folder_whose_add_was_not_looked_at_when_the_window_closed_is_asked_about_at_the_next_open(
        qtbot, sessions, tmp_path, demo_model, monkeypatch, closed):
    lib, parent, trip = _library(tmp_path, demo_model)
    store = UnfinishedRuns(AppSettings(tmp_path / "app.ini"))
    if closed == "before the first status read":
        reading, go = status_held(monkeypatch)
        first = sessions(lib, store, ready=False)
        try:
            qtbot.waitUntil(lambda: first.is_open and reading.is_set(), timeout=SESSION_TIMEOUT_MS)
            assert not first.status.opened
            first.add_folder(str(parent))
        finally:
            go.set()  # (its answer is not heard: the window closes first)
    else:
        first = sessions(lib, store)
        first.add_folder(str(parent))  # (its look's answer not heard: the window closes first)
    assert first.close(timeout=30.0)
    assert first.asked == []
    assert store.get(str(lib)).roots == (str(parent),)  # (an app before this one resumes it as before)
    assert store.adds(str(lib)) == (str(parent),)
    again = sessions(lib, store)
    qtbot.waitUntil(lambda: bool(again.asked), timeout=SESSION_TIMEOUT_MS)  # (old: indexed unasked)
    wait_idle(qtbot, again)
    assert again.asked == [str(parent)]
    assert again.status.folders == (str(trip),)
    assert _folders(lib) == [str(trip)]
    assert store.get(str(lib)) is None and store.adds(str(lib)) == ()  # (answered No: nothing left to resume)


def test_a_folder_that_needs_no_question_is_looked_at_and_indexed_at_the_next_open(qtbot, sessions, tmp_path,
                                                                                   demo_model):
    lib, _parent, trip = _library(tmp_path, demo_model)
    other = tmp_path / "Other"
    other.mkdir()
    store = UnfinishedRuns(AppSettings(tmp_path / "app.ini"))
    first = sessions(lib, store)
    first.add_folder(str(other))
    assert first.close(timeout=30.0)
    assert store.adds(str(lib)) == (str(other),)
    again = sessions(lib, store)
    qtbot.waitUntil(lambda: str(other) in _folders(lib), timeout=SESSION_TIMEOUT_MS)
    wait_idle(qtbot, again)
    assert again.asked == []
    assert any(text.startswith("Resuming the indexing") for _, text in again.messages), again.messages
    assert store.get(str(lib)) is None
