"""A result whose file is gone (or changed) since it was indexed, chosen in the grid: the preview
was cleared and said "Select a clip to see its moment here." beside the very clip selected, while
the notice above said the file was gone. The preview now says what the card says ("No longer
there", "Changed since indexed"; an offline folder's: "Offline: …")."""

from __future__ import annotations

import pytest

from app.file_state import CARD_TEXT, CHANGED, GONE, OFFLINE
from app.player_view import IDLE_TEXT
from tests.app.conftest import type_query
from tests.app.test_session_search import RED_BALL


@pytest.mark.parametrize("state, words", [(GONE, CARD_TEXT[GONE]), (CHANGED, CARD_TEXT[CHANGED]),
                                          (OFFLINE, "Offline: its drive or folder is not available.")])
def test_the_preview_says_why_it_shows_no_picture(qtbot, make_app_window, demo_library, state, words):
    window = make_app_window(demo_library)
    result = type_query(qtbot, window, RED_BALL.query)[0]
    idle = window.preview._view.idle
    window.wiring.preview._show(result, state)  # (the chosen result's look answered so)
    qtbot.waitUntil(idle.isVisible, timeout=10_000)
    assert idle.text() == words != IDLE_TEXT
    window.results_view.setCurrentIndex(window.results_model.index(-1))  # nothing chosen: how to choose one
    window.wiring.preview.show_result(None)
    assert idle.text() == IDLE_TEXT
