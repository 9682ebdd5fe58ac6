"""``when_window_closes(widget, fn)``: ``fn()`` as the window ``widget`` is shown in closes, so a
view lets go of what it holds open (the preview's file: its media player's source, the engine's
frames' reader) with its window rather than at the process's exit. Whichever window that is when
it is shown (a view is made before it is put in its place); ``widget`` itself when it is one."""

from __future__ import annotations

from typing import Callable

import shiboken6
from PySide6.QtCore import QEvent, QObject
from PySide6.QtWidgets import QWidget


class _Watch(QObject):
    def __init__(self, widget: QWidget, fn: Callable[[], None]):
        super().__init__(widget)
        self._widget, self._fn, self._top = widget, fn, None
        widget.installEventFilter(self)

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt's name
        kind = event.type()
        if kind == QEvent.Type.Show and obj is self._widget:
            top = obj.window()
            if top is not self._top:
                if self._top is not None and shiboken6.isValid(self._top):
                    self._top.removeEventFilter(self)
                self._top = top
                if top is not obj:
                    top.installEventFilter(self)
        elif kind == QEvent.Type.Close and (obj is self._top or obj is self._widget):
            self._fn()  # (before the window's own closeEvent: the app's window always accepts it)
        return False


def when_window_closes(widget: QWidget, fn: Callable[[], None]) -> QObject:
    """Call ``fn()`` whenever the window ``widget`` is in gets a close event; returns the watcher
    (a child of ``widget``)."""
    return _Watch(widget, fn)
