"""``StatusReader``: the library's side of the session's status, read in a worker
(``engine.session_status``): on demand, throttled while a run commits files, and every few
seconds (so another writer's commits appear: another window, or ``seekframe index`` while this
window holds no writer lock, ``app.writer_turn``; and, in a window read-only only because another
process writes it, whether that process is done: ``app.write_role``)."""

from __future__ import annotations

import logging
import time
from dataclasses import replace

from PySide6.QtCore import QObject, QTimer

from . import earlier_build, engine
from .forget_news import STATUS_READER, ForgetNews
from .requests import READ_ONLY_MESSAGE, SessionStatus
from .workers import LatestRunner
from .write_role import status_with_space, waits_for_space

log = logging.getLogger("seekframe.app")


class StatusReader(QObject):
    def __init__(self, session: QObject, refresh_interval_ms: int = 5000):
        """``session``, its parent: the ``app.session.Session`` whose ``library`` (once open),
        ``library_dir`` and ``read_only`` it reads, and whose ``emit_status`` it calls."""
        super().__init__(session, objectName=STATUS_READER)  # (app.job_runner finds it by that name)
        self._session = session
        self.status = SessionStatus()
        self._forgets = ForgetNews()  # a removal an earlier one left part-way, said once finished
        self.runner = LatestRunner("status", self)
        self.runner.result.connect(self._on_status)
        self.runner.failed.connect(self._on_failed)
        self._failure = ""  # the read's failure last said, until a read answers
        self._throttle = QTimer(self, singleShot=True, interval=700)
        self._throttle.timeout.connect(self.refresh)
        self._periodic = QTimer(self, interval=refresh_interval_ms)
        self._periodic.timeout.connect(self.refresh)

    def reset(self) -> None:
        """Nothing read yet of the session's library (not opened, or closed)."""
        self.status = SessionStatus(library_dir=self._session.library_dir)
        self._forgets.reset()
        self._failure = ""

    def attach(self) -> None:
        """The library is open: read every few seconds (another process may write it whenever
        this window does not: ``app.writer_turn``)."""
        self._periodic.start()

    def stop(self) -> None:
        """Nothing more is read (the library is closing)."""
        self._throttle.stop()
        self._periodic.stop()
        self.runner.drop()

    def removed_elsewhere(self, root: str) -> str:
        """What to say of this window's removal of ``root`` that found another process removed it
        (``ForgetNews.removed_elsewhere``: said once, whichever hears it first)."""
        return self._forgets.removed_elsewhere(root)

    def refresh(self) -> None:
        """Read the status again in the background (a read-only handle first sees new commits)."""
        library, read_only = self._session.library, self._session.read_only
        if library is not None and not self._session.gone.gone:  # (gone: a read would see no library,
            # and leave the searches, which answer from memory meanwhile, with nothing: app.library_gone)
            probe = read_only and self._session.read_only_reason == READ_ONLY_MESSAGE
            space = waits_for_space(self._session, self.status.forgetting)  # (a writer's open tried: app.write_role)
            # (a handle reading: this window's, or its writer's between jobs, sees new commits first;
            # the key, whether it did, goes with the answer: this window may take the lock meanwhile)
            read = status_with_space if space else engine.session_status
            self.runner.submit(library.read_only, _stamped, read, library, read_only, library.read_only, space or probe)

    def soon(self) -> None:
        """Read it again shortly (at most every 0.7 s: counts follow a run, throttled)."""
        if not self._throttle.isActive():
            self._throttle.start()

    def _on_failed(self, _key, text: str) -> None:
        """A read failed: said once until a read answers (a damaged library, a read of the moment and
        its folder gone are said by the session, each with its way out). Before, only the log said it,
        and a folder added before the first read stayed on its way, unexplained."""
        log.warning("status: %s", text)
        task = self.runner.running  # (the read that failed: its signals come before its end)
        if task is None or task.damaged or task.unread_now or task.gone or text == self._failure:
            return
        self._failure, s = text, self._session
        s.gone.check(lambda: None if self._failure != text else s.say("warning", not_read_text(
            text, self.status.opened)))

    def _on_status(self, reading: bool, status: SessionStatus) -> None:  # (none comes after stop(): it drops them)
        old, self.status, s = self.status, status, self._session
        self._failure = ""
        # (forget_finished: set in memory by the worker that opened the library as its writer)
        news = self._forgets.heard(old.forgetting, status.forgetting, getattr(s.library, "forget_finished", None),
                                   s.read_only and s.read_only_reason == READ_ONLY_MESSAGE,
                                   getattr(s.library, "forget_resumed", None))
        s.emit_status()  # (may open the library again as its writer: app.write_role)
        if news:
            s.say("info", news)
        counts_changed = (old.videos, old.moments) != (status.videos, status.moments)
        # read by a handle that saw other processes' commits (``reading``), whatever this window's work
        # took since: a change it saw, left unchecked now, would read as no change at the next read
        if not (old.opened and self._session.library is not None and reading):  # (else this window's own writes)
            return
        if status.library_model_id != old.library_model_id:
            self._session.rebind()  # another process re-indexed it with another model
        if counts_changed and not self._session.indexing:
            self._session.library_changed.emit()  # another process indexed: searches may differ


def not_read_text(failure: str, read_before: bool) -> str:
    """What the window says of a status read that failed with ``failure`` (``read_before``: an earlier read answered)."""
    then = ("the folders and counts shown are those of its last read" if read_before else
            "until it answers, its folders and counts are not shown, and a folder added waits to be looked at "
            "(Remove it in the library panel to drop it)")
    return f"The library's state could not be read: {failure} Seekframe reads it again every few seconds; {then}."


def _stamped(read, library, *args) -> SessionStatus:
    """``read(library, *args)``, a status, with when its read began (``SessionStatus.read_at``: what it
    can know of) and whether the library is on an earlier build of a bundled model (``earlier_build``)."""
    began = time.monotonic()
    return replace(read(library, *args), read_at=began, earlier_build=earlier_build.look(library))
