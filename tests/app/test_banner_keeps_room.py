"""At its minimum size, a window whose banner wrapped onto more lines than its one-line minimum
(a warning at the window's minimum width, 1.5x font: two lines) squeezed the results, preview and
captions below their own minimum to make room for it: the captions panel got 213 of its 227 px and
"Import captions…" was cut at its bottom edge. The window's minimum counted the banner's
one-line height, never the lines it takes at the window's width. Now the banner's minimum height
is the height its text takes at its width, so the window's minimum holds it and everything under it."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QPoint, QRect
from PySide6.QtWidgets import QAbstractButton

from app.captions_panel import captions_title
from tests.app.test_captions_title_fits import scaled_font, settle  # noqa: F401

WARNING = ("1 file could not be indexed (corrupt.mp4: damaged or incomplete MP4/MOV file (cannot read its "
           "header; a download cut short?)). It is retried when it changes.")


@pytest.mark.parametrize("scaled_font", [1.0, 1.5], indirect=True)
def test_the_window_at_its_minimum_holds_a_wrapped_banner(qtbot, make_app_window, demo_library, scaled_font,
                                                          no_real_dialogs):
    window = make_app_window(demo_library)
    window.show_search()
    window.captions_panel.show_captions(captions_title("/videos/red-ball-beach.mp4", 12.0), [], ("v", 12.0, 16.0))
    window.show_message("warning", WARNING)
    window.resize(1, 1)  # (its minimum)
    settle(qtbot)
    banner = window.banner
    assert banner.isVisible() and banner.height() >= banner.heightForWidth(banner.width())
    assert window.stack.height() >= window.stack.minimumSizeHint().height()
    for button in window.captions_panel.findChildren(QAbstractButton):  # "Add note…", "Import captions…" whole
        if button.isVisible() and button.text():
            panel = window.captions_panel
            assert panel.rect().contains(QRect(button.mapTo(panel, QPoint(0, 0)), button.size())), button.text()
