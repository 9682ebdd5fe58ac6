"""What a screen reader or voice control gets of "Show all" (test_message_bar_show_all). The button
read "Show all" and was named "Show the whole message": a voice control user saying "click Show
all" (the words on it) reached nothing (WCAG 2.5.3, Label in Name: the name holds the words shown).
Now its name holds them."""

from __future__ import annotations

from PySide6.QtCore import Qt

from tests.app.test_captions_title_fits import settle
from tests.app.test_status_bar_fits import LONG, narrowest_window


def test_show_all_is_named_by_the_words_on_it(qtbot, make_app_window, demo_library, no_real_dialogs):
    window = narrowest_window(qtbot, make_app_window, demo_library, 1.0)
    bar = window.statusBar()
    bar.showMessage(LONG, 60_000)
    settle(qtbot)
    button = bar.show_all
    assert button.isVisible() and button.focusPolicy() & Qt.FocusPolicy.TabFocus
    assert button.text().replace("&", "").lower() in button.accessibleName().lower(), button.accessibleName()
