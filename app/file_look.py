"""A look at a result's file (``app.file_state.look``: gone, changed since indexed, or its drive
offline) in the worker pool (``app.workers``), never in the GUI thread: ``os.stat`` on a share
whose server is gone can hang for minutes, and the window must not freeze with it.

``FileLook.ask(result, then)`` calls ``then(state)`` in the GUI thread once the file has been
looked at, for the latest ask only: an answer for a result asked before (the user moved on) is
dropped, and so is every answer once the window has closed. One look per file at a time: asked
again while its look still waits on the file system, the ask waits for that look, and is looked
at anew should that look have been for another result of the file (a re-scan's facts), so a
hung share holds one thread per file, however often its cards are chosen.
"""

from __future__ import annotations

from typing import Callable

from PySide6.QtCore import QEvent, QObject

from .file_state import look
from .workers import Task


class FileLook(QObject):
    def __init__(self, window, name: str):
        super().__init__(window)
        self.window, self.name = window, name
        self._asked: tuple | None = None  # (result, then): the latest ask, not answered yet
        self._running: dict[str, Task] = {}  # the looks in flight, by path
        self.closed = False
        window.installEventFilter(self)

    def ask(self, result, then: Callable[[str], None]) -> None:
        """Look at ``result``'s file; ``then(state)`` unless another ask comes first."""
        if self.closed:
            return
        self._asked = (result, then)
        if result.path not in self._running:
            self._start(result)

    def asked(self):
        """The result of the ask still waiting for its answer (None: none)."""
        return None if self._asked is None else self._asked[0]

    def drop(self) -> None:
        """Forget the ask waiting (its answer will not be applied)."""
        self._asked = None

    def eventFilter(self, obj, event) -> bool:  # noqa: N802 - Qt's name
        if obj is self.window and event.type() == QEvent.Type.Close:
            self.closed, self._asked = True, None  # (the window waits for a look in flight: workers.shutdown)
        return super().eventFilter(obj, event)

    def _start(self, result) -> None:
        task = self._running[result.path] = Task(look, result, name=f"{self.name}-file-look")
        task.done.connect(lambda state, r=result: self._answer(r, state))
        task.failed.connect(lambda _message, r=result: self._answer(r, ""))  # (the player says why)
        task.ended.connect(lambda r=result: self._ended(r))
        task.start()

    def _answer(self, result, state: str) -> None:
        if self.closed or self._asked is None or self._asked[0] is not result:
            return  # asked since for another result (or for none)
        then, self._asked = self._asked[1], None
        then(state)

    def _ended(self, result) -> None:
        self._running.pop(result.path, None)
        waiting = self.asked()
        if waiting is not None and waiting.path == result.path and not self.closed:
            self._start(waiting)  # asked for another result of that file meanwhile: its own look
