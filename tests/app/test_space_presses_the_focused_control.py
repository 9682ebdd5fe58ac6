"""Space is the window's pause / play, but a control that takes Space itself gets it: a user who
tabbed to a button (Filters, Add folder…) and pressed Space paused the video instead, the button
never pressed; a list of choices (the folder filter) did not open."""

from __future__ import annotations

from PySide6.QtCore import Qt

from app.window import MainWindow


def test_space_presses_a_focused_button_and_opens_a_focused_list(qtbot, make_app_window, demo_library):
    window = make_app_window(demo_library, build=MainWindow)
    paused = []
    window.pause_requested.connect(lambda: paused.append(True))
    panel = window.search_panel
    filters = panel.filters_button
    assert not filters.isChecked()
    filters.setFocus()
    qtbot.waitUntil(filters.hasFocus, timeout=10_000)
    qtbot.keyClick(filters, Qt.Key.Key_Space)
    qtbot.waitUntil(filters.isChecked, timeout=10_000)  # pressed: the filters show
    assert not paused
    combo = panel.folder_combo
    qtbot.waitUntil(combo.isVisible, timeout=10_000)
    combo.setFocus()
    qtbot.waitUntil(combo.hasFocus, timeout=10_000)
    qtbot.keyClick(combo, Qt.Key.Key_Space)
    qtbot.waitUntil(lambda: combo.view().isVisible(), timeout=10_000)  # its choices open
    combo.hidePopup()
    assert not paused
    # elsewhere (the grid, the window) Space is still pause / play
    window.results_view.setFocus()
    qtbot.waitUntil(window.results_view.hasFocus, timeout=10_000)
    qtbot.keyClick(window.results_view, Qt.Key.Key_Space)
    assert paused == [True]
