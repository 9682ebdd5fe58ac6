"""Back from "Clips like …" to the typed search by keyboard: Alt+Left (Clip › Back to the typed
search), from the grid where "Find similar clips" left the user. Before, only the line's Back
button went back: a keyboard user had to find it with Tab."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt

from tests.app.conftest import type_query
from tests.app.test_integration_clips import wait_results
from tests.app.test_session_search import RED_BALL

CTRL_SHIFT = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier


def test_alt_left_goes_back_from_similar_clips_to_the_typed_search(qtbot, make_app_window, demo_library):
    window = make_app_window(demo_library)
    type_query(qtbot, window, RED_BALL.query)
    view = window.results_view
    qtbot.keyClick(window.search_panel.field, Qt.Key.Key_Down)
    assert view.hasFocus()
    qtbot.keyClick(view, Qt.Key.Key_F, CTRL_SHIFT)  # Find similar clips
    wait_results(qtbot, window, "similar")
    assert window.search_panel.context_row.isVisible()
    view.setFocus()
    qtbot.keyClick(view, Qt.Key.Key_Left, Qt.KeyboardModifier.AltModifier)
    results = wait_results(qtbot, window, "text")
    assert window.results_model.request.query == RED_BALL.query and Path(results[0].path).name == RED_BALL.file
    back = window.wiring.clips.back_action  # Clip › Back to the typed search: greyed with nothing to go back to
    assert not window.search_panel.context_row.isVisible() and not back.isEnabled()
    assert back in window.wiring.clips.clip_menu.actions()  # (listed: the Clip menu, the shortcuts dialog)
