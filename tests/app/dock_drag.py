"""The user dragging the library dock's edge, as a mouse does it: a press on the separator between
the dock and the central widget, moves, a release (``app.dock_width`` takes only such a resize as
the user's width; Qt's own resizes, ``resizeDocks`` among them, are not)."""

from __future__ import annotations

from PySide6.QtCore import QPoint, Qt
from PySide6.QtTest import QTest

from tests.app.layout_settle import settle


def edge_point(window) -> QPoint:
    """The middle of the separator right of the (left) library dock, in the window's coordinates."""
    dock, central = window.library_dock.geometry(), window.centralWidget().geometry()
    assert central.left() > dock.right() + 1, (dock, central)  # (a separator between them)
    point = QPoint((dock.right() + central.left() + 1) // 2, dock.center().y())
    assert window.childAt(point) is None, window.childAt(point)  # (on no widget: the separator)
    return point


def drag_dock(qtbot, window, width: int) -> None:
    """Drags the library dock's edge until it is ``width`` px wide (fails if it does not get there)."""
    dock = window.library_dock
    start = edge_point(window)
    end = start + QPoint(width - dock.width(), 0)
    QTest.mousePress(window, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, start)
    for step in (1, 2, 3, 4, 4):
        QTest.mouseMove(window, start + (end - start) * step / 4)
        qtbot.wait(10)
    QTest.mouseRelease(window, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, end)
    qtbot.waitUntil(lambda: dock.width() == width, timeout=10_000)
    settle(qtbot)  # (the layout's posted work)
