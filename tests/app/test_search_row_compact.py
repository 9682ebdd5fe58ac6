"""At 853 x 480 (a 1280 x 720 laptop at 150 %) the search row's Moments, Videos, Filters and Clear
took 246 of its 391 px: the query field was left 20 characters and its hint shrank to "Search".
Where their words leave the field too little, Filters and Clear are drawn as icons (a funnel, an
eraser) and the field gets their room; their names, tooltips and keys stay; with room, words."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QAccessible, QColor, QPalette

from app.search_hints import FIELD_INSTRUCTION
from app.search_panel import SearchPanel

NARROW = 391  # the search column at 853 x 480 at 150 % (logical px)


def _said(widget) -> str:
    return QAccessible.queryAccessibleInterface(widget).text(QAccessible.Text.Name)


def test_a_narrow_search_row_gives_the_field_the_buttons_words_room(qtbot, show_view):
    panel = show_view(SearchPanel(), (NARROW, 80))
    field, filters, clear = panel.field, panel.filters_button, panel.clear_button
    words = sum(b.fontMetrics().horizontalAdvance(b.text()) for b in (filters, clear))
    qtbot.waitUntil(lambda: panel.width() == NARROW and filters.width() + clear.width() < words,
                    timeout=10_000)  # (icons, no words: laid out)
    qtbot.waitUntil(lambda: field.placeholderText() == FIELD_INSTRUCTION, timeout=10_000)  # (it read "Search")
    for button, name, tip in ((filters, "Filters", "Folder, duration and date filters"),
                              (clear, "Clear", "Clear the search and the filters")):
        assert not button.icon().isNull() and button.text() == name and button.toolTip() == tip
        assert _said(button) == name
    filters.setFocus()
    qtbot.waitUntil(filters.hasFocus, timeout=10_000)
    qtbot.keyClick(filters, Qt.Key.Key_Space)  # (the keyboard presses it as before)
    qtbot.waitUntil(panel.filters_row.isVisible, timeout=10_000)


def test_the_icons_follow_the_palettes_button_text(qtbot, show_view):
    panel = show_view(SearchPanel(), (NARROW, 80))
    filters = panel.filters_button
    qtbot.waitUntil(lambda: filters.width() < filters.fontMetrics().horizontalAdvance(filters.text()), timeout=10_000)
    dark = QPalette(panel.palette())
    dark.setColor(QPalette.ColorRole.Button, QColor("#353535"))
    dark.setColor(QPalette.ColorRole.ButtonText, QColor("#e6e6e6"))
    panel.setPalette(dark)
    picture = filters.icon().pixmap(32, 32).toImage()
    drawn = {picture.pixelColor(x, y).name() for x in range(32) for y in range(32) if picture.pixelColor(x, y).alpha() == 255}
    assert drawn == {"#e6e6e6"}, drawn  # (Qt's black would vanish on a dark button)


def test_a_wide_search_row_keeps_the_buttons_words(qtbot, show_view):
    panel = show_view(SearchPanel(), (NARROW, 80))
    panel.resize(900, 80)
    qtbot.waitUntil(lambda: panel.width() == 900, timeout=10_000)
    for button in (panel.filters_button, panel.clear_button):
        qtbot.waitUntil(lambda b=button: b.width() >= b.fontMetrics().horizontalAdvance(b.text()), timeout=10_000)
