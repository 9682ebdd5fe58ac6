"""The file notice's "Re-scan its folder" looks at that folder off the GUI thread
(``app.wiring.rescan``): ``os.path.isdir`` on a share whose server is gone hangs, and the window
froze with it. Only the latest click's answer counts, and not once another library is open."""

from __future__ import annotations

import time

from app.file_state import GONE
from tests.app.conftest import type_query
from tests.app.holding import hang_stat
from tests.app.test_preview_watch import beats
from tests.app.test_session_search import RED_BALL


def noticed_window(qtbot, make_app_window, demo_library, monkeypatch):
    """The window with the file notice up for a result's file gone; the session's re-scans
    recorded instead of run: ``(window, result, asked)``, ``asked`` a list of ("add", folder) and
    ("rescan", None)."""
    window = make_app_window(demo_library)
    result = type_query(qtbot, window, RED_BALL.query)[0]
    asked: list[tuple] = []
    monkeypatch.setattr(window.session, "add_folder", lambda folder: asked.append(("add", folder)))
    monkeypatch.setattr(window.session, "rescan", lambda: asked.append(("rescan", None)))
    say(window, result)
    return window, result, asked


def say(window, result) -> None:
    window.wiring.preview.say(result, GONE)
    assert window.file_notice.isVisible() and window.file_notice.root == result.root


def test_the_folder_is_looked_at_off_the_gui_thread_which_goes_on_meanwhile(qtbot, make_app_window,
                                                                           demo_library, monkeypatch):
    window, result, asked = noticed_window(qtbot, make_app_window, demo_library, monkeypatch)
    gate, stats = hang_stat(monkeypatch, result.root, hold_s=3.0)  # its folder on a share that hangs
    try:
        t0 = time.monotonic()
        window.file_notice.button.click()
        clicked = time.monotonic() - t0
        took, fired = beats(qtbot, 600)
        gaps = [b - a for a, b in zip(fired, fired[1:])]
        assert clicked < 1 and took < 2 and max(gaps) < 0.5, (clicked, took, gaps)  # (the share: 3 s)
        assert stats == [False], stats  # looked at once, in the worker pool
        assert asked == [] and not window.file_notice.isVisible()  # nothing indexed before it answers
        assert "does not answer yet" in window.statusBar().currentMessage()
    finally:
        gate.set()
    qtbot.waitUntil(lambda: asked == [("add", result.root)], timeout=5000)  # there: that folder indexed
    assert "does not answer yet" not in window.statusBar().currentMessage()


def test_a_folder_not_there_any_more_rescans_every_folder(qtbot, make_app_window, demo_library, monkeypatch,
                                                          tmp_path):
    window, result, asked = noticed_window(qtbot, make_app_window, demo_library, monkeypatch)
    window.file_notice.root = str(tmp_path / "unplugged")
    window.file_notice.button.click()
    qtbot.waitUntil(lambda: asked == [("rescan", None)], timeout=5000)


def test_only_the_latest_click_counts_and_a_hung_folder_is_looked_at_once(qtbot, make_app_window, demo_library,
                                                                          monkeypatch, tmp_path):
    window, result, asked = noticed_window(qtbot, make_app_window, demo_library, monkeypatch)
    gate, stats = hang_stat(monkeypatch, result.root, hold_s=5.0)
    other = tmp_path / "other folder"
    other.mkdir()
    try:
        window.file_notice.button.click()  # its folder hangs
        say(window, result)
        window.file_notice.button.click()  # clicked again: the look in flight answers it
        qtbot.wait(100)
        assert stats == [False]
        say(window, result)
        window.file_notice.root = str(other)  # then the notice of a file of another folder
        window.file_notice.button.click()
        qtbot.waitUntil(lambda: asked == [("add", str(other))], timeout=5000)
    finally:
        gate.set()
    qtbot.wait(300)  # the hung folder's late answer: dropped, the click since was for another
    assert asked == [("add", str(other))] and stats == [False]


def test_an_answer_after_another_library_opened_is_dropped(qtbot, make_app_window, demo_library, monkeypatch):
    window, result, asked = noticed_window(qtbot, make_app_window, demo_library, monkeypatch)
    gate, stats = hang_stat(monkeypatch, result.root, hold_s=5.0)
    session, library = window.session, window.session.library
    try:
        window.file_notice.button.click()
        qtbot.waitUntil(lambda: bool(stats), timeout=5000)
        session.library = object()  # (another library opened meanwhile)
        gate.set()
        qtbot.wait(300)
        assert asked == [], "the click was for the library open then"
    finally:
        gate.set()
        session.library = library


def test_closing_the_window_while_the_folder_hangs_drops_its_answer(qtbot, make_app_window, demo_library,
                                                                    monkeypatch):
    import threading

    window, result, asked = noticed_window(qtbot, make_app_window, demo_library, monkeypatch)
    gate, stats = hang_stat(monkeypatch, result.root, hold_s=5.0)
    window.file_notice.button.click()
    qtbot.waitUntil(lambda: bool(stats), timeout=5000)
    releaser = threading.Timer(0.3, gate.set)  # the share answers while the window waits for it
    releaser.start()
    try:
        window.close()
    finally:
        releaser.join()
    qtbot.wait(300)
    assert asked == []
