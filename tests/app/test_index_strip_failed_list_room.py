"""At the window's minimum size, with the index strip's list of files that could not be read open,
the pages above the strip were squeezed below their own minimum height: the captions panel lost
60 px and "Import captions…" was cut at its bottom edge (1.5x font, the font made larger while the
window is open; at 1.0x too). The list kept Qt's default preferred height (192 px, whatever the
font), and the strip, whose summary wraps, asked that as its height for its width, which the
window's minimum never counted. Now the list is as tall as its header and ``FAILED_ROWS`` rows of
its font (more scroll), following the font, so the window's minimum holds the strip and the pages."""

from __future__ import annotations

import shutil

import pytest
from PySide6.QtCore import QEvent, QPoint, QRect
from PySide6.QtWidgets import QAbstractButton, QApplication

from app.captions_panel import captions_title
from app.index_panel import FAILED_ROWS
from tests.app.conftest import SESSION_TIMEOUT_MS, wait_idle
from tests.app.test_captions_title_fits import settle


def at_minimum_the_pages_keep_their_room(qtbot, window) -> None:
    """``window`` at its minimum size: the pages at least their own minimum height (once its layout
    has settled), the captions' buttons whole inside their panel (as test_banner_keeps_room's)."""
    window.resize(1, 1)
    settle(qtbot)
    stack = window.stack
    qtbot.waitUntil(lambda: stack.height() >= stack.minimumSizeHint().height(), timeout=10_000)
    panel = window.captions_panel
    for button in panel.findChildren(QAbstractButton):
        if button.isVisible() and button.text():
            assert panel.rect().contains(QRect(button.mapTo(panel, QPoint(0, 0)), button.size())), button.text()


@pytest.mark.parametrize("scale", [1.0, 1.5])
def test_the_window_at_its_minimum_holds_the_open_failed_list(qtbot, make_app_window, tmp_path, demo_clips, scale,
                                                              no_real_dialogs):
    folder = tmp_path / "videos"
    folder.mkdir()
    shutil.copy(demo_clips / "red-ball-beach.mp4", folder / "red-ball-beach.mp4")
    for name in ("corrupt.mp4", "broken.mp4"):  # (failed files the library keeps: its status lists them)
        (folder / name).write_bytes(b"\x00\x00\x00\x18ftypmp42" + bytes(range(256)) * 40)
    before = QApplication.font()
    try:
        window = make_app_window(tmp_path / "lib")
        qtbot.waitUntil(lambda: window.library_panel._add.isEnabled(), timeout=10_000)
        window.library_panel.ask_folder = lambda: str(folder)
        window.library_panel.request_add()
        qtbot.waitUntil(lambda: "could not be indexed" in window.banner.text, timeout=SESSION_TIMEOUT_MS)
        wait_idle(qtbot, window.session)
        window.show_search()
        window.captions_panel.show_captions(captions_title(str(folder / "red-ball-beach.mp4"), 1.0), [],
                                            ("v", 0.0, 4.0))
        panel = window.index_panel
        qtbot.waitUntil(lambda: len(panel.failed()) == 2, timeout=10_000)
        panel._failed_button.setChecked(True)  # "2 failed" opened: the list shows
        font = QApplication.font()  # (made larger while the window is open, as a user's setting)
        font.setPointSizeF(font.pointSizeF() * scale)
        QApplication.setFont(font)
        QApplication.sendPostedEvents(None, QEvent.Type.LayoutRequest)
        settle(qtbot)
        tree = panel._tree
        assert window.index_strip.isVisible() and tree.isVisible()
        at_minimum_the_pages_keep_their_room(qtbot, window)
        assert window.index_strip.isVisible() and tree.isVisible()  # (still: the list's state, not another)
        row = tree.fontMetrics().height()
        assert tree.height() >= tree.header().height() + FAILED_ROWS * row  # (its rows at the font now)
        assert tree.height() < tree.header().height() + (FAILED_ROWS + 2) * (row + 4) + 2 * tree.frameWidth()
    finally:
        QApplication.setFont(before)
