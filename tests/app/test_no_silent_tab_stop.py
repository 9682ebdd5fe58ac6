"""Keyboard traps and silent stops. Tab never left a date filter showing "any" (Qt's date field
keeps Tab to move among the day's parts, which "any" has none of): a keyboard user who tabbed
into "Modified after" stayed there. And Tab stopped on two scroll areas that a screen reader
names nothing and that show no focus: the search's filters (the filters' frame itself) and the
welcome page (its own scroll area): Tab seemed to go nowhere. Tab now leaves a date field saying
"any" (a date set, it still goes through its parts, then on); the areas are no longer stops, their
fields and buttons take the focus (the area scrolls to the one focused)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QAccessible
from PySide6.QtWidgets import QApplication

from app.filters_row import FiltersRow
from app.welcome import WelcomePage


def spoken(widget) -> str:
    return QAccessible.queryAccessibleInterface(widget).text(QAccessible.Text.Name)


def tab_stops(qtbot, first, presses: int) -> list:
    """The widgets Tab gives the focus to, from ``first``."""
    first.setFocus(Qt.FocusReason.TabFocusReason)
    qtbot.waitUntil(first.hasFocus, timeout=5_000)
    stops = []
    for _ in range(presses):
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
        stops.append(QApplication.focusWidget())
    return stops


def test_tab_through_the_filters_stops_on_fields_only(qtbot, show_view):
    row = show_view(FiltersRow(), (600, 200))
    stops = tab_stops(qtbot, row.folder_combo, 6)
    assert row not in stops
    assert all(spoken(w) for w in stops), [type(w).__name__ for w in stops if not spoken(w)]
    assert {row.min_duration, row.max_duration, row.after, row.before} <= set(stops)
    assert tab_stops(qtbot, row.after, 1) == [row.before]  # ("any": Tab leaves it)
    qtbot.keyClick(row.before, Qt.Key.Key_Backtab)
    assert QApplication.focusWidget() is row.after  # (Shift+Tab too)


def test_a_date_set_is_gone_through_then_left(qtbot, show_view):
    row = show_view(FiltersRow(), (600, 200))
    row.after.setDate(row.after.minimumDate().addYears(40))
    stops = tab_stops(qtbot, row.after, 4)
    assert stops[-1] is not row.after


def test_tab_on_the_welcome_page_stops_on_its_buttons(qtbot, show_view, no_real_dialogs):
    page = show_view(WelcomePage(), (900, 700))
    stops = tab_stops(qtbot, page._demo, 4)
    assert all(spoken(w) for w in stops), [type(w).__name__ for w in stops if not spoken(w)]
    assert page._folder in stops
