"""SearchPanel alone: Escape in the search field clears the query (and asks the blank search);
in an empty field it does nothing of its own."""

from __future__ import annotations

from PySide6.QtCore import Qt

from app.help import GRID_KEYS
from app.search_panel import SearchPanel


def test_escape_in_the_field_clears_the_query(qtbot, show_view):
    panel = show_view(SearchPanel())
    sent = []
    panel.request_changed.connect(sent.append)
    panel.field.setFocus()
    qtbot.keyClicks(panel.field, "a red ball")
    qtbot.keyClick(panel.field, Qt.Key.Key_Return)
    assert sent[-1].query == "a red ball"
    qtbot.keyClick(panel.field, Qt.Key.Key_Escape)
    assert panel.field.text() == ""
    assert sent[-1].query == "" and sent[-1].is_blank  # the grid shows the search hint again
    asked = len(sent)
    qtbot.keyClick(panel.field, Qt.Key.Key_Escape)  # already empty: nothing more is asked
    assert len(sent) == asked
    assert ("Escape (in the search field)", "Clear the search") in GRID_KEYS
