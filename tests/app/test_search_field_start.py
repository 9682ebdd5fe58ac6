"""A query longer than the search field reads from its start once the field is left: in a 1024 px
window the field showed "iving on a road" for "a car driving on a road" (the cursor left at its
end by the search, the field scrolled to it). Coming back to the field from the results, the
cursor is where it was: typing goes on at the end."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from tests.app.conftest import type_query
from tests.app.dock_drag import drag_dock
from tests.app.test_captions_title_fits import settle

LONG = "a red ball bouncing on the beach in the afternoon sun, seen from far away"


def _window(qtbot, make_app_window, demo_library):
    window = make_app_window(demo_library)
    window.show_search()
    window.resize(1024, 640)
    qtbot.waitUntil(lambda: window.width() == 1024, timeout=10_000)
    settle(qtbot)
    return window


def _shows_its_start(field) -> bool:
    return field.cursorPosition() == 0 and field.cursorRect().left() <= field.fontMetrics().averageCharWidth() * 2


def test_a_query_set_from_elsewhere_shows_its_start(qtbot, make_app_window, demo_library, no_real_dialogs):
    window = _window(qtbot, make_app_window, demo_library)
    field = window.search_panel.field
    assert field.fontMetrics().horizontalAdvance(LONG) > field.width()  # (longer than the field)
    window.results_view.setFocus()
    qtbot.waitUntil(lambda: not field.hasFocus(), timeout=10_000)
    window.search_panel.set_query(LONG)  # (a caption searched for, the welcome page's example)
    settle(qtbot)
    assert _shows_its_start(field), (field.cursorPosition(), field.cursorRect())


def test_a_typed_query_shows_its_start_once_left_and_typing_goes_on_at_its_end(qtbot, make_app_window,
                                                                               demo_library, no_real_dialogs):
    window = _window(qtbot, make_app_window, demo_library)
    field, grid = window.search_panel.field, window.results_view
    assert type_query(qtbot, window, LONG)
    qtbot.keyClick(field, Qt.Key.Key_Down)  # to the results
    qtbot.waitUntil(lambda: grid.hasFocus(), timeout=10_000)
    assert _shows_its_start(field), (field.cursorPosition(), field.cursorRect())
    qtbot.keyClick(grid, Qt.Key.Key_Up)  # the top row: back to the field
    qtbot.waitUntil(lambda: field.hasFocus(), timeout=10_000)
    assert field.cursorPosition() == len(LONG)
    qtbot.keyClicks(field, " today")
    assert field.text() == LONG + " today"
    grid.setFocus()  # another window, or the grid clicked
    qtbot.waitUntil(lambda: not field.hasFocus(), timeout=10_000)
    assert _shows_its_start(field)
    field.setFocus(Qt.FocusReason.MouseFocusReason)  # a click puts the cursor where it clicks: not moved here
    assert field.cursorPosition() == 0
    QApplication.processEvents()


def test_the_field_has_room_in_a_1024_px_window(qtbot, make_app_window, demo_library, no_real_dialogs):
    """(with a library dock left wide on a big screen, it had its minimum, 20 characters: the dock
    takes a fair share of the small window now, test_dock_fair_share)"""
    window = make_app_window(demo_library)
    window.show_search()
    window.resize(1920, 1000)
    qtbot.waitUntil(lambda: window.width() == 1920, timeout=10_000)
    drag_dock(qtbot, window, 600)
    settle(qtbot)
    window.resize(1024, 640)
    qtbot.waitUntil(lambda: window.width() == 1024, timeout=10_000)
    field = window.search_panel.field
    qtbot.waitUntil(lambda: field.width() >= field.fontMetrics().averageCharWidth() * 30, timeout=10_000)


def test_text_selected_in_the_field_stays_selected_while_another_window_is_used(qtbot, make_app_window,
                                                                                 demo_library, no_real_dialogs):
    """(a word selected to paste over it, another window used to copy what goes there: the field
    showing its start had lost the selection, and the paste went in at its cursor)"""
    from PySide6.QtCore import QEvent
    from PySide6.QtGui import QFocusEvent

    window = _window(qtbot, make_app_window, demo_library)
    field = window.search_panel.field
    assert type_query(qtbot, window, LONG)
    field.setSelection(LONG.index("beach"), len("beach"))
    QApplication.sendEvent(field, QFocusEvent(QEvent.Type.FocusOut, Qt.FocusReason.ActiveWindowFocusReason))
    assert field.selectedText() == "beach"
    QApplication.sendEvent(field, QFocusEvent(QEvent.Type.FocusIn, Qt.FocusReason.ActiveWindowFocusReason))
    assert field.selectedText() == "beach"
