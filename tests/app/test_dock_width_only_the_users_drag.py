"""Only the user's own drag of the library dock's edge (a mouse press on the separator beside it,
then a resize) is the width the user chose (``app.dock_width``). Qt grows the dock on its own to its
list's size hint as folders come (274 px of a 1024 px window with 40 folders): that growth was kept
and saved as the user's width, and the grid beside it held 2 cards a row instead of 3."""

from __future__ import annotations

from PySide6.QtCore import QPoint, Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QProxyStyle, QStyle, QWidget

from tests.app.layout_settle import settle
from tests.app.test_dock_fits_folder_names import add_folders, window_with_panel

MANY = [f"{name} {i:02d}" for name in ("Camera Roll 2024", "Drone footage", "GoPro", "Misc", "School play 2023")
        for i in range(1, 9)]  # (40 folders: more rows than the dock shows)


def test_qt_growing_the_dock_for_its_rows_is_not_the_users_width(qtbot):
    """(Qt grows the dock to its list's size hint as folders come: 274 px of a 1024 px window with
    40 folders, which was kept and saved as the width the user chose; the grid beside it then held
    2 cards a row instead of 3)"""
    window, panel = window_with_panel(qtbot, width=1024)
    dock = window.library_dock
    before = dock.width()
    add_folders(panel, MANY)
    settle(qtbot)
    most = max(before, window.width() // 5)
    assert dock.sizeHint().width() > most  # (Qt's own width for these rows: else nothing to check)
    qtbot.waitUntil(lambda: dock.width() <= most, timeout=10_000)
    assert window.dock_width.saved()[0] <= most, window.dock_width.saved()
    settle(qtbot)
    assert dock.width() <= most


def test_a_mouse_held_elsewhere_is_no_drag_of_the_dock(qtbot):
    """(a resize of the dock while a mouse button was down anywhere was taken as the user's drag:
    a press in the folder list as its folders came kept Qt's own growth for good)"""
    window, panel = window_with_panel(qtbot, width=1024)
    dock = window.library_dock
    before = dock.width()
    viewport = panel._list.viewport()
    QTest.mousePress(viewport, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, QPoint(5, 5))
    add_folders(panel, MANY)
    settle(qtbot)
    QTest.mouseRelease(viewport, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, QPoint(5, 5))
    most = max(before, window.width() // 5)
    qtbot.waitUntil(lambda: dock.width() <= most, timeout=10_000)
    assert window.dock_width.saved()[0] <= most, window.dock_width.saved()


class ThinSeparators(QProxyStyle):
    """Separators 1 px wide, as the macOS style has them: Qt then lays a separator widget of its own
    over each, which gets the press instead of the window."""

    def pixelMetric(self, metric, option=None, widget=None):
        if metric == QStyle.PixelMetric.PM_DockWidgetSeparatorExtent:
            return 1
        return super().pixelMetric(metric, option, widget)


def test_a_drag_on_a_separator_widget_is_the_users(qtbot):
    style = ThinSeparators("Fusion")
    window, panel = window_with_panel(qtbot, width=1024, style=style)
    dock = window.library_dock
    separators = [child for child in window.findChildren(QWidget)
                  if child.objectName() == "qt_qmainwindow_extended_splitter" and child.isVisible()]
    assert len(separators) == 1, separators  # (else nothing to check)
    separator = separators[0]
    start, width = separator.rect().center(), dock.width()
    QTest.mousePress(separator, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, start)
    for _ in range(4):  # (10 px at a time: the separator moves along under the mouse)
        QTest.mouseMove(separator, start + QPoint(10, 0))
        qtbot.wait(10)
    QTest.mouseRelease(separator, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, start + QPoint(10, 0))
    qtbot.waitUntil(lambda: dock.width() >= width + 30, timeout=10_000)
    dragged = dock.width()
    add_folders(panel, MANY)
    settle(qtbot)
    assert dock.width() == dragged and window.dock_width.saved() == [dragged, 1024]
