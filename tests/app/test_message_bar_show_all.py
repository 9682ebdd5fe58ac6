"""A status message cut on its line is read whole one click away. The bar shows a message on one
line (test_message_bar_moves_nothing), so at the window's minimum width one longer than it ("Cannot
play /media/footage/the-afternoon-…", MOMENT_GONE at a 1.5x font, a long path) was cut there, the
rest only in a tooltip no one knew to look for. Now a "Show all" button at the end of a cut line
(reached by Tab; a click on the cut message too) shows it whole, wrapped, selectable, in a popup
right above the bar, over none of its parts; a message whole on its line has no button."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QRect, Qt
from PySide6.QtWidgets import QApplication

from app import message_bar
from app.requests import MOMENT_GONE
from tests.app.test_captions_title_fits import scaled_font, settle  # noqa: F401
from tests.app.test_message_bar_keeps_controls import _over
from tests.app.test_message_bar_moves_nothing import LONG_PATH, _layout
from tests.app.test_status_bar_fits import COMMON, HUGE, LONG, narrowest_window


def _global(widget) -> QRect:
    return QRect(widget.mapToGlobal(widget.rect().topLeft()), widget.size())


def _reads_whole(popup, text: str) -> bool:
    """The popup holds ``text`` whole, wrapped inside its width (no line wider), as tall as its lines
    (scrolled only beyond ``WHOLE_LINES`` of them, a scroll bar shown then only)."""
    view = popup.text_view
    doc, lines = view.document(), view.fontMetrics().lineSpacing()
    scrolled = view.verticalScrollBar().maximum() > 0
    return (popup.isVisible() and view.toPlainText() == text and view.isReadOnly()
            and view.verticalScrollBar().isVisible() == scrolled  # (no bar with arrows over what fits)
            and doc.idealWidth() <= view.viewport().width() + 1
            and scrolled == (doc.size().height() > view.viewport().height())
            and (scrolled or view.viewport().height() < doc.size().height() + lines)
            and view.viewport().height() <= (message_bar.WHOLE_LINES + 1) * lines)


@pytest.mark.parametrize("scaled_font", [1.0, 1.5], indirect=True)
def test_a_cut_message_is_read_whole_one_click_away(qtbot, make_app_window, demo_library, scaled_font,
                                                    no_real_dialogs):
    window = narrowest_window(qtbot, make_app_window, demo_library, scaled_font)
    bar, parts = window.statusBar(), window.status_widgets
    parts.read_only_badge.show()
    settle(qtbot)
    before = _layout(window)
    shown = [parts.library_label, parts.model_label, parts.read_only_badge]
    for text in COMMON:  # whole on their line: no button
        bar.showMessage(text, 15_000)
        settle(qtbot)
        assert bar.message_label.text() == text and not bar.show_all.isVisible()
    cuts = 0
    for text in (LONG, MOMENT_GONE, LONG_PATH, HUGE):
        bar.showMessage(text, 15_000)
        settle(qtbot)
        label, button = bar.message_label, bar.show_all
        if label.text() == text:
            assert not button.isVisible()
            continue
        cuts += 1
        assert label.text().endswith("…") and label.toolTip() == text and button.isVisible()
        assert button.text() == message_bar.SHOW_ALL and button.focusPolicy() & Qt.FocusPolicy.TabFocus
        assert not button.geometry().intersects(label.geometry()) and not _over(bar, label)
        for w in shown:  # (the button, as the message, over none of the parts)
            assert not button.geometry().intersects(w.geometry()) and not _over(bar, w), (text, w)
        qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
        popup = bar.whole
        qtbot.waitUntil(lambda: popup is not None and popup.isVisible(), timeout=10_000)
        settle(qtbot)
        assert _reads_whole(popup, text), (text, popup.size())
        place = _global(popup)
        assert place.bottom() < _global(bar).top() + bar.message_label.y() + 1  # (above the message's line)
        for w in shown:
            assert not place.intersects(_global(w)), (text, w)
        assert _layout(window) == before  # (a popup: nothing in the window moved)
        qtbot.keyClick(QApplication.focusWidget() or popup, Qt.Key.Key_Escape)
        qtbot.waitUntil(lambda: not popup.isVisible(), timeout=10_000)
    assert cuts >= 2  # (LONG_PATH and HUGE at least: wider than the bar)

    # a click on the cut message shows it too; the popup keeps it after the message's own time
    bar.showMessage(HUGE, 200)
    settle(qtbot)
    qtbot.mouseClick(bar.message_label, Qt.MouseButton.LeftButton)
    popup = bar.whole
    qtbot.waitUntil(lambda: popup is not None and popup.isVisible(), timeout=10_000)
    qtbot.waitUntil(lambda: not bar.currentMessage(), timeout=10_000)
    settle(qtbot)
    assert popup.isVisible() and popup.text_view.toPlainText() == HUGE and not bar.show_all.isVisible()
    lines = popup.text_view.fontMetrics().lineSpacing()
    assert popup.height() <= (message_bar.WHOLE_LINES + 1) * lines + 20  # (a huge one scrolled in it)
    popup.close()
    assert _layout(window) == before
