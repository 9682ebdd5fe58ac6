"""The popup of a status message whole ("Show all", test_message_bar_show_all) stays the whole of
the message on its line. It kept the old text when a newer message took the line (a "Copied …" or
a caption count under the popup of "Cannot play …", read as that one's whole). Now a newer message
closes it (one that only times out keeps it, as before)."""

from __future__ import annotations

import pytest
import shiboken6
from PySide6.QtCore import Qt

from tests.app.test_captions_title_fits import scaled_font, settle  # noqa: F401
from tests.app.test_status_bar_fits import COMMON, HUGE, LONG, narrowest_window


def _opened(qtbot, bar, text):
    bar.showMessage(text, 60_000)
    settle(qtbot)
    assert bar.show_all.isVisible(), text
    qtbot.mouseClick(bar.show_all, Qt.MouseButton.LeftButton)
    popup = bar.whole
    qtbot.waitUntil(lambda: popup is not None and popup.isVisible(), timeout=2_000)
    settle(qtbot)
    return popup


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
