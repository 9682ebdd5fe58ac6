"""The memory glibc's malloc keeps free given back between the user's actions and once the window
is idle (``core.arenas.trim``).

Each worker thread allocates in an arena of its own, and glibc keeps what it freed there: a window
open for hours grew by 200-500 MB without holding more (benchmarks/RESULTS.md, "A long window
session"). The window looks ``AFTER_ANSWER_MS`` after each search's answer (``answered``: a window
in continuous use, searching and previewing, has a moment between actions) and every ``CHECK_S``:
with no work running and its resident memory grown by ``GREW_BYTES`` since the last trim, it trims,
in a thread of its own (tens of ms for a few hundred MB, off the GUI thread). Nothing is started
where the C library cannot trim (not Linux with glibc).
"""

from __future__ import annotations

import gc
import logging
import threading
import time

from PySide6.QtCore import QObject, QTimer

from core import arenas

from . import workers

log = logging.getLogger("seekframe.app")

CHECK_S = 30
IDLE_LOOK_MS = 250  # (SettleAgainWhenIdle's look for the end of the work in hand)
GREW_BYTES = 32 * 1024 * 1024
AFTER_ANSWER_MS = 250  # (0: only the timer's look; benchmarks/long_session.py --answer-trim off)


def settle_objects(*_switched) -> None:
    """Once a model is loaded (``Session.ready``: a library opened; ``Session.model_switched``), the
    objects alive then (torch's, LanceDB's, the model's, the library's rows) are moved out of the garbage
    collector's sight (``gc.freeze``): a full collection walked them all with the GIL held, 0.8-1.2 s at
    20,000 videos, and a re-scan's or a folder removal's status reads make enough new objects for one
    (benchmarks/RESULTS.md, 20,000 videos): the window froze. Reference counting frees them as before;
    what only the collector frees (objects in a cycle) is let out first and collected, once, each time:
    the garbage of the load, and the frozen objects that became garbage since (the library left for
    another, the model switched from), so none stays frozen beyond the next open or switch."""
    gc.unfreeze()
    gc.collect()
    gc.freeze()


class SettleAgainWhenIdle(QObject):
    """``settle`` at once, and again once no worker runs, where one ran at the first (looked at every
    ``IDLE_LOOK_MS``): a worker that still held what was let go (a search or a status read of the model
    switched from, of the library left) had it frozen alive at the first settle, and an object of a
    cycle frozen is never collected until the next open or switch: the model switched from stayed
    beside the new one (a clean-clone CI run at load ~10 saw it not freed)."""

    def __init__(self, parent: QObject, settle=settle_objects, busy=workers.live_workers):
        super().__init__(parent)
        self._settle, self._busy = settle, busy
        self.timer = QTimer(self, interval=IDLE_LOOK_MS)
        self.timer.timeout.connect(self._look)

    def request(self, *_why) -> None:
        self._settle()
        if self._busy():
            self.timer.start()  # (restarted: one settle once the work in hand has ended)

    def _look(self) -> None:
        if not self._busy():
            self.timer.stop()
            self._settle()


class IdleTrim(QObject):
    def __init__(self, parent: QObject, trim=arenas.trim, rss=arenas.rss_bytes, busy=workers.live_workers,
                 can_trim=arenas.can_trim, run=None):
        super().__init__(parent)
        self._trim, self._rss, self._busy = trim, rss, busy
        self._run = run or (lambda fn: threading.Thread(target=fn, name="malloc-trim", daemon=True).start())
        self._trimming = False
        self.after = rss()  # resident bytes after the last trim (at the start: none yet)
        self.trims = 0
        self.timer = QTimer(self, interval=CHECK_S * 1000)
        self.timer.timeout.connect(self.check)
        self.soon = QTimer(self, singleShot=True, interval=AFTER_ANSWER_MS)  # (after an answer)
        self.soon.timeout.connect(self.check)
        if self.after is not None and can_trim():
            self.timer.start()

    def answered(self, *_answer) -> None:
        """A search was answered (``Session.search_results``): look again a moment later, once
        its worker has ended and the grid has taken the results."""
        if self.timer.isActive() and AFTER_ANSWER_MS > 0:
            self.soon.start(AFTER_ANSWER_MS)

    def check(self) -> bool:
        """Trim when no work runs and resident memory grew by ``GREW_BYTES`` since the last trim
        (or since it went down). Whether it trimmed."""
        now = self._rss()
        if now is None or self.after is None or self._trimming:
            return False
        self.after = min(self.after, now)
        if now - self.after < GREW_BYTES or self._busy():
            return False
        self._trimming = True
        self._run(lambda: self._trimmed(now))
        return True

    def _trimmed(self, before: int) -> None:
        t = time.perf_counter()
        try:
            self._trim()
            self.after = self._rss() or before
            self.trims += 1
        finally:
            self._trimming = False
        log.debug("malloc_trim gave back %.0f MB in %.0f ms", (before - self.after) / 1e6,
                  (time.perf_counter() - t) * 1000)
