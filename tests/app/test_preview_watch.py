"""The looks at a result's file (``app.wiring.preview``) run off the GUI thread, the one every few
seconds at the file in the preview as the one when a result is chosen (``app.file_look``): on a
share whose server is gone ``os.stat`` hangs, and the window must not freeze with it. One look at
a time; an answer for a video the preview has left is dropped; closing the window starts no more
looks and leaves no thread running (the conftest fixture checks)."""

from __future__ import annotations

import threading

import pytest

import app.file_state as file_state
import app.wiring.preview as preview_module
from tests.app.conftest import type_query
from tests.app.holding import beats, hang_stat
from tests.app.test_session_search import RED_BALL

# (the slow-look words are what these tests are about: said after 250 ms as in the app)
pytestmark = pytest.mark.usefixtures("slow_word_as_in_the_app")


def shown_window(qtbot, make_app_window, demo_library):
    """The window over the demo library, its best red-ball result in the preview, watched often."""
    window = make_app_window(demo_library)
    results = type_query(qtbot, window, RED_BALL.query)
    player, watch = window.preview, window.wiring.preview
    qtbot.waitUntil(lambda: player.current_path() == results[0].path, timeout=10_000)
    watch._watch.setInterval(100)  # (WATCH_MS: 2 s) looked at every 100 ms
    assert watch._watch.isActive()
    return window, results


def look_with(monkeypatch, state_now) -> None:
    """``state_now`` answers every look at a file: the preview's watch and a chosen result's
    (``app.file_look``, through ``file_state.look``)."""
    monkeypatch.setattr(preview_module, "state_now", state_now)
    monkeypatch.setattr(file_state, "state_now", state_now)


def test_a_hung_look_at_the_previewed_file_does_not_freeze_the_window(qtbot, make_app_window, demo_library,
                                                                     monkeypatch):
    window, results = shown_window(qtbot, make_app_window, demo_library)
    path, looks, gate, over = results[0].path, [], threading.Event(), threading.Event()

    def hung_stat(result):  # os.stat on an NFS/SMB share whose server is gone
        looks.append((result.path, threading.current_thread() is threading.main_thread()))
        gate.wait(30)  # (until the test has looked: a fixed 1.5 s ended before a loaded machine's wait did)
        over.set()
        return ""

    look_with(monkeypatch, hung_stat)
    try:
        qtbot.waitUntil(lambda: bool(looks), timeout=10_000)  # the preview's file looked at: it hangs
        beats(qtbot, 20)  # the event loop went on: its timer fired 20 times (1 s on a quiet machine)...
        assert not over.is_set()  # ...all of it while the look hung (a GUI thread held by it ticks no more)
        assert looks == [(path, False)]  # in the worker pool, one at a time: the ticks meanwhile skipped
    finally:
        gate.set()
    qtbot.waitUntil(lambda: window.wiring.preview._look is None, timeout=10_000)
    assert window.preview.current_path() == path and not window.file_notice.isVisible()


def test_an_answer_for_a_video_the_preview_left_is_dropped_and_the_next_look_counts(qtbot, make_app_window,
                                                                                    demo_library, monkeypatch):
    window, results = shown_window(qtbot, make_app_window, demo_library)
    player, notice, watch = window.preview, window.file_notice, window.wiring.preview
    first = results[0]
    row, other = next((i, r) for i, r in enumerate(results) if r.path != first.path)
    gate, looks, gone = threading.Event(), [], set()

    def state(result):
        looks.append(result.path)
        if result.path == first.path and threading.current_thread() is not threading.main_thread():
            gate.wait(10)  # (hung until the preview has moved on)
            return "gone"
        return "gone" if result.path in gone else ""

    look_with(monkeypatch, state)
    qtbot.waitUntil(lambda: watch._look is not None, timeout=10_000)  # the look at the first video hangs
    window.results_view.setCurrentIndex(window.results_model.index(row))  # another video shown
    qtbot.waitUntil(lambda: player.current_path() == other.path, timeout=10_000)  # (once looked at)
    qtbot.wait(300)  # ticks meanwhile: skipped, the look in flight is the first video's
    assert looks.count(first.path) == 1 and looks.count(other.path) == 1  # (the one when it was chosen)
    gate.set()  # the first video's look answers "gone": not said of the video shown now
    qtbot.waitUntil(lambda: looks.count(other.path) >= 2, timeout=10_000)  # the next look: the one shown
    qtbot.waitUntil(lambda: watch._look is None, timeout=10_000)
    assert player.current_path() == other.path and not notice.isVisible()
    gone.add(other.path)  # deleted now: the next look says so
    qtbot.waitUntil(notice.isVisible, timeout=10_000)
    assert "is not there any more" in notice.label.text() and player.current_path() is None


