"""The library folder is never looked at in the GUI thread (``app.library_gone``,
``app.library_look``): on a share whose server is gone, or a drive that hangs, a ``stat`` of it
hangs for minutes, and the window froze on the look made before every write and after every
failure. It is looked at in a worker: before a write by the write's own worker, after a failure
through the worker pool, the answer heard in the GUI thread."""

from __future__ import annotations

import os
import threading

from app.requests import SearchRequest
from tests.app.conftest import SESSION_TIMEOUT_MS, wait_idle
from tests.app.holding import beats


def watch_library_folder(monkeypatch, folder: str, worker_hold_s: float = 10.0,
                         answered: list | None = None) -> tuple[threading.Event, list[bool], list[bool]]:
    """Every ``os.stat`` of ``folder`` or of a path in it is noted (whether it ran in the GUI
    thread) and, once the returned ``hanging`` list holds True, hangs until ``gate`` is set (a
    share whose server is gone; 3 s at most in the GUI thread, so the old code fails, not hangs;
    ``worker_hold_s`` at most in a worker): ``(gate, hanging, in_gui)``. ``answered``, when given,
    gets True as each hung stat returns (nothing waited for one while it is empty)."""
    real, gate, hanging, in_gui = os.stat, threading.Event(), [], []

    def stat(path, *args, **kwargs):
        where = os.fsdecode(path) if isinstance(path, (str, bytes, os.PathLike)) else ""
        if where == folder or where.startswith(folder + os.sep):
            gui = threading.current_thread() is threading.main_thread()
            in_gui.append(gui)
            if hanging:
                gate.wait(3 if gui else worker_hold_s)
                if answered is not None:
                    answered.append(True)
        return real(path, *args, **kwargs)

    monkeypatch.setattr(os, "stat", stat)
    return gate, hanging, in_gui


def said_gone(qtbot, session, library, tmp_path):
    """``session``, once its library folder (moved away to ``tmp_path/moved``) is said gone by a
    write's worker."""
    wait_idle(qtbot, session)
    os.rename(library, tmp_path / "moved")
    session.rescan()
    qtbot.waitUntil(lambda: session.gone.gone, timeout=SESSION_TIMEOUT_MS)
    wait_idle(qtbot, session)
    return session


def test_a_library_folder_that_hangs_never_holds_the_gui_thread(qtbot, make_session, demo_library, monkeypatch):
    import app.engine

    answered = []  # (the drive hangs until the test lets it go: nothing may wait for it meanwhile)
    gate, hanging, in_gui = watch_library_folder(monkeypatch, str(demo_library), worker_hold_s=60.0,
                                                 answered=answered)
    session = make_session(demo_library)
    wait_idle(qtbot, session)
    in_gui.clear()  # (its opening: the next test)
    hanging.append(True)  # its drive hangs from now on
    monkeypatch.setattr(app.engine, "run_search", lambda *a: (_ for _ in ()).throw(RuntimeError("boom")))
    try:
        session.rescan()  # a write: its folder looked at first (was: in the GUI thread)
        assert not answered  # (the rescan returned without waiting for the look)
        session.search(SearchRequest("a red ball"))  # fails: its folder looked at before the error is said
        beats(qtbot, 16)  # the GUI thread went on (its timer fired 16 times)...
        assert not answered  # ...while the looks hung
        qtbot.waitUntil(lambda: bool(in_gui), timeout=10_000)  # (the workers' looks, however late they start)
        assert True not in in_gui and in_gui, in_gui  # (looked at, in workers only)
        assert not [t for lvl, t in session.messages if lvl == "error"]  # (said once the look answers)
    finally:
        gate.set()
    qtbot.waitUntil(lambda: any(lvl == "error" and "boom" in t for lvl, t in session.messages),
                    timeout=SESSION_TIMEOUT_MS)  # the folder is there: the search's error is said
    wait_idle(qtbot, session)
    assert not session.gone.gone and not session.read_only
    assert True not in in_gui, in_gui


def test_a_write_finds_the_library_gone_in_its_worker_and_says_it_once(qtbot, make_session, demo_library,
                                                                       monkeypatch, tmp_path):
    _gate, _hanging, in_gui = watch_library_folder(monkeypatch, str(demo_library))
    session = make_session(demo_library)
    assert True not in in_gui, "the library folder was looked at in the GUI thread as it opened"
    said = []
    session.gone.changed.connect(said.append)
    wait_idle(qtbot, session)
    os.rename(demo_library, tmp_path / "moved")
    session.rescan()  # its worker looks first: nothing is written where the library was
    session.rescan()
    qtbot.waitUntil(lambda: session.gone.gone, timeout=SESSION_TIMEOUT_MS)
    wait_idle(qtbot, session)
    session.rescan()  # refused at once, said why: no look
    assert session.messages[-1][0] == "warning" and "Cannot re-scan" in session.messages[-1][1]
    assert True not in in_gui, in_gui
    assert len(said) == 1 and "is no longer there" in said[0] and session.read_only
    assert not [t for lvl, t in session.messages if lvl == "error" and "no longer there" not in t], session.messages
    assert not demo_library.exists()  # (nothing written where it was)


