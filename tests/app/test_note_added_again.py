"""The same note added again to the same clip (a double click on "Add note…", a note written twice
in a row): the library keeps one (core.captions.add_note returns the note the clip has), but the
window said "Note added. Searching for it finds this moment." again over a list holding the one
note (seen driving the real window over /work/shared/videos). Now it says the clip has that note
already and nothing was added; a new note is said added as before."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from core.search_words import NO_NOTE_WORDS_TEXT
from tests.app.conftest import SESSION_TIMEOUT_MS, type_query
from tests.app.test_session_search import BLUE_CAR

ADDED = "Note added to blue-car-street.mp4 at 0:00–0:04. Searching for it finds this moment."  # (its moment: s60)


def _add(qtbot, window, text: str) -> str:
    panel = window.captions_panel
    qtbot.waitUntil(lambda: panel._note.isEnabled() and not panel._busy, timeout=10_000)
    panel.ask_note_text = lambda: text
    before = len(window.message_log)
    qtbot.mouseClick(panel._note, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: len(window.message_log) > before, timeout=SESSION_TIMEOUT_MS)
    qtbot.waitUntil(lambda: not panel._busy, timeout=SESSION_TIMEOUT_MS)
    return window.message_log[-1][1]


@pytest.mark.slow  # (6.8 s under load)
def test_the_same_note_again_is_not_said_added(qtbot, make_app_window, demo_library, no_real_dialogs):
    window = make_app_window(demo_library)
    panel = window.captions_panel
    type_query(qtbot, window, BLUE_CAR.query)
    assert _add(qtbot, window, "grandpa's old car") == ADDED
    qtbot.waitUntil(lambda: [c.text for c in panel.own()] == ["grandpa's old car"], timeout=SESSION_TIMEOUT_MS)

    said = _add(qtbot, window, "  grandpa's old car ")  # (the same once trimmed, as the note is stored)
    assert said == "blue-car-street.mp4 at 0:00–0:04 already has that note; nothing was added.", said  # (s60: "This clip")
    assert [c.text for c in panel.own()] == ["grandpa's old car"]
    assert window.statusBar().currentMessage() == said

    assert _add(qtbot, window, "grandpa's old blue car") == ADDED  # another note: added, said so
    qtbot.waitUntil(lambda: len(panel.own()) == 2, timeout=SESSION_TIMEOUT_MS)

    # fr_2 #1: a note no search could find was said "Searching for it finds this moment."
    assert _add(qtbot, window, "???").endswith(NO_NOTE_WORDS_TEXT)  # (no word at all: refused, nothing kept)
    assert len(panel.own()) == 2
    said = _add(qtbot, window, "🎂")  # (read as the unknown token by this model: kept, said found by no search)
    assert said == ("Note added to blue-car-street.mp4 at 0:00–0:04. This model does not read the emoji or symbols "
                    "in it, so searching does not find this moment by that note."), said
    qtbot.waitUntil(lambda: len(panel.own()) == 3, timeout=SESSION_TIMEOUT_MS)
