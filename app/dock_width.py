"""``DockWidth``: the library dock gets its width back when the window that narrowed it grows.

A window made narrow takes the width it lacks from its side dock (Qt's main-window layout shrinks
the dock, down to its minimum); made wide again, Qt gives all the room to the central widget, so
the dock stayed narrow for good, its folders cut ("/w…d/videos") beside a grid with room to spare,
and was saved so for the next start. Here the dock's width is remembered whenever it changes while
the window keeps its width (the user dragging its edge, the saved layout restored), and the room a
window gains goes to the dock first, up to that width."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt, QTimer
from PySide6.QtWidgets import QDockWidget, QMainWindow


class DockWidth(QObject):
    def __init__(self, window: QMainWindow, dock: QDockWidget):
        super().__init__(window)
        self._window, self._dock = window, dock
        self.wanted = 0  # the width the user left the dock at (0: not shown yet)
        self._seen = -1  # the window's width at the dock's last resize
        self._grown = 0  # the width the window gained since the room was last given out
        window.installEventFilter(self)
        dock.installEventFilter(self)

    def eventFilter(self, obj, event) -> bool:
        if event.type() == QEvent.Type.Resize:
            if obj is self._dock:
                width = self._window.width()
                if width == self._seen or not self.wanted:  # (not the window's own resize)
                    self.wanted = self._dock.width()
                self._seen = width
            elif obj is self._window and event.oldSize().width() > 0:
                gained = event.size().width() - event.oldSize().width()
                if gained > 0:
                    if not self._grown:
                        QTimer.singleShot(0, self, self._give_back)  # (once the layout has placed the rest)
                    self._grown += gained
        return False

    def _give_back(self) -> None:
        grown, self._grown = self._grown, 0
        dock = self._dock
        if not dock.isVisible() or dock.isFloating() or dock.width() >= self.wanted:
            return
        self._window.resizeDocks([dock], [min(self.wanted, dock.width() + grown)], Qt.Orientation.Horizontal)
