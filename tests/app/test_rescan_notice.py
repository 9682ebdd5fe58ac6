"""The file notice's "Re-scan its folder" looks at that folder off the GUI thread
(``app.wiring.rescan``): ``os.path.isdir`` on a share whose server is gone hangs, and the window
froze with it. Only the latest click's answer counts, and not once another library is open."""

from __future__ import annotations

import os
import sys
import threading

import pytest

from app.file_state import GONE
from tests.app.conftest import type_query, wait_idle
from tests.app.holding import beats
from tests.app.test_session_search import RED_BALL

# (the slow-look words are what these tests are about: said after 250 ms as in the app)
pytestmark = pytest.mark.usefixtures("slow_word_as_in_the_app")


def noticed_window(qtbot, make_app_window, demo_library, monkeypatch):
    """The window with the file notice up for a result's file gone; the session's re-scans
    recorded instead of run: ``(window, result, asked)``, ``asked`` a list of ("folder", folder) (its
    re-scan), ("add", folder) (an add, which it never asks) and ("rescan", None)."""
    window = make_app_window(demo_library)
    result = type_query(qtbot, window, RED_BALL.query)[0]
    asked: list[tuple] = []
    monkeypatch.setattr(window.session, "add_folder", lambda folder, looked=False: asked.append(("add", folder)))
    monkeypatch.setattr(window.session, "rescan_folder", lambda folder: asked.append(("folder", folder)))
    monkeypatch.setattr(window.session, "rescan", lambda: asked.append(("rescan", None)))
    say(window, result)
    return window, result, asked


def hang_isdir(monkeypatch, folder: str, hold_s: float = 5.0,
               answered: list | None = None) -> tuple[threading.Event, list[bool]]:
    """``os.path.isdir(folder)`` asked by the controllers (directly, or through a worker they
    started) hangs, as on a share whose server is gone, until the returned gate is set (``hold_s``
    at most); the list says, of each, whether it ran in the GUI thread. (The library's status,
    read in a worker meanwhile, looks at its folders too: not counted, not held.) ``answered``,
    when given, gets True as each such look returns (nothing waited for it while it is empty)."""
    real, gate, in_gui = os.path.isdir, threading.Event(), []

    def isdir(path):
        caller = sys._getframe(1).f_code.co_filename.replace(os.sep, "/")
        if path == folder and ("/app/wiring/" in caller or caller.endswith("/app/workers.py")):
            in_gui.append(threading.current_thread() is threading.main_thread())
            gate.wait(hold_s)
            if answered is not None:
                answered.append(True)
        return real(path)

    monkeypatch.setattr(os.path, "isdir", isdir)
    return gate, in_gui


def say(window, result) -> None:
    window.wiring.preview.say(result, GONE)
    assert window.file_notice.isVisible() and window.file_notice.root == result.root


def test_the_folder_is_looked_at_off_the_gui_thread_which_goes_on_meanwhile(qtbot, make_app_window,
                                                                           demo_library, monkeypatch):
    window, result, asked = noticed_window(qtbot, make_app_window, demo_library, monkeypatch)
    answered = []  # (the share hangs until the test lets it go: nothing may wait for it meanwhile)
    gate, stats = hang_isdir(monkeypatch, result.root, hold_s=60.0, answered=answered)  # its folder on a share that hangs
    try:
        window.file_notice.button.click()
        assert not answered  # the click returned without waiting for the share
        beats(qtbot, 12)  # the window went on (its timer fired 12 times)...
        assert not answered  # ...while the share hung
        qtbot.waitUntil(lambda: bool(stats), timeout=10_000)  # (the worker's look, however late it starts)
        assert stats == [False], stats  # looked at once, in the worker pool
        qtbot.waitUntil(lambda: "does not answer yet" in window.statusBar().currentMessage(), timeout=10_000)
        assert asked == [] and not window.file_notice.isVisible()  # nothing indexed before it answers
        assert stats == [False] and not answered, stats
    finally:
        gate.set()
    qtbot.waitUntil(lambda: asked == [("folder", result.root)], timeout=10_000)  # there: that folder indexed
    assert "does not answer yet" not in window.statusBar().currentMessage()


