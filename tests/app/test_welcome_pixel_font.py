"""The welcome page's title and big buttons are larger than its text with a font set in pixels too
(a platform's or a style sheet's font: ``pixelSize() > 0``, ``pointSize() == -1``): ``_scale``
multiplied the point size alone (-1 x 2.4, refused by Qt), so the title "Seekframe" and the two
big buttons were the size of the rest of the page."""

from __future__ import annotations

import pytest
from PySide6.QtGui import QFont, QFontInfo
from PySide6.QtWidgets import QApplication

from app.welcome import WelcomePage


def _px(widget) -> int:
    return QFontInfo(widget.font()).pixelSize()


@pytest.fixture
def pixel_app_font():
    """The application's font set in pixels (18 px), as a platform may give it."""
    before = QApplication.font()
    font = QFont(before)
    font.setPixelSize(18)
    QApplication.setFont(font)
    yield 18
    QApplication.setFont(before)


def _check(page, px: int) -> None:
    assert page.font().pointSize() == -1 and page.font().pixelSize() == px
    assert _px(page._title) == round(px * 2.4) and page._title.font().bold()
    for button in (page._demo, page._folder):
        assert _px(button) == round(px * 1.3), (button.text(), _px(button))
        fm = button.fontMetrics()
        assert button.minimumWidth() >= fm.horizontalAdvance(button.text())
    assert page._title.fontMetrics().height() > 2 * page.fontMetrics().height()


def test_a_font_in_pixels_is_scaled(qtbot, show_view, pixel_app_font):
    page = show_view(WelcomePage(), (900, 700))
    _check(page, pixel_app_font)


def test_a_change_to_a_font_in_pixels_is_followed(qtbot, show_view):
    page = show_view(WelcomePage(), (900, 700))
    font = QFont(page.font())
    font.setPixelSize(22)  # (a style sheet's "font-size: 22px" on the page resolves to this)
    page.setFont(font)
    qtbot.waitUntil(lambda: _px(page._title) == round(22 * 2.4), timeout=10_000)
    _check(page, 22)


def test_a_page_styled_in_pixels_is_scaled(qtbot, show_view):
    page = WelcomePage()
    page.setStyleSheet("WelcomePage { font-size: 20px; }")
    show_view(page, (900, 700))
    qtbot.waitUntil(lambda: page.font().pixelSize() == 20, timeout=10_000)
    qtbot.waitUntil(lambda: _px(page._title) == 48, timeout=10_000)
    assert _px(page._demo) == 26


def test_scaled_keeps_a_point_size_in_points():
    from app.welcome import scaled

    font = QFont()
    font.setPointSizeF(10.0)
    assert scaled(font, 1.3).pointSizeF() == pytest.approx(13.0) and scaled(font, 1.3).pixelSize() == -1