def test_a_look_answered_after_the_library_closed_does_nothing(qtbot, make_session, demo_library, monkeypatch,
                                                               tmp_path):
    import app.engine

    gate, hanging, in_gui = watch_library_folder(monkeypatch, str(demo_library))
    session = make_session(demo_library, refresh_interval_ms=600_000)
    said = []
    session.gone.changed.connect(said.append)
    wait_idle(qtbot, session)
    qtbot.waitUntil(lambda: session.library.read_only and not session._workers, timeout=10_000)  # (lock let go)
    monkeypatch.setattr(app.engine, "run_search", lambda *a: (_ for _ in ()).throw(RuntimeError("boom")))
    hanging.append(True)
    seen = len(in_gui)
    try:
        session.search(SearchRequest("a red ball"))  # fails: its folder looked at, which hangs
        qtbot.waitUntil(lambda: len(in_gui) > seen and session.gone._look is not None, timeout=10_000)
        assert session.close(timeout=10)  # (the look is not the session's work: the close does not wait)
        os.rename(demo_library, tmp_path / "moved")  # and its folder is gone by the time it answers
    finally:
        gate.set()
    qtbot.wait(300)
    assert said == [] and not session.gone.gone and not session.read_only_reason
    assert not [t for lvl, t in session.messages if lvl == "error"], session.messages


def test_open_again_with_no_library_in_hand_opens_it_once_back(qtbot, make_session, demo_library, tmp_path):
    """(A reopen that failed leaves none in hand: the next click was ignored.)"""
    session = said_gone(qtbot, make_session(demo_library), demo_library, tmp_path)
    assert session.close(timeout=10)  # (none in hand now, its folder still said gone)
    os.rename(tmp_path / "moved", demo_library)
    session.gone.open_again()
    qtbot.waitUntil(lambda: session.status.opened and not session.read_only and session.is_ready,
                    timeout=SESSION_TIMEOUT_MS)
    assert not session.gone.gone


def test_whether_it_is_the_demo_library_is_looked_at_in_the_opening_worker(qtbot, make_app_window, demo_library,
                                                                          monkeypatch, tmp_path):
    """The window asks, as a library opens and as its model is ready, whether it is the demo
    library (File › Back to my library; the user's own library and model remembered): resolving
    the library's path (links) ran in the GUI thread, a freeze on a share that hangs."""
    link = tmp_path / "demo-link"
    link.symlink_to(demo_library)  # the demo library, named through a link: only resolving tells
    monkeypatch.setenv("SEEKFRAME_DEMO_LIBRARY", str(link))
    real, in_gui = os.path.realpath, []

    def realpath(path, *args, **kwargs):
        if str(demo_library) in os.fsdecode(path) or str(link) in os.fsdecode(path):
            in_gui.append(threading.current_thread() is threading.main_thread())
        return real(path, *args, **kwargs)

    monkeypatch.setattr(os.path, "realpath", realpath)
    window = make_app_window(demo_library)
    assert in_gui and True not in in_gui, in_gui  # resolved, in a worker only
    assert window.session.on_demo and window.own_library_action.isVisible()  # (File › Back to my library)
    assert window.settings.own_library_dir != str(demo_library)  # (not remembered as the user's own)


def test_open_again_says_when_its_look_hangs_or_fails(qtbot, make_session, demo_library, monkeypatch, tmp_path):
    """"Open again" on a share that does not answer: a second click did nothing, and a look that
    failed was only logged; each now says so in the notice."""
    import app.library_gone

    session = said_gone(qtbot, make_session(demo_library), demo_library, tmp_path)
    said = []
    session.gone.changed.connect(said.append)
    gate = threading.Event()
    real = app.library_gone.look
    monkeypatch.setattr(app.library_gone, "look", lambda *a: gate.wait(10) and real(*a))  # (then: still gone)
    try:
        session.gone.open_again()  # its look hangs
        session.gone.open_again()  # clicked again
        assert said and "Still looking at" in said[-1] and "does not answer yet" in said[-1], said
    finally:
        gate.set()
    qtbot.waitUntil(lambda: session.gone._again is None, timeout=SESSION_TIMEOUT_MS)

    def failing(*_args):
        raise OSError(5, "Input/output error")

    monkeypatch.setattr(app.library_gone, "look", failing)
    session.gone.open_again()
    qtbot.waitUntil(lambda: "Could not look at" in said[-1], timeout=SESSION_TIMEOUT_MS)
    assert session.gone.gone and session.read_only  # still gone: nothing opened
    wait_idle(qtbot, session)
