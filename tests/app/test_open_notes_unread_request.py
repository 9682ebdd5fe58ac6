"""A forget request library.json holds that cannot be read is said once, by the open that sets it
aside (``core.library.forget_request.unread_text``), and the window says its open's notes in its own
words (``app.open_notes.APP_WORDS``), but had none for this one: it told the window's user to "forget
those `seekframe status` still lists again", a command of a terminal the user may never have opened.
Now it names the window's way (the library panel's folders, removed again), and a read-only window's
note says who sets the record aside in the window's words too."""

from __future__ import annotations

import json

from core.library import VideoLibrary
from tests.app.conftest import SESSION_TIMEOUT_MS

UNREAD = "forget_request_unread"  # (library.json's key: forget_request.UNREAD)


def _unreadable_request(library) -> None:
    data = json.loads((library / "library.json").read_text())
    data["extra"]["forget_request"] = {"folders": ["B"]}  # (no list: a hand edit, another program)
    (library / "library.json").write_text(json.dumps(data))


def test_the_window_says_the_unread_request_in_its_words(qtbot, make_app_window, demo_library):
    _unreadable_request(demo_library)
    window = make_app_window(demo_library)
    qtbot.waitUntil(lambda: any("could not be read" in t for _l, t in window.message_log), timeout=SESSION_TIMEOUT_MS)
    said = [t for _l, t in window.message_log if "could not be read" in t]
    assert len(said) == 1 and UNREAD in said[0], said
    assert "seekframe status" not in said[0] and "remove those the library panel still lists again." in said[0], said


def test_a_read_only_note_says_who_sets_it_aside_in_the_window_s_words(demo_library):
    from app.open_notes import notes_text

    _unreadable_request(demo_library)
    with VideoLibrary(demo_library, read_only=True) as library:
        text = notes_text(library)
    assert "seekframe status" not in text and "the next command that writes" not in text, text
    assert ("the next Seekframe window or `seekframe` command that writes the library sets it aside in library.json "
            f"as {UNREAD}") in text, text
    assert "remove those the library panel still lists again." in text, text
