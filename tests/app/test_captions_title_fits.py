"""The captions panel's title is read whole at the window's narrowest: beside "Add note…" it got a
few characters at the window's minimum width (751 px), "Ca…00" for "Captions for red-ball-beach.mp4
at 0:00", and no more at a large font. Now it has a row of its own, wrapped onto the lines it needs;
only a file name wider than the whole row is cut (in its middle, the full title in the tooltip)."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QRect, Qt
from PySide6.QtWidgets import QAbstractButton, QApplication

from app.captions_panel import captions_title
from tests.app.layout_settle import settle  # noqa: F401 (other tests import it from here)

LONG = "the-afternoon-when-the-red-ball-bounced-all-the-way-down-the-beach-2024-07-14-part-3.mp4"


def at_the_narrowest(qtbot, window, height: int, scale: float) -> None:
    """``window`` made as narrow as it goes, laid out; its minimum no wider than 800 px (at the
    font scaled ``scale`` times)."""
    window.resize(400, height)
    qtbot.waitUntil(lambda: window.width() == window.minimumSizeHint().width(), timeout=10_000)
    settle(qtbot)
    assert window.width() <= 800 * scale  # (its contents did not widen the window's minimum)


@pytest.fixture
def scaled_font(request):
    """The application's font ``request.param`` times its size for the test."""
    before = QApplication.font()
    font = QApplication.font()
    font.setPointSizeF(font.pointSizeF() * request.param)
    QApplication.setFont(font)
    yield request.param
    QApplication.setFont(before)


def lines_fit(label) -> bool:
    """Every line of the label's text inside its width, and its height holding them all."""
    rect = label.contentsRect()
    needs = label.fontMetrics().boundingRect(QRect(0, 0, rect.width(), 100_000),
                                             int(Qt.TextFlag.TextWordWrap), label.text())
    return needs.width() <= rect.width() and rect.height() >= needs.height()


@pytest.mark.parametrize("scaled_font", [1.0, 1.5], indirect=True)
def test_the_captions_title_is_whole_at_the_windows_minimum_width(qtbot, make_app_window, demo_library,
                                                                   scaled_font, no_real_dialogs):
    window = make_app_window(demo_library)
    window.show_search()
    panel = window.captions_panel
    title = captions_title("/videos/red-ball-beach.mp4", 12.0)
    panel.show_captions(title, [], ("v", 12.0, 16.0))
    at_the_narrowest(qtbot, window, 600, scaled_font)  # (the title did not widen the window's minimum)
    label = panel._title
    # whole, or on its two lines with a few characters of the file name cut (a title keeps to two
    # lines: test_captions_title_two_lines)
    shown = label.text()
    assert label.isVisible(), label.width()
    assert shown == title or (shown.startswith("Captions for red-") and shown.endswith(".mp4 at 0:12")
                              and "…" in shown and len(shown) >= len(title) - 10), (shown, label.width())
    assert lines_fit(label), (label.size(), label.text())
    for button in panel.findChildren(QAbstractButton):  # "Add note…", "Import captions…" whole, shown
        if button.text():
            assert button.isVisible() and button.width() >= button.fontMetrics().horizontalAdvance(button.text())
            assert button.geometry().intersects(button.parentWidget().rect())

    # a file name wider than the row: cut in its middle, the rest of the title whole
    long_title = captions_title(f"/videos/{LONG}", 72.0)
    panel.show_captions(long_title, [], ("v", 72.0, 76.0))
    settle(qtbot)
    shown = label.text()
    assert shown.startswith("Captions for the-") and shown.endswith(".mp4 at 1:12") and "…" in shown, shown
    assert label.toolTip() == long_title and panel.title() == long_title
    assert lines_fit(label), (label.size(), shown)
