"""The "Clips like …" line over the grid and its Back button in a small window: at 853 x 480 the
button said "Back to “a red square on a bl…”", 210 px of a 378 px row, and the line beside it
wrapped over 3 to 5 lines. The button now names the query only where that costs the line no extra
line; otherwise it is a plain "Back" (its tooltip names the query) and the line takes two lines."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QRect, Qt

from app.requests import SearchRequest
from app.search_panel import SearchPanel
from tests.app.layout_settle import settle

QUERY = "a red square on a blue background"
LABEL = "Clips like Family trip - Day 37 (beach at sunset with the kids).mp4 at 1:12 in other videos"


def similar_panel(qtbot, show_view, width: int) -> SearchPanel:
    panel = show_view(SearchPanel(), (width, 200))
    panel.field.setText(QUERY)
    panel.show_request(SearchRequest(similar_to="moment-1"), LABEL)
    settle(qtbot)
    return panel


def lines(label) -> int:
    """The lines the label's text takes at its width (every one of them inside it)."""
    fm, rect = label.fontMetrics(), label.contentsRect()
    needs = fm.boundingRect(QRect(0, 0, rect.width(), 100_000), int(Qt.TextFlag.TextWordWrap), label.text())
    assert needs.width() <= rect.width() and needs.height() <= rect.height()
    return round(needs.height() / fm.lineSpacing())


def test_in_a_small_window_the_back_button_is_compact_and_the_line_takes_two_lines(qtbot, show_view):
    panel = similar_panel(qtbot, show_view, 394)  # (the search panel of an 853 px window)
    line, back = panel.context_label, panel.back_button
    qtbot.waitUntil(lambda: line.shown_text() == LABEL, timeout=10_000)
    assert back.text() == "Back" and QUERY in back.toolTip()
    assert back.width() < panel.width() / 6
    assert lines(line) <= 2, (lines(line), line.width(), back.width())
    assert line.width() + back.width() <= panel.width()


@pytest.mark.parametrize("width", [1400, 1000])
def test_with_room_the_button_names_the_query_it_goes_back_to(qtbot, show_view, width):
    panel = similar_panel(qtbot, show_view, width)
    qtbot.waitUntil(lambda: panel.back_button.text() == "Back to “a red square on a bl…”", timeout=10_000)
    assert lines(panel.context_label) == 1 or width == 1000


def test_the_button_names_the_query_again_once_the_window_is_wide_again(qtbot, show_view):
    panel = similar_panel(qtbot, show_view, 394)
    qtbot.waitUntil(lambda: panel.back_button.text() == "Back", timeout=10_000)
    panel.resize(1400, 200)
    qtbot.waitUntil(lambda: panel.back_button.text().startswith("Back to “"), timeout=10_000)
    assert lines(panel.context_label) == 1