def test_a_folder_not_there_any_more_rescans_every_folder(qtbot, make_app_window, demo_library, monkeypatch,
                                                          tmp_path):
    window, result, asked = noticed_window(qtbot, make_app_window, demo_library, monkeypatch)
    window.file_notice.root = str(tmp_path / "unplugged")
    window.file_notice.button.click()
    qtbot.waitUntil(lambda: asked == [("rescan", None)], timeout=10_000)


def test_only_the_latest_click_counts_and_a_hung_folder_is_looked_at_once(qtbot, make_app_window, demo_library,
                                                                          monkeypatch, tmp_path):
    window, result, asked = noticed_window(qtbot, make_app_window, demo_library, monkeypatch)
    gate, stats = hang_isdir(monkeypatch, result.root, hold_s=60.0)  # (held until let go: a loaded machine's steps outlast 5 s)
    other = tmp_path / "other folder"
    other.mkdir()
    try:
        window.file_notice.button.click()  # its folder hangs
        qtbot.waitUntil(lambda: bool(stats), timeout=10_000)
        say(window, result)
        window.file_notice.button.click()  # clicked again: the look in flight answers it
        qtbot.wait(100)
        assert stats == [False]
        say(window, result)
        window.file_notice.root = str(other)  # then the notice of a file of another folder
        window.file_notice.button.click()
        qtbot.waitUntil(lambda: asked == [("folder", str(other))], timeout=10_000)
    finally:
        gate.set()
    qtbot.wait(300)  # the hung folder's late answer: dropped, the click since was for another
    assert asked == [("folder", str(other))] and stats == [False]


def test_an_answer_after_another_library_opened_is_dropped(qtbot, make_app_window, demo_library, monkeypatch):
    window, result, asked = noticed_window(qtbot, make_app_window, demo_library, monkeypatch)
    gate, stats = hang_isdir(monkeypatch, result.root, hold_s=60.0)  # (held until let go)
    session, library = window.session, window.session.library
    try:
        window.file_notice.button.click()
        qtbot.waitUntil(lambda: bool(stats), timeout=10_000)
        # (no status read of the stand-in meanwhile: the 5 s periodic one came in the 300 ms below once,
        # at load 27, and failed on it)
        reader = session._reader
        reader._periodic.stop()
        reader._throttle.stop()
        monkeypatch.setattr(reader, "refresh", lambda: None)
        session.library = object()  # (another library opened meanwhile)
        gate.set()
        qtbot.wait(300)
        assert asked == [], "the click was for the library open then"
    finally:
        gate.set()
        session.library = library


def test_closing_the_window_while_the_folder_hangs_drops_its_answer(qtbot, make_app_window, demo_library,
                                                                    monkeypatch):
    window, result, asked = noticed_window(qtbot, make_app_window, demo_library, monkeypatch)
    gate, stats = hang_isdir(monkeypatch, result.root)
    window.file_notice.button.click()
    qtbot.waitUntil(lambda: bool(stats), timeout=10_000)
    releaser = threading.Timer(0.3, gate.set)  # the share answers while the window waits for it
    releaser.start()
    try:
        window.close()
    finally:
        releaser.join()
    qtbot.wait(300)
    assert asked == []


def test_the_folder_is_looked_at_once_and_then_indexed(qtbot, make_app_window, demo_library, monkeypatch):
    """The notice's look was followed by the folder's own look as it was added (two looks at a
    share that may hang: two threads held, twice the wait)."""
    window = make_app_window(demo_library)
    result = type_query(qtbot, window, RED_BALL.query)[0]
    say(window, result)
    gate, looks = hang_isdir(monkeypatch, result.root)
    gate.set()  # (it answers at once)
    started = []
    window.session.indexing_changed.connect(started.append)
    window.file_notice.button.click()
    qtbot.waitUntil(lambda: True in started, timeout=10_000)  # that folder indexed again
    wait_idle(qtbot, window.session)
    assert looks == [False], looks  # once, in the worker pool
