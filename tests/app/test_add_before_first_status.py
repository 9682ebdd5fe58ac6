"""A folder added while the library opens, before its first status read came back (Add folder… right as
the window opens, a folder dropped on it at start, Try the demo), was looked at with the status as it was
then: no folders, none offline, none kept apart. So the "… holds the library folder …: Add it?" question
was never asked, and the folder was added, taking the library's folders in, without the user's yes. The
look now waits for the library's first status read (``app.job_runner``): the folder shows as on the way
meanwhile, and is asked about with the library's folders. Removed before that read, such a folder was said
as "… is removed from the library now: the other Seekframe process finished removing it"; it is said as not
in the library yet, as after a read."""

from __future__ import annotations

from tests.app.conftest import SESSION_TIMEOUT_MS, wait_idle
from tests.app.first_status import library_folders as _folders
from tests.app.first_status import status_held as _status_held
from tests.app.first_status import trip_library as _library


def test_a_folder_added_before_the_first_status_read_is_asked_about_with_the_librarys_folders(
        qtbot, make_session, tmp_path, demo_model, monkeypatch):
    lib, parent, trip = _library(tmp_path, demo_model)
    reading, go = _status_held(monkeypatch)
    session = make_session(lib, ready=False)
    asked = []  # (the window's panel asks it: No here, nothing added)
    session.add_asked.connect(lambda folder, text: asked.append((folder, text)))
    try:
        qtbot.waitUntil(lambda: session.is_open and reading.is_set(), timeout=SESSION_TIMEOUT_MS)
        assert not session.status.opened  # (its first read not back yet)
        session.add_folder(str(parent))
        assert str(parent) in session.status.folders  # (shown on the way at once)
    finally:
        go.set()
    qtbot.waitUntil(lambda: session.is_ready, timeout=SESSION_TIMEOUT_MS)
    wait_idle(qtbot, session)
    assert asked == [(str(parent), f"{parent} holds the library folder {trip}: added, it takes it in and is listed "
                                   f"as one folder, its videos kept (not indexed again). Removing {parent} later "
                                   "removes its videos too. Add it?")], asked  # (old: none asked, parent added)
    assert session.status.folders == (str(trip),)
    assert _folders(lib) == [str(trip)]


def test_a_folder_added_and_removed_before_the_first_status_read_is_said_as_never_in_the_library(
        qtbot, make_session, tmp_path, demo_model, monkeypatch):
    from app.run_words import never_added_text

    lib, _parent, trip = _library(tmp_path, demo_model)
    other = tmp_path / "Other"
    other.mkdir()
    reading, go = _status_held(monkeypatch)
    session = make_session(lib, ready=False)
    try:
        qtbot.waitUntil(lambda: session.is_open and reading.is_set(), timeout=SESSION_TIMEOUT_MS)
        session.add_folder(str(other))
        session.remove_folder(str(other))  # (the panel lists it on its way: its Remove)
    finally:
        go.set()
    qtbot.waitUntil(lambda: session.is_ready, timeout=SESSION_TIMEOUT_MS)
    wait_idle(qtbot, session)
    assert session.messages == [("info", never_added_text(str(other)))], session.messages  # (old: 'the other
    assert session.status.folders == (str(trip),)  # Seekframe process finished removing it')
    assert _folders(lib) == [str(trip)]


def test_a_left_runs_folder_removed_elsewhere_before_the_first_read_is_not_said_as_never_in_the_library(
        qtbot, loader, tmp_path, demo_model, monkeypatch):
    """df44a74 took every folder removed before the first read as on its way only, a closed window's run
    left (``app.resume``) among them: one a terminal's `seekframe forget` removed meanwhile was said as
    "… was not in the library yet: its indexing was dropped" (rv_1 finding 4)."""
    from app.jobs import IndexJob
    from app.resume import UnfinishedRuns
    from app.run_words import never_added_text
    from app.session import Session
    from app.settings import AppSettings
    from core.cli import main
    from core.library.lock import writer_free

    lib, _parent, trip = _library(tmp_path, demo_model)
    store = UnfinishedRuns(AppSettings(tmp_path / "app.ini"))
    store.set(str(lib), IndexJob((str(trip),)))  # (a run of trip a closed window left)
    reading, go = _status_held(monkeypatch)
    session = Session(loader=loader, refresh_interval_ms=5000)
    session.messages = []
    session.message.connect(lambda level, text: session.messages.append((level, text)))
    session.resume.store = store
    try:
        try:
            session.open(str(lib))
            qtbot.waitUntil(lambda: session.is_open and reading.is_set() and writer_free(lib),
                            timeout=SESSION_TIMEOUT_MS)  # (the open's own writes done)
            assert main(["forget", str(trip), "--library", str(lib)]) == 0  # (a terminal's, meanwhile)
            assert not session.status.opened  # (its first read not back yet: else an after-the-read test)
            session.remove_folder(str(trip))
        finally:
            go.set()
        qtbot.waitUntil(lambda: session.is_ready, timeout=SESSION_TIMEOUT_MS)
        wait_idle(qtbot, session)
        said = " ".join(text for _level, text in session.messages)
        assert never_added_text(str(trip)) not in said, session.messages
        assert f"{trip} is removed from the library now: the other Seekframe process finished removing it" in said, \
            session.messages
        assert _folders(lib) == [] and store.get(str(lib)) is None
    finally:
        assert session.close(timeout=30.0)
