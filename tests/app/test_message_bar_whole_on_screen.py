"""The popup of a status message whole ("Show all", test_message_bar_show_all) is whole on the
screen wherever the window is. It was kept inside the screen's top edge only: with the window
dragged down past the screen's bottom (its status bar there), the popup opened below the screen,
out of sight. Now it is kept inside each edge of the screen's available area. And a click outside
closes it without being given again to what lies under it (``WA_NoMouseReplay``): on Windows and
macOS a click on "Show all" or on the cut message, meant to close the popup, opened it again."""

from __future__ import annotations

import shiboken6
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest

from tests.app.test_captions_title_fits import settle
from tests.app.test_message_bar_show_all import _global
from tests.app.test_status_bar_fits import HUGE, narrowest_window


def _opened(qtbot, bar, text):
    """``text`` on the bar, cut, and its popup opened by "Show all"."""
    bar.showMessage(text, 60_000)
    settle(qtbot)
    assert bar.show_all.isVisible(), text
    qtbot.mouseClick(bar.show_all, Qt.MouseButton.LeftButton)
    popup = bar.whole
    qtbot.waitUntil(lambda: popup is not None and popup.isVisible(), timeout=10_000)
    settle(qtbot)
    return popup


def test_the_popup_is_whole_on_the_screen_at_every_edge(qtbot, make_app_window, demo_library, no_real_dialogs):
    window = narrowest_window(qtbot, make_app_window, demo_library, 1.0)
    bar = window.statusBar()
    screen = bar.screen().availableGeometry()
    frame = window.frameGeometry()
    spots = {  # (the window's top left: its status bar past each edge of the screen)
        "bottom": (screen.left() + 40, screen.bottom() - frame.height() // 3),
        "left": (screen.left() - frame.width() // 2, screen.top() + 60),
        "right": (screen.right() - frame.width() // 3, screen.top() + 60),
        "bottom right": (screen.right() - frame.width() // 3, screen.bottom() - frame.height() // 3),
    }
    for edge, (x, y) in spots.items():
        window.move(x, y)
        settle(qtbot)
        popup = _opened(qtbot, bar, HUGE)
        place = _global(popup)
        assert screen.contains(place), (edge, place, screen)
        popup.close()
        settle(qtbot)


def _click_in_window(window, widget) -> None:
    """A click on ``widget`` through the window system, as a user's: a popup open sees it first."""
    at = widget.mapTo(window, widget.rect().center())
    QTest.mouseClick(window.windowHandle(), Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, at)


def test_a_click_outside_closes_the_popup_for_good(qtbot, make_app_window, demo_library, no_real_dialogs):
    window = narrowest_window(qtbot, make_app_window, demo_library, 1.0)
    bar = window.statusBar()
    for target in (bar.show_all, bar.message_label):  # (each opens it)
        popup = _opened(qtbot, bar, HUGE)
        assert popup.testAttribute(Qt.WidgetAttribute.WA_NoMouseReplay)
        _click_in_window(window, target)
        qtbot.waitUntil(lambda: not shiboken6.isValid(popup) or not popup.isVisible(), timeout=10_000)
        settle(qtbot)
        assert bar.whole is popup and bar._shown_whole() is None, target  # (none opened again)
