"""Enter in the model dialog does what can be done: with a hub id typed under "Another model" (or
a listed model still to download) only Fetch can, and Enter did nothing, its default, "Use this
model", greyed; a model that can be used is still used by Enter; Esc closes."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from tests.app.test_view_model_dialog import CLIP32, DEMO, STUDENT, confirm, make


@pytest.fixture(autouse=True)
def _no_real_dialogs(no_real_dialogs):
    pass


def test_enter_fetches_a_typed_hub_id_and_uses_a_ready_model(qtbot, monkeypatch):
    d = make(qtbot)
    fetched, chosen = [], []
    d.fetch_requested.connect(fetched.append)
    d.chosen.connect(chosen.append)
    asked = confirm(monkeypatch, d, True)
    d._other.setFocus()
    qtbot.keyClicks(d._other, "someone/clip-model")
    qtbot.keyClick(d._other, Qt.Key.Key_Return)
    assert fetched == ["someone/clip-model"] and not chosen  # Enter: Fetch, the one thing to do
    d.fetch_failed("no network")  # (back to choosing)
    d._other.clear()
    d.select_source(CLIP32)  # a listed hub model not downloaded: Enter fetches it too
    qtbot.keyClick(d._list, Qt.Key.Key_Return)
    assert fetched == ["someone/clip-model", CLIP32] and not chosen
    d.fetch_failed("no network")
    d.select_source(STUDENT)  # a model there to use: Enter uses it (asked first: videos re-indexed)
    qtbot.keyClick(d._list, Qt.Key.Key_Return)
    assert chosen == [STUDENT] and asked and fetched == ["someone/clip-model", CLIP32]


def test_esc_closes_and_the_list_has_the_focus(qtbot):
    d = make(qtbot, active=DEMO)
    d.activateWindow()
    qtbot.waitUntil(lambda: d._list.hasFocus(), timeout=10_000)  # first focus: the models
    closed = []
    d.finished.connect(closed.append)
    qtbot.keyClick(d._list, Qt.Key.Key_Escape)
    assert closed == [0] and not d.isVisible()