def test_closing_the_window_while_a_look_hangs_starts_no_more(qtbot, make_app_window, demo_library, monkeypatch):
    window, results = shown_window(qtbot, make_app_window, demo_library)
    watch, looks, gate = window.wiring.preview, [], threading.Event()

    def hung(result):
        looks.append(result.path)
        gate.wait(10)
        return "gone"

    look_with(monkeypatch, hung)
    qtbot.waitUntil(lambda: watch._look is not None, timeout=10_000)
    releaser = threading.Timer(0.3, gate.set)  # the share answers while the window waits for it
    releaser.start()
    try:
        window.close()
    finally:
        releaser.join()
    assert not watch._watch.isActive()
    qtbot.wait(400)
    assert len(looks) == 1  # no look after the close; its answer ("gone") not applied to a closed window:
    assert window.file_notice.isHidden()  # (applied, it would say the file is gone)
    assert window.preview.current_path() is None  # (the close itself let go of the file: app.window_close)


def test_choosing_a_result_looks_at_its_file_off_the_gui_thread_and_shows_it_once_answered(
        qtbot, make_app_window, demo_library, monkeypatch):
    window, results = shown_window(qtbot, make_app_window, demo_library)
    player, notice = window.preview, window.file_notice
    row, other = next((i, r) for i, r in enumerate(results) if r.path != results[0].path)
    answered = []  # (the share hangs until the test lets it go: nothing may wait for it meanwhile)
    gate, stats = hang_stat(monkeypatch, other.path, hold_s=60.0, answered=answered)
    try:
        window.results_view.setCurrentIndex(window.results_model.index(row))
        assert not answered  # the choice returned without waiting for the share
        beats(qtbot, 12)  # the window went on (its timer fired 12 times)...
        assert not answered  # ...while the share hung
        qtbot.waitUntil(lambda: bool(stats), timeout=10_000)  # (the worker's look, however late it starts)
        assert not any(stats), stats  # looked at, never in the GUI thread
        # while it waits, the preview shows no other video under its card, and says what it waits for
        qtbot.waitUntil(lambda: player.current_path() is None, timeout=10_000)
        assert not notice.isVisible()
        qtbot.waitUntil(lambda: "does not answer yet" in window.statusBar().currentMessage(), timeout=10_000)
        assert not answered
    finally:
        gate.set()
    qtbot.waitUntil(lambda: player.current_path() == other.path, timeout=10_000)  # shown once answered
    assert not notice.isVisible() and "does not answer yet" not in window.statusBar().currentMessage()


def test_a_choice_cleared_while_its_look_waits_no_longer_says_it_waits(qtbot, make_app_window, demo_library,
                                                                       monkeypatch):
    """A hung look's "Waiting for <file>" stayed in the status bar (15 s) after the choice was
    cleared (a new search with no results): the preview waits for nothing then."""
    from PySide6.QtCore import QModelIndex

    window, results = shown_window(qtbot, make_app_window, demo_library)
    row, other = next((i, r) for i, r in enumerate(results) if r.path != results[0].path)
    gate, _ = hang_stat(monkeypatch, other.path, hold_s=60.0)  # (held until the test lets it go)
    try:
        window.results_view.setCurrentIndex(window.results_model.index(row))
        qtbot.waitUntil(lambda: "does not answer yet" in window.statusBar().currentMessage(), timeout=10_000)
        window.results_view.setCurrentIndex(QModelIndex())
        qtbot.waitUntil(lambda: window.results_view.current_result() is None, timeout=10_000)
        assert "does not answer yet" not in window.statusBar().currentMessage()
    finally:
        gate.set()
    qtbot.wait(300)
    assert window.preview.current_path() is None  # (its late answer shows nothing)
