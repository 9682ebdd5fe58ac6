"""The indexing panel's list of files that could not be read: its File column follows the font
(50 characters, ``app.font_follow.column_in_characters``) until the user drags it to a width of
their own, which is then kept. A change of the application's font (a larger system font while the
app runs) put it back to 50 characters, a long path the user had widened it for cut again."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QPoint, Qt
from PySide6.QtWidgets import QApplication

from app.index_panel import IndexPanel

FAILS = [("/media/footage/the-afternoon-when-the-red-ball-bounced-all-the-way-down-the-beach.mp4", "truncated file"),
         ("/v/b.mp4", "not a video file")]


def _scale_font(by: float) -> None:
    font = QApplication.font()
    font.setPointSizeF(font.pointSizeF() * by)
    QApplication.setFont(font)
    QApplication.sendPostedEvents(None, QEvent.Type.LayoutRequest)
    QApplication.processEvents()


def _drag_edge(qtbot, header, section: int, by: int) -> None:
    """The user drags the right edge of ``section`` of ``header`` ``by`` px, as with the mouse."""
    edge = QPoint(header.sectionViewportPosition(section) + header.sectionSize(section) - 1, header.height() // 2)
    viewport = header.viewport()
    qtbot.mousePress(viewport, Qt.MouseButton.LeftButton, pos=edge)
    for step in range(1, 5):
        qtbot.mouseMove(viewport, edge + QPoint(by * step // 4, 0))
    qtbot.mouseRelease(viewport, Qt.MouseButton.LeftButton, pos=edge + QPoint(by, 0))


def test_a_file_column_the_user_sized_keeps_its_width_through_a_font_change(qtbot, show_view):
    before = QApplication.font()
    try:
        panel = show_view(IndexPanel(), (1400, 400))
        panel.set_failed(FAILS)
        panel._failed_button.setChecked(True)  # the list unfolded
        tree = panel._tree
        qtbot.waitUntil(tree.isVisible, timeout=10_000)
        header = tree.header()
        assert tree.columnWidth(0) == tree.fontMetrics().averageCharWidth() * 50

        _scale_font(1.25)  # not sized by the user yet: it follows the font
        assert tree.columnWidth(0) == tree.fontMetrics().averageCharWidth() * 50

        _drag_edge(qtbot, header, 0, 180)  # the user widens it for the long path
        dragged = tree.columnWidth(0)
        assert dragged >= tree.fontMetrics().averageCharWidth() * 50 + 150, dragged
        _scale_font(1.2)
        assert tree.columnWidth(0) == dragged  # kept
        _scale_font(1 / 1.5)
        assert tree.columnWidth(0) == dragged
    finally:
        QApplication.setFont(before)
