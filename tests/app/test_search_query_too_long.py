"""A query longer than the model reads (the demo model: 32 tokens) was searched by its start alone
and the window said nothing: its user never learned that the end of the query ("and a green
bus") was not searched. `seekframe search` says so (984dc50); now the search panel says it under
the field, in the app's words, until an answer to a query read whole comes."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication

from app.requests import NO_WORDS
from tests.app.conftest import SESSION_TIMEOUT_MS, type_query

LONG = "a red ball bouncing on the beach " * 6 + "and a green bus"  # 45 words


@pytest.mark.slow  # (6.8 s under load)
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


def _cut_before_its_full_stop(words: str) -> str:
    """A sentence of ``words`` (repeated) as long as the demo model reads, then a full stop: its
    end left out is "." alone."""
    from core.model_choice import bundled_demo_model
    from tests.app.conftest import cached_loader

    encoder, said = cached_loader(str(bundled_demo_model())), words.split()
    for n in range(1, 200):
        query = " ".join(said[i % len(said)] for i in range(n)) + "."
        if encoder.unread(query) == ".":
            return query
    raise AssertionError("no cut before the full stop")


def test_the_panel_quotes_as_the_cli_does_no_note_for_a_full_stop_and_a_paragraph_on_one_line(
        qtbot, make_app_window, demo_library):
    """A query one full stop past the model's length was told 'its last word (“.”) was not
    searched', and a pasted paragraph's line breaks split the note over lines: the window quoted
    the end by its own rule, not the CLI's (core.search_words.unread_quote, 4ec1574)."""
    window = make_app_window(demo_library)
    panel = window.search_panel
    assert type_query(qtbot, window, LONG)
    qtbot.waitUntil(lambda: panel.unread_label.isVisibleTo(panel), timeout=SESSION_TIMEOUT_MS)

    full_stop = _cut_before_its_full_stop("a red ball bouncing on the beach")
    assert type_query(qtbot, window, full_stop)  # (its words all read: results, and nothing to say)
    assert not panel.unread_label.isVisibleTo(panel), panel.unread_label.text()

    paragraph = ("A red ball bouncing on the beach.\n" * 5 + "Then a green bus\r\ndrives\tby,\n\nslowly\n"
                 "and  stops.\n")
    panel.field.setFocus()
    panel.field.clear()
    QGuiApplication.clipboard().setText(paragraph)
    qtbot.keyClick(panel.field, Qt.Key.Key_V, Qt.KeyboardModifier.ControlModifier)  # pasted
    assert panel.field.text() == paragraph  # (a line edit keeps a pasted text's line breaks)
    qtbot.waitUntil(lambda: window.results_model.request is not None
                    and window.results_model.request.query == paragraph.strip(), timeout=SESSION_TIMEOUT_MS)
    qtbot.waitUntil(lambda: panel.unread_label.isVisibleTo(panel), timeout=SESSION_TIMEOUT_MS)
    said = panel.unread_label.text()
    assert not any(c in said for c in "\n\r\t") and "  " not in said, repr(said)
    assert "by, slowly and stops.”) were not searched." in said, said
