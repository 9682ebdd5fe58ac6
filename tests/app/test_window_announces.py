"""Nothing told a screen reader user that a search had answered, nor how many it found, nor that a
notice (a file gone, a library to repair) had appeared above the results: the focus stays in the
search field as results come, and notices take no focus. Each is now announced (Qt's announcement
event, ``app.announce``): a new search's count (not each refresh while indexing), a banner as it
appears or changes (an error at once, the rest politely). And the timeline's description counts the
poor matches of the video it leaves off."""

from __future__ import annotations

from types import SimpleNamespace

import pytest
from PySide6 import QtGui
from PySide6.QtGui import QAccessible
from PySide6.QtWidgets import QLabel

from app.announce import announce
from app.requests import SearchRequest
from app.results import NO_STRONG_MATCH
from app.window_follow import found_words
from core.filters import Filters
from tests.app.conftest import SESSION_TIMEOUT_MS, type_query
from tests.app.test_integration_preview import YELLOW_BALL

POLITE, URGENT = QAccessible.AnnouncementPoliteness.Polite, QAccessible.AnnouncementPoliteness.Assertive


@pytest.fixture
def said(monkeypatch) -> list:
    """The announcements sent, as (words, politeness)."""
    heard = []

    def update(event) -> None:
        if event.type() == QAccessible.Event.Announcement:
            heard.append((event.message(), event.politeness()))

    monkeypatch.setattr(QAccessible, "updateAccessibility", update)
    return heard


def test_a_search_says_how_many_it_found_and_a_notice_is_said(qtbot, make_app_window, demo_library, said):
    window = make_app_window(demo_library)
    results = type_query(qtbot, window, YELLOW_BALL.query)
    qtbot.waitUntil(lambda: (f"{len(results)} moments found.", POLITE) in said, timeout=SESSION_TIMEOUT_MS)
    before = len(said)
    with qtbot.waitSignal(window.session.search_results, timeout=SESSION_TIMEOUT_MS):
        window.search_again()  # (the same search answered again: a refresh while indexing)
    assert window.results_model.refreshed and len(said) == before

    # the result in hand's video: 1 strong moment marked, its 2 poor ones left off and said so
    player, top = window.preview, results[0]
    qtbot.waitUntil(lambda: player.current_path() == top.path, timeout=10_000)
    assert len(player.timeline().matches()) == 1
    assert "; 2 poor matches not marked." in player.timeline().accessibleDescription()

    window.show_message("error", "Cannot play red.mp4.")
    assert said[-1] == ("Cannot play red.mp4.", URGENT)
    window.show_message("error", "Cannot play red.mp4.")  # (the same words again: not said again)
    window.file_notice.show_message("warning", "red.mp4 was deleted or moved since it was indexed.")
    assert said[before:] == [("Cannot play red.mp4.", URGENT),
                             ("red.mp4 was deleted or moved since it was indexed.", POLITE)]


def test_the_words_of_an_answer():
    moments = SearchRequest(query="a dog", filters=Filters(), k=600)
    videos = SearchRequest(query="a dog", per_video=True, filters=Filters(), k=600)
    assert found_words(moments, [], "Nothing found. Try other words, or fewer filters.") == \
        "Nothing found. Try other words, or fewer filters."
    strong, poor = SimpleNamespace(strength="strong"), SimpleNamespace(strength="none")
    assert found_words(videos, [strong], "") == "1 video found."
    assert found_words(moments, [strong] * 600, "") == "600 moments found, the most one search lists."
    assert found_words(moments, [poor] * 2, "") == f"2 moments found. {NO_STRONG_MATCH}"


def test_without_qts_announcements_the_description_says_it(qtbot, monkeypatch):
    """Qt before 6.8 has no announcement event: the widget's description takes the words (a
    description change, which screen readers follow as a live region's)."""
    label = QLabel()
    qtbot.addWidget(label)
    monkeypatch.delattr(QtGui, "QAccessibleAnnouncementEvent")
    announce(label, "3 moments found.")
    assert label.accessibleDescription() == "3 moments found."
