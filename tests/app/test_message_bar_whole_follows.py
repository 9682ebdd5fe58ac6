"""The popup of a status message whole ("Show all", test_message_bar_show_all) stays the whole of
the message on its line, right above that line. It kept the old text when a newer message took the
line (a "Copied …" or a caption count under the popup of "Cannot play …", read as that one's whole),
and stayed where it was shown when the window moved or was resized (by the app, a keyboard shortcut
of the desktop, a screen change): over the middle of the window or beside it, as wide as the old
room. Now a newer message closes it (one that only times out keeps it, as before), and it goes with
the window, as wide as the bar's room is then."""

from __future__ import annotations

import pytest
import shiboken6
from PySide6.QtCore import QPoint, QRect, Qt

from app import message_bar
from tests.app.test_captions_title_fits import scaled_font, settle  # noqa: F401
from tests.app.test_message_bar_show_all import _global, _reads_whole
from tests.app.test_status_bar_fits import COMMON, HUGE, LONG, narrowest_window


def _opened(qtbot, bar, text):
    bar.showMessage(text, 60_000)
    settle(qtbot)
    assert bar.show_all.isVisible(), text
    qtbot.mouseClick(bar.show_all, Qt.MouseButton.LeftButton)
    popup = bar.whole
    qtbot.waitUntil(lambda: popup is not None and popup.isVisible(), timeout=10_000)
    settle(qtbot)
    return popup


def _just_above_its_line(bar, popup) -> bool:
    """The popup's bottom edge on the message's line's top, its left where the message starts
    (on the screen, no wider than it), as wide as the bar's room for messages allows."""
    line = QRect(bar.mapToGlobal(QPoint(0, bar.message_label.y())), bar.message_label.size())
    place, room, screen = _global(popup), bar.room(beside=False), bar.screen().availableGeometry()
    width = min(room.width(), message_bar.WHOLE_CHARS * bar.message_label.fontMetrics().averageCharWidth(),
                screen.width())
    left = max(screen.left(), min(bar.mapToGlobal(room.topLeft()).x(), screen.right() + 1 - width))
    across = width == screen.width()  # (as wide as the screen, a window wider than it: the platform places it)
    return place.bottom() + 1 == line.top() and (place.left() == left or across) and place.width() == width


def _shown(popup) -> bool:
    return shiboken6.isValid(popup) and popup.isVisible()


@pytest.mark.parametrize("scaled_font", [1.0, 1.5], indirect=True)
def test_a_newer_message_closes_the_popup_of_the_one_before(qtbot, make_app_window, demo_library, scaled_font,
                                                           no_real_dialogs):
    window = narrowest_window(qtbot, make_app_window, demo_library, scaled_font)
    bar = window.statusBar()
    for newer in (COMMON[-1], HUGE):  # whole on its line, or cut too
        popup = _opened(qtbot, bar, LONG)
        bar.showMessage(newer, 60_000)
        settle(qtbot)
        assert not _shown(popup), newer
        assert bar.currentMessage() == newer
    popup = _opened(qtbot, bar, HUGE)  # (the newer one's own popup: its text)
    assert popup.text_view.toPlainText() == HUGE
    bar.clearMessage()  # (gone, none newer: kept, as after the message's time)
    settle(qtbot)
    assert _shown(popup) and popup.text_view.toPlainText() == HUGE
    popup.close()


@pytest.mark.parametrize("scaled_font", [1.0, 1.5], indirect=True)
def test_the_popup_goes_with_the_window_moved_or_resized(qtbot, make_app_window, demo_library, scaled_font,
                                                         no_real_dialogs):
    window = narrowest_window(qtbot, make_app_window, demo_library, scaled_font)
    bar = window.statusBar()
    for text in (LONG, HUGE):
        popup = _opened(qtbot, bar, text)
        assert _just_above_its_line(bar, popup)
        window.move(window.pos() + QPoint(60, 40))
        qtbot.waitUntil(lambda: _just_above_its_line(bar, popup), timeout=10_000)
        for width, height in ((window.width() + 400, window.height() - 80), (window.minimumWidth(), 600)):
            window.resize(width, height)
            settle(qtbot)
            assert _shown(popup) and _just_above_its_line(bar, popup), (text, width, height)
            assert _reads_whole(popup, text), (text, width, popup.size())
        popup.close()
        settle(qtbot)
