"""``when_window_closes(widget, fn)``: ``fn()`` as the window ``widget`` is shown in closes, so a
view lets go of what it holds open (the preview's file: its media player's source, the engine's
frames' reader) with its window rather than at the process's exit. Whichever window that is when
it is shown (a view is made before it is put in its place); ``widget`` itself when it is one."""

from __future__ import annotations

import weakref
from typing import Callable

import shiboken6
from PySide6.QtCore import QEvent, QObject
from PySide6.QtWidgets import QWidget

from .weak_calls import weakly


class _Watch(QObject):
    """A child of ``widget``; holds it through its parent only, its window and ``fn`` weakly
    (``weak_calls``): no cycle keeps a widget without a parent."""

    def __init__(self, widget: QWidget, fn: Callable[[], None]):
        super().__init__(widget)
        self._fn, self._top = weakly(fn), lambda: None  # (the window it watches, to let go of: weakly)
        widget.installEventFilter(self)

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt's name
        kind = event.type()
        if kind == QEvent.Type.Show and obj is self.parent():
            top, before = obj.window(), self._top()
            if top is not before:
                if before is not None and shiboken6.isValid(before):
                    before.removeEventFilter(self)
                self._top = weakref.ref(top)
                if top is not obj:
                    top.installEventFilter(self)
        elif kind == QEvent.Type.Close and obj in (self.parent(), self.parent().window()) and (fn := self._fn()):
            fn()  # (before the window's own closeEvent: the app's window always accepts it)
        return False


def when_window_closes(widget: QWidget, fn: Callable[[], None]) -> QObject:
    """Call ``fn()`` whenever the window ``widget`` is in gets a close event; returns the watcher
    (a child of ``widget``)."""
    return _Watch(widget, fn)
