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


def test_text_typed_while_a_clips_like_answer_comes_is_asked_not_lost(qtbot, show_view):
    """The window asks its last search again when the library changes; if that is a "clips like
    this" search and its answer lands while the user types, the typed text is still asked (the
    panel used to go back to the "clips like" line and drop the text)."""
    from app.requests import SearchRequest

    panel = show_view(SearchPanel())
    similar = SearchRequest(per_video=True, similar_to="moment-1")
    panel.show_request(similar, "Clips like ball.mp4 at 0:01")
    assert panel.context_row.isVisibleTo(panel)
    sent = []
    panel.request_changed.connect(sent.append)
    panel.field.setFocus()
    qtbot.keyClicks(panel.field, "an orange person")
    panel.show_request(similar, "Clips like ball.mp4 at 0:01")  # the re-asked answer, mid-typing
    qtbot.waitUntil(lambda: bool(sent), timeout=10_000)
    assert [(r.kind, r.query) for r in sent] == [("text", "an orange person")]
    assert not panel.context_row.isVisibleTo(panel)
