"""``WriterTurn``: the app holds its library's writer lock only while it writes.

A library has one writer at a time (``core.library.lock``). The app used to hold the lock for as
long as it was open, so ``seekframe index`` from a terminal or a nightly job was refused while the
window sat idle. Now the job runner's work takes the lock in its worker
(``engine.as_writer``: ``VideoLibrary.write_lease``), and once the runner has had nothing to do for
``RELEASE_AFTER_MS`` the lock is let go (``engine.let_go``: the library reads as a read-only
handle meanwhile, so the other writer's commits show: ``app.status_reader``). Work that finds
another process writing waits for it (the runner puts it back), said once; the lock is looked at
every ``POLL_MS`` in a worker, and ``free`` starts the work when that process is done. An optimize
that a full disk put off as the lock was let go is said once (nothing lost; ``engine.let_go``), and
again only after one that was not.
"""

from __future__ import annotations

import logging

from PySide6.QtCore import QObject, QTimer, Signal

from . import engine
from .requests import WRITER_DONE, WRITER_UNWAITED, WRITER_WAITED
from .workers import Task

log = logging.getLogger("seekframe.app")

RELEASE_AFTER_MS = 1500  # a pause between jobs (one after another, notes written in a row) keeps it
POLL_MS = 1000


class WriterTurn(QObject):
    free = Signal()  # the other writer is done: what waited can start

    def __init__(self, session):
        """``session``: the ``app.session.Session`` whose ``library``, ``start_worker`` and
        ``say`` it uses."""
        super().__init__(session)
        self._session = session
        self.waiting: dict | None = None  # the other writer's lock info, while work waits for it
        self.put_off_said = False  # a full disk put off the optimize, said; not said again until one is not
        self._looking = False
        self._release = QTimer(self, singleShot=True, interval=RELEASE_AFTER_MS)
        self._release.timeout.connect(self._let_go)
        self._poll = QTimer(self, interval=POLL_MS)
        self._poll.timeout.connect(self._look)

    def busy(self) -> None:
        """The app writes now (its work took the lock, or is about to)."""
        self._release.stop()

    def idle(self) -> None:
        """The app has nothing to write: the lock goes after a pause."""
        s = self._session
        if s.library is not None and not s.read_only and self.waiting is None:
            self._release.start()

    def wait_for(self, holder: dict, what: str) -> None:
        """``what`` found another process writing: it waits for it (said once per wait)."""
        self._release.stop()
        if self.waiting is None:
            from core.library.lock import writer_name  # (not at start-up: the window first)

            who = writer_name(holder, "Another Seekframe window", "Another Seekframe process")
            self._session.say("warning", f"{who} {WRITER_WAITED}: {what} starts when it is done. Searching works "
                                         "meanwhile.")
        self.waiting = holder
        self._poll.start()

    def unwait(self) -> None:
        """What waited was cancelled, nothing else waits: its warning goes, and no word comes
        when the other process is done (nothing starts then)."""
        if self.waiting is not None:
            self.waiting = None
            self._poll.stop()
            self._session.say("info", WRITER_UNWAITED)

    def reset(self) -> None:
        """The library closes: nothing waits, nothing is let go (closing releases the lock)."""
        self._release.stop()
        self._poll.stop()
        self.waiting = None
        self.put_off_said = False

    def _look(self) -> None:
        s = self._session
        if self._looking or s.library is None or s.read_only:  # (its folder gone: said, no look at a lock)
            return
        if not s.library.read_only:  # (this window's own work took the lock since: the other is done;
            self._looked(True)  # the lock looked at now would be found held, by this window, for ever)
            return
        self._looking = True
        s.start_worker(Task(engine.writer_free, s.library_dir, name="writer-free"), report_failure=False,
                       done=self._looked, ended=self._looked_ended)

    def _looked_ended(self) -> None:
        self._looking = False

    def _looked(self, free: bool | None) -> None:
        if free is None:  # (the library's folder is not there: said, the window read-only; no more looks)
            self._session.gone.check()
            return
        if free and self.waiting is not None:
            self.waiting = None
            self._poll.stop()
            self._session.say("info", WRITER_DONE)
            self.free.emit()

    def _let_go(self) -> None:
        s = self._session
        if s.library is None or s.read_only:
            return
        s.start_worker(Task(engine.let_go, s.library, name="let-go"), report_failure=False, done=self._let_go_done,
                       failed=lambda msg: log.warning("letting go of the writer lock: %s", msg))

    def _let_go_done(self, put_off: str | None) -> None:
        if put_off is None:  # (a write held it: nothing tried)
            return
        if put_off and not self.put_off_said:
            self._session.say("warning", put_off)
        self.put_off_said = bool(put_off)
