"""What a screen reader or voice control gets of "Show all" (test_message_bar_show_all). The button
read "Show all" and was named "Show the whole message": a voice control user saying "click Show
all" (the words on it) reached nothing (WCAG 2.5.3, Label in Name: the name holds the words shown).
Now its name holds them. The popup's text is read once, under a name of what it is."""

from __future__ import annotations

from PySide6.QtCore import Qt

from tests.app.test_captions_title_fits import settle
from tests.app.test_message_bar_whole_follows import _opened
from tests.app.test_status_bar_fits import HUGE, LONG, narrowest_window


def test_show_all_is_named_by_the_words_on_it(qtbot, make_app_window, demo_library, no_real_dialogs):
    window = narrowest_window(qtbot, make_app_window, demo_library, 1.0)
    bar = window.statusBar()
    bar.showMessage(LONG, 60_000)
    settle(qtbot)
    button = bar.show_all
    assert button.isVisible() and button.focusPolicy() & Qt.FocusPolicy.TabFocus
    assert button.text().replace("&", "").lower() in button.accessibleName().lower(), button.accessibleName()


def test_the_popups_text_is_read_once(qtbot, make_app_window, demo_library, no_real_dialogs):
    """The popup's text view was named by the whole message: a screen reader read a name of up to
    thousands of characters (a long path) and then the same text as the view's own, twice over,
    with no word of what it is. Now it is named for what it is; the message is its text."""
    window = narrowest_window(qtbot, make_app_window, demo_library, 1.0)
    bar = window.statusBar()
    for text in (LONG, HUGE):
        popup = _opened(qtbot, bar, text)
        view = popup.text_view
        assert view.toPlainText() == text
        name = view.accessibleName()
        assert name and "message" in name.lower() and name not in text and len(name) < 40, name
        popup.close()
        settle(qtbot)
