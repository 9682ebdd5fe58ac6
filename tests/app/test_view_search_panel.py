"""SearchPanel alone: Escape in the search field clears the query (and asks the blank search);
in an empty field it does nothing of its own."""

from __future__ import annotations

import os

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


def test_a_search_in_a_folder_names_the_links_it_did_not_follow(qtbot, show_view, tmp_path, monkeypatch):
    """The window's search filtered to a folder walks its links as ``seekframe search --folder`` does, past one
    that does not answer (a NAS that stopped answering), but said nothing of it: the videos behind it were left
    out in silence. The panel names the links now, in the CLI's words (``search_links.not_followed_text``), until
    an answer that followed them all."""
    from app import engine, searches
    from app.requests import SearchRequest
    from core import bounded_read, search_links
    from tests.test_hung_share_metadata import Held

    a, share = tmp_path / "a", tmp_path / "share"
    a.mkdir()
    share.mkdir()
    (a / "nas").symlink_to(share, target_is_directory=True)
    monkeypatch.setattr(search_links, "passed_over", [])  # (none left by another test of the process)
    monkeypatch.setattr(search_links, "cut_short", [])
    monkeypatch.setattr(bounded_read, "READ_TIMEOUT_S", 0.5)
    monkeypatch.setattr(engine, "run_search", lambda _searcher, _request: list(
        search_links.linked_folders([str(a)], [], os.path.realpath)))  # (the search's walk of a's links)
    panel, request = show_view(SearchPanel()), SearchRequest(query="a bus")
    held = Held(monkeypatch, "scandir", a / "nas")
    try:
        answered = searches.answer(None, request)
    finally:
        held.release()
    panel.show_answer(request, answered)
    said = " ".join(panel.unread_label.text().split())
    assert panel.unread_label.isVisibleTo(panel) and str(a / "nas") in said, said
    assert "Links not followed for the folder filter (they do not answer" in said and "--folder" not in said, said

    panel.show_answer(request, searches.answer(None, request))  # (the share answers again: nothing to say)
    assert not panel.unread_label.isVisibleTo(panel), panel.unread_label.text()
