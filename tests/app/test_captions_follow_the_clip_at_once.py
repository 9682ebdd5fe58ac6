"""The captions panel follows the clip in hand at once: after another clip was selected, it kept
the clip before's title and list (a busy bar only) until the new captions came (0.04 to over 1.5 s
under load), "Captions for oldtv-bottle.mp4 at 0:08" while bottle-detection.mp4 played, its
captions clickable as this clip's. Now it names the new clip at once, the list before gone, and
says the captions are coming; an answer for the clip before, late, never lands over it; and a clip
let go while its captions were asked leaves no busy bar (the buttons greyed) behind."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest
from PySide6.QtCore import QItemSelectionModel

import app.engine
from app.captions_panel import FAILED_TEXT, LOADING_TEXT, NO_CLIP_TEXT, captions_title
from tests.app.conftest import SESSION_TIMEOUT_MS
from tests.app.test_captions_none_chosen import window_with_captions
from tests.app.test_session_search import RED_BALL

CAPTIONS = ["a red ball bouncing on a sandy beach", "a blue car driving in the city", "a white star at night"]


class Gate:
    """``app.engine.similar_captions`` held in its worker, for the moments in ``held``, until
    ``release(moment)``; ``failing``: moments whose captions cannot be found."""

    def __init__(self, monkeypatch):
        self.held: dict[str, threading.Event] = {}
        self.failing: set[str] = set()
        self.started: list[str] = []
        real = app.engine.similar_captions

        def gated(searcher, result, k=10):
            self.started.append(result.moment_id)
            event = self.held.get(result.moment_id)
            if event is not None:
                assert event.wait(30), "never released"
            if result.moment_id in self.failing:
                raise OSError("the library could not be read")
            return real(searcher, result, k)

        monkeypatch.setattr(app.engine, "similar_captions", gated)

    def hold(self, moment: str) -> None:
        self.held[moment] = threading.Event()

    def release(self, moment: str) -> None:
        self.held.pop(moment).set()


@pytest.fixture
def gate(monkeypatch):
    gate = Gate(monkeypatch)
    yield gate
    for event in gate.held.values():  # (a test that failed: its workers let go)
        event.set()


@pytest.fixture
def window(qtbot, make_app_window, demo_library, tmp_path, no_real_dialogs):
    return window_with_captions(qtbot, make_app_window(demo_library), tmp_path, RED_BALL.query, CAPTIONS)


def others(window) -> list[int]:
    """Rows of the results each of a video of its own, other than the first result's."""
    rows, seen = [], {window.results_model.results()[0].path}
    for row, result in enumerate(window.results_model.results()):
        if result.path not in seen:
            seen.add(result.path)
            rows.append(row)
    return rows


def select(window, row: int):
    view = window.results_view
    view.selectionModel().setCurrentIndex(window.results_model.index(row),
                                          QItemSelectionModel.SelectionFlag.ClearAndSelect)
    return view.current_result()


def nothing_of_the_clip_before(panel) -> bool:
    """No caption listed, none to click: the list is not shown, it holds no item."""
    return (panel.captions() == [] and panel._tree.topLevelItemCount() == 0
            and not panel._tree.isVisible() and panel._empty.isVisible())


def test_another_clip_is_named_at_once_and_the_list_before_gone(qtbot, window, gate):
    panel = window.captions_panel
    first = window.results_view.current_result()
    assert panel.title() == captions_title(first.path, first.start)
    row = others(window)[0]
    second = window.results_model.results()[row]
    assert Path(second.path).name != Path(first.path).name
    gate.hold(second.moment_id)
    select(window, row)
    # at once, before its captions come: this clip's title, nothing of the clip before, "coming"
    assert panel.title() == captions_title(second.path, second.start)
    assert panel._title.toolTip() == panel.title()
    assert nothing_of_the_clip_before(panel)
    assert panel._empty.text() == LOADING_TEXT and panel._busy_bar.isVisible()
    gate.release(second.moment_id)
    qtbot.waitUntil(lambda: len(panel.captions()) == 3 and not panel._busy, timeout=SESSION_TIMEOUT_MS)
    assert panel.title() == captions_title(second.path, second.start) and panel._tree.isVisible()


def test_a_late_answer_for_the_clip_before_never_lands_over_the_new_one(qtbot, window, gate):
    panel = window.captions_panel
    results, (row2, row3) = window.results_model.results(), others(window)[:2]
    second, third = results[row2], results[row3]
    gate.hold(second.moment_id)
    select(window, row2)
    qtbot.waitUntil(lambda: second.moment_id in gate.started, timeout=SESSION_TIMEOUT_MS)
    gate.hold(third.moment_id)
    select(window, row3)  # asked while the second's captions are still being found
    assert panel.title() == captions_title(third.path, third.start) and nothing_of_the_clip_before(panel)
    gate.release(second.moment_id)  # the second's answer comes now, late
    qtbot.waitUntil(lambda: third.moment_id in gate.started, timeout=SESSION_TIMEOUT_MS)
    qtbot.wait(100)
    assert panel.title() == captions_title(third.path, third.start) and nothing_of_the_clip_before(panel)
    assert panel._busy_bar.isVisible()
    gate.release(third.moment_id)
    qtbot.waitUntil(lambda: len(panel.captions()) == 3 and not panel._busy, timeout=SESSION_TIMEOUT_MS)
    assert panel.title() == captions_title(third.path, third.start)


def test_a_clip_let_go_while_its_captions_are_asked_leaves_no_busy_bar(qtbot, window, gate):
    panel = window.captions_panel
    row = others(window)[0]
    second = window.results_model.results()[row]
    gate.hold(second.moment_id)
    select(window, row)
    qtbot.waitUntil(lambda: second.moment_id in gate.started, timeout=SESSION_TIMEOUT_MS)
    window.results_view.current_result_changed.emit(None)  # (as when the results go: no clip in hand)
    gate.release(second.moment_id)
    qtbot.waitUntil(lambda: not window.session._searches._captions.busy, timeout=SESSION_TIMEOUT_MS)
    qtbot.wait(50)
    assert panel._empty.text() == NO_CLIP_TEXT and nothing_of_the_clip_before(panel)
    assert not panel._busy and not panel._busy_bar.isVisible() and panel._import.isEnabled()


def test_captions_that_cannot_be_found_are_said_under_the_clip_s_title(qtbot, window, gate):
    panel = window.captions_panel
    row = others(window)[0]
    second = window.results_model.results()[row]
    gate.failing.add(second.moment_id)
    select(window, row)
    qtbot.waitUntil(lambda: not panel._busy, timeout=SESSION_TIMEOUT_MS)
    assert panel.title() == captions_title(second.path, second.start)
    assert panel._empty.text() == FAILED_TEXT and nothing_of_the_clip_before(panel)
