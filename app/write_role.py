"""``WriteRole``: a window opened read-only because another process was writing the library (a
second window, ``seekframe index``) takes the write role once that process is done. Its status
reader looks at the writer lock with each periodic read (``SessionStatus.writer_free``); when the
lock is free, the library is opened again as the writer, keeping the model in hand, and the
window says so (its read-only banner goes: ``app.window``). What the other process left
unfinished is then resumed as at any open (``app.resume``)."""

from __future__ import annotations

from PySide6.QtCore import QObject, QTimer

from .requests import READ_ONLY_MESSAGE

TAKEN = "No other process writes this library any more: this window can change it now."


class WriteRole(QObject):
    def __init__(self, session):
        """``session``, its parent: the ``app.session.Session`` it opens again."""
        super().__init__(session)
        self._session = session
        self._taking = False
        session.status_changed.connect(self._status)
        session.opened.connect(self._opened)

    @property
    def waits(self) -> bool:
        """Read-only only because another process writes it: worth looking at the lock."""
        s = self._session
        return s.read_only and s.read_only_reason == READ_ONLY_MESSAGE

    def _status(self, status) -> None:
        if status.writer_free and self.waits and not self._taking:
            self._taking = True
            QTimer.singleShot(0, self, self._reopen)  # (not inside the status signal: it closes the library)

    def _reopen(self) -> None:
        if self.waits:
            self._session.reopen()
        else:
            self._taking = False

    def _opened(self, _folder: str, read_only: bool) -> None:
        if self._taking:
            self._taking = False
            if not read_only:
                self._session.say("info", TAKEN)
