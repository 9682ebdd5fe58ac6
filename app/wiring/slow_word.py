"""``SlowWord``: a look at a file or folder in the worker pool that has not answered in ``SLOW_MS``
(a drive or network share that does not answer) is said in the status bar; the word goes when
the look answers, unless the status bar says something else by then."""

from __future__ import annotations

from typing import Callable

from PySide6.QtCore import QObject, QTimer

SLOW_MS = 250


class SlowWord(QObject):
    def __init__(self, window, waited: Callable[[], str | None]):
        """``waited()``, when the look is slow: the name of what it waits for (shown), or None when
        nothing is to be said (nothing waited for any more, the window closing)."""
        super().__init__(window)
        self._window, self._waited = window, waited
        self._timer = QTimer(self, singleShot=True, interval=SLOW_MS, timeout=self._slow)
        self._said = ""

    def start(self) -> None:
        """A look starts (the word comes if it has not answered in ``SLOW_MS``)."""
        self._timer.start()

    def stop(self) -> None:
        """No word from now on for the look in flight (the word said stays)."""
        self._timer.stop()

    def answered(self) -> None:
        """The look answered: no more waiting, nor its word."""
        self._timer.stop()
        bar, said, self._said = self._window.statusBar(), self._said, ""
        if said and bar.currentMessage() == said:
            bar.clearMessage()

    def _slow(self) -> None:
        name = self._waited()
        if name is not None:
            self._said = f"Waiting for {name}: its drive or network share does not answer yet."
            self._window.statusBar().showMessage(self._said, 15000)
