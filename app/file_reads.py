"""Reads of a file a view is about to show, in the worker pool (``app.workers``), never in the
GUI thread: on a share whose server is gone every read can hang for minutes, and a big file takes
its time, and the window must not freeze with them. A view, which starts no threads itself, is
handed a ``FileReads`` (the preview's: ``app.player.PreviewPlayer``, for
``app.movie_source.look_at_file``).

``reads(fn, *args, then=then)`` calls ``then(fn(*args))`` in the GUI thread once ``fn`` has
returned in a worker (``then(None)`` should it fail: the error is logged), unless the window has
closed meanwhile. Which answer still counts (the newest ask) is the caller's to say.
"""

from __future__ import annotations

from typing import Callable

import shiboken6
from PySide6.QtCore import QEvent, QObject

from .workers import Task


class FileReads(QObject):
    def __init__(self, window: QObject | None = None, name: str = "file-read"):
        super().__init__(window)
        self.name, self.closed = name, False
        if window is not None:
            window.installEventFilter(self)

    def __call__(self, fn: Callable, *args, then: Callable) -> None:
        if self.closed:
            return
        task = Task(fn, *args, name=f"{self.name}-read")
        task.done.connect(lambda value: self._answer(then, value))
        task.failed.connect(lambda _message: self._answer(then, None))
        task.start()

    def eventFilter(self, obj, event) -> bool:  # noqa: N802 - Qt's name
        if obj is self.parent() and event.type() == QEvent.Type.Close:
            self.closed = True  # (the window waits for a read in flight: workers.shutdown)
        return super().eventFilter(obj, event)

    def _answer(self, then: Callable, value) -> None:
        if not self.closed and shiboken6.isValid(self):
            then(value)
