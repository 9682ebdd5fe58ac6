"""``DockWidth``: the library dock keeps a fair share of a small window and gets its width back as
the window grows.

A window made narrow takes the width it lacks from its central widget, then from the dock; made
wide again, Qt gave all the room to the central widget, so the dock stayed narrow for good, its
folders cut ("/w…d/videos") beside a grid with room to spare, and was saved so for the next start.
And a dock widened on a big screen was restored as wide in a small window (456 px of a 1024 px
laptop's window: the results in two columns, the preview 150 px wide, beside a mostly empty folder
list).

Here the width the user left the dock at (``wanted``) is remembered with the window's width then
(``wanted_at``): taken when the user drags the dock's edge (a mouse press on the separator between
the dock and the central widget, then the dock resized before the release: ``_on_edge``), never
from Qt's own resizes: it grew the dock to its list's size hint as folders came (274 px of a
1024 px window with 40 folders), which was taken as the user's width and left the grid 2 cards a
row; such a resize is now fitted back. Until the user has chosen a width, the dock widens to show
its folders' names whole (``offer``: up to a fifth of the window). In a window as wide, or wider,
the dock has ``wanted``; in a narrower one it gives up its width first, pixel for pixel, down to a
fair share (a quarter of the window, never below the dock's minimum): ``room``. Both are saved with
the layout (``saved``/``restore``).
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, QPoint, Qt, QTimer
from PySide6.QtWidgets import QApplication, QDockWidget, QMainWindow

SHARE = 4  # a small window's dock: a quarter of its width
OFFERED = 5  # the most the dock widens to on its own for its folders' names: a fifth of the window (a
# quarter took 20 px of a 1024 px window's grid, 3 cards a row down to 2)
GRIP = 8  # px either side of the dock's edge where a press on no widget grabs it
SEPARATOR = "qt_qmainwindow_extended_splitter"  # (Qt's own separator widgets, where a style's separator
# is 1 px wide, the macOS style's: a press on one is passed up to the window)


class DockWidth(QObject):
    def __init__(self, window: QMainWindow, dock: QDockWidget):
        super().__init__(window)
        self._window, self._dock = window, dock
        self.wanted = 0  # the width the user left the dock at (0: not shown yet)
        self.wanted_at = 0  # the window's width then
        self._fitting = False  # (the dock resized by ``_fit`` itself)
        self._pending = False
        self._chosen = False  # the width is the user's (dragged, or kept from an earlier session)
        self._dragging = False  # (a mouse press on the dock's edge, not yet released)
        window.installEventFilter(self)
        dock.installEventFilter(self)

    def room(self, width: int) -> int:
        """The dock's width in a window ``width`` px wide (0: none known yet)."""
        if not self.wanted or width >= self.wanted_at:
            return self.wanted
        fair = max(width // SHARE, self._dock.minimumSizeHint().width(), self._dock.minimumWidth())
        return min(self.wanted, max(fair, self.wanted - (self.wanted_at - width)))

    def saved(self) -> list[int]:
        """[wanted, wanted_at] to keep with the layout ([] while none is known)."""
        return [self.wanted, self.wanted_at] if self.wanted else []

    def restore(self, saved: list[int] | None) -> None:
        """The dock's width as ``saved`` (or, from a layout saved without it, as restored: a dock
        wider than a quarter of the window it opens in taken as left in a window 4 times its
        width)."""
        if saved and len(saved) == 2 and min(saved) > 0:
            self.wanted, self.wanted_at = saved
            self._chosen = True
        else:
            self.wanted = self.wanted_at = 0
        self._later()

    def eventFilter(self, obj, event) -> bool:
        kind = event.type()
        if kind == QEvent.Type.Resize and obj is self._dock:
            self._dock_resized(event.oldSize().width())
        elif kind == QEvent.Type.Resize and obj is self._window:
            if event.size().width() != event.oldSize().width():
                self._later()
        elif kind == QEvent.Type.MouseButtonPress and obj is self._window:
            self._dragging = (event.button() == Qt.MouseButton.LeftButton
                              and self._on_edge(event.position().toPoint()))
        elif kind == QEvent.Type.MouseButtonRelease and obj is self._window:
            QTimer.singleShot(0, self, self._released)  # (after the layout's last move)
        elif kind == QEvent.Type.Show:
            self._later()
        return False

    def _on_edge(self, point: QPoint) -> bool:
        """A press at ``point`` of the window is on the dock's edge: on no widget of the window's
        but a separator of Qt's (a press on another, passed up unused, is not), beside the dock,
        within ``GRIP`` of its inner edge."""
        window, dock = self._window, self._dock
        if not dock.isVisible() or dock.isFloating():
            return False
        hit = window.childAt(point)
        if hit is not None and hit.objectName() != SEPARATOR:
            return False
        box = dock.geometry()
        if not box.top() <= point.y() <= box.bottom():
            return False
        left = window.dockWidgetArea(dock) == Qt.DockWidgetArea.LeftDockWidgetArea
        edge = box.right() if left else box.left()
        return abs(point.x() - edge) <= GRIP

    def _released(self) -> None:
        self._dragging = False

    def _dock_resized(self, old: int) -> None:
        width, window = self._dock.width(), self._window.width()
        if not self.wanted and width > 0:  # (first shown: as restored, or Qt's own width)
            self.wanted, self.wanted_at = width, max(window, SHARE * width)
            self._later()
        elif width != old and self._dragging and not self._fitting:
            self.wanted, self.wanted_at = width, window  # the user's: dragged by its edge
            self._chosen = True
        elif width != old and not self._fitting:
            self._later()  # (Qt's own: grown to more folders' rows, squeezed by the window; fitted)

    def offer(self, width: int) -> None:
        """The dock would show its rows whole at ``width``: wider to that, up to a fifth of the
        window (``OFFERED``), while its width is Qt's own (never one the user chose, nor kept from an earlier
        session). A first run's 40 folders read "Wedding o… & Tom 01" in a dock of 274 px of a
        1920 px window."""
        QApplication.sendPostedEvents(self._window, QEvent.Type.LayoutRequest)  # (Qt's own for the new rows first)
        window = self._window.width()
        target = min(width, window // OFFERED)
        if self._chosen or not self.wanted or target <= self.wanted:
            return
        self.wanted, self.wanted_at = target, max(window, SHARE * target)
        self._later()

    def _later(self) -> None:
        if not self._pending:
            self._pending = True
            QTimer.singleShot(0, self, self._fit)  # (once the layout has placed the rest)

    def _fit(self) -> None:
        self._pending = False
        dock, window = self._dock, self._window
        target = self.room(window.width())
        if not target or not dock.isVisible() or dock.isFloating() or dock.width() == target:
            return
        self._fitting = True
        try:
            window.resizeDocks([dock], [target], Qt.Orientation.Horizontal)
            QApplication.sendPostedEvents(window, QEvent.Type.LayoutRequest)  # (placed now: ours)
        finally:
            self._fitting = False
