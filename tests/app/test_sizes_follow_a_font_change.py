"""Sizes worked out from the font at build follow a change of the application's font while the app
runs (``app.font_follow.follow_font``): after ``QApplication.setFont`` of 1.5 times, the captions
list's busy bar, the index panel's File column (50 characters), the search field's minimum width
(20 characters), the minimum widths of the buttons sized to their text (``compact``) and the welcome
page's logo (5 lines), text widths and gaps kept the old font's sizes."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QEvent
from PySide6.QtGui import QFontMetrics
from PySide6.QtWidgets import QAbstractButton, QApplication, QLabel, QProgressBar, QSizePolicy

from app.captions_panel import captions_title
from app.welcome import WelcomePage
from core.search import CaptionResult


@pytest.fixture
def grow_font():
    """``grow_font()`` sets the application's font 1.5 times larger (put back at the end)."""
    before = QApplication.font()

    def grow() -> None:
        font = QApplication.font()
        font.setPointSizeF(font.pointSizeF() * 1.5)
        QApplication.setFont(font)
        QApplication.sendPostedEvents(None, QEvent.Type.LayoutRequest)
        QApplication.processEvents()

    yield grow
    QApplication.setFont(before)


def test_the_windows_sizes_follow_a_font_change(qtbot, make_app_window, demo_library, grow_font):
    window = make_app_window(demo_library)
    window.show_search()
    window.resize(1700, 900)
    captions = window.captions_panel
    captions.show_captions(captions_title("/v/beach.mp4", 72.0), [
        CaptionResult("a dog", 0.31, "imported", "c2", "v1", "/v/beach.mp4", 70.0, 74.0),
        CaptionResult("Bella asleep", 0.40, "note", "c4", "v2", "/v/sofa.mp4", 8.0, 12.0)], ("v1", 72.0, 76.0))
    old = captions.fontMetrics().height()
    grow_font()
    assert captions.fontMetrics().height() > old  # (the font did change)

    bar = captions._busy_bar
    assert bar.maximumHeight() == bar.fontMetrics().height() // 2 + 2
    tree = captions._tree
    qtbot.waitUntil(lambda: not tree.header().isSectionHidden(2), timeout=10_000)
    for i in range(tree.topLevelItemCount()):
        for j in range(tree.topLevelItem(i).childCount()):
            item = tree.topLevelItem(i).child(j)
            fm = QFontMetrics(item.font(2))
            assert tree.columnWidth(2) >= fm.horizontalAdvance(item.text(2)), item.text(2)

    files = window.index_panel._tree
    assert files.columnWidth(0) == files.fontMetrics().averageCharWidth() * 50
    field = window.search_panel.field
    assert field.minimumWidth() == field.fontMetrics().averageCharWidth() * 20
    buttons = [captions._note, captions._import] + [b for b in window.library_panel.findChildren(QAbstractButton)
                                                    if b.text() in ("Add folder…", "Remove", "Re-scan")]
    assert len(buttons) == 5
    for button in buttons:
        assert button.minimumWidth() > button.fontMetrics().horizontalAdvance(button.text()), button.text()


def test_the_welcome_pages_sizes_follow_a_font_change(qtbot, show_view, grow_font):
    page = show_view(WelcomePage(), (900, 700))
    grow_font()
    fm = page.fontMetrics()
    chars, line = fm.averageCharWidth(), fm.height()
    labels = {lb.accessibleName() or lb.accessibleDescription(): lb for lb in page.findChildren(QLabel)}
    bars = {bar.accessibleName(): bar for bar in page.findChildren(QProgressBar)}
    assert labels["Seekframe logo"].pixmap().height() == line * 5
    assert page._intro.maximumWidth() == chars * 70
    assert labels["What the model knows"].maximumWidth() == chars * 70  # (short lines, as the intro)
    assert labels["A better model"].maximumWidth() == chars * 90
    assert bars["Working"].maximumWidth() == chars * 50 and bars["Download progress"].minimumWidth() == chars * 36
    assert page._gaps["buttons"].sizeHint().width() == chars * 4
    assert page._gaps["intro"].sizeHint().height() == line * 2
    fixed = QSizePolicy.Policy.Fixed
    assert page._gaps["intro"].sizePolicy().verticalPolicy() == fixed
