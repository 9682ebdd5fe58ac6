"""A query longer than the model reads (the demo model: 32 tokens) was searched by its start alone
and the window said nothing: its user never learned that the end of the query ("and a green
bus") was not searched. `seekframe search` says so (984dc50); now the search panel says it under
the field, in the app's words, until an answer to a query read whole comes."""

from __future__ import annotations

from PySide6.QtCore import Qt

from app.requests import NO_WORDS
from tests.app.conftest import SESSION_TIMEOUT_MS, type_query

LONG = "a red ball bouncing on the beach " * 6 + "and a green bus"  # 45 words


def test_the_panel_says_which_end_of_a_long_query_was_not_searched(qtbot, make_app_window, demo_library):
    window = make_app_window(demo_library)
    panel = window.search_panel
    assert type_query(qtbot, window, LONG)  # (its start is searched: results)
    qtbot.waitUntil(lambda: panel.unread_label.isVisibleTo(panel), timeout=SESSION_TIMEOUT_MS)
    said = panel.unread_label.text()
    assert said.startswith("The model reads only the start of a query this long: its last ") and \
        "and a green bus”) were not searched. Put what matters first, in fewer words." in said, said
    assert "seekframe" not in said and "Note:" not in said
    quoted = said.split("(“…", 1)[1].split("”)", 1)[0]  # (the end quoted from a word's start)
    assert LONG.endswith(" " + quoted) and len(quoted) <= 40, quoted

    assert type_query(qtbot, window, "a red ball")  # read whole: the note goes with its answer
    assert not panel.unread_label.isVisibleTo(panel)

    type_query(qtbot, window, LONG)
    qtbot.waitUntil(lambda: panel.unread_label.isVisibleTo(panel), timeout=SESSION_TIMEOUT_MS)
    qtbot.keyClick(panel.field, Qt.Key.Key_Escape)  # no query: nothing left out
    qtbot.waitUntil(lambda: not panel.unread_label.isVisibleTo(panel), timeout=SESSION_TIMEOUT_MS)

    type_query(qtbot, window, LONG)
    qtbot.waitUntil(lambda: panel.unread_label.isVisibleTo(panel), timeout=SESSION_TIMEOUT_MS)
    panel.field.setText("🐕 " * 40)  # no word the model knows, however long: that is what is said
    qtbot.keyClick(panel.field, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: window.results_view.empty_text == NO_WORDS, timeout=SESSION_TIMEOUT_MS)
    assert not panel.unread_label.isVisibleTo(panel)
