"""Background work for the Qt layer: the engine's generators and calls, off the GUI thread.

The workers are superqt workers (``superqt.utils.WorkerBase``: a ``QRunnable`` with a signals
object and a ``quit()`` abort flag) whose ``start()`` and ``run()`` are replaced: superqt's
``start()`` defers by a timer tick (a close waiting in that tick would wait for a worker that
cannot start), and its ``run()`` swaps the process-wide ``warnings`` hooks from the pool thread
(unsafe when workers overlap) and ends without ``finished`` when the work returns a
``RuntimeError``. Signals arrive queued in the GUI thread. Every worker stays in a registry until
its signals are delivered, so a test can fail when it leaves one running and the window can
:func:`shutdown` them on close.
"""

from __future__ import annotations

import logging
import threading
import time
import warnings
import weakref
from typing import Callable

import shiboken6
from PySide6.QtCore import QCoreApplication, QObject, QThread, QThreadPool, QTimer, Signal, Slot
from superqt.utils import WorkerBase

from core.errors import LibraryLockedError, is_disk_full
from core.paths import is_uri
from core.unreadable import DAMAGED_FILES, NOT_READ_NOW, unread_kind

from .library_look import FolderGone
from .worker_messages import user_message

log = logging.getLogger("seekframe.app")

_live: set["Worker"] = set()
_pools: "weakref.WeakSet[QThreadPool]" = weakref.WeakSet()
_lock = threading.Lock()
_pool: QThreadPool | None = None


class WorkerSignals(QObject):
    """A worker's signals (superqt's ``WorkerBase`` reaches them as the worker's attributes)."""

    finished = Signal()  # always last: ``Worker.ended``
    done = Signal(object)  # the call's result
    failed = Signal(str)  # a message for the user
    yielded = Signal(object)  # a generator's item
    progress = Signal(object, object)  # done, total
    retired = Signal(object)  # the worker, last of all: the registry drops it (GUI thread)


class Worker(WorkerBase):
    """Base of the background workers: registry, cancel, error reporting, ``wait``."""

    def __init__(self, name: str, cancel: Callable[[], None] | None = None):
        super().__init__(SignalsClass=WorkerSignals)
        self.name = name
        self._cancel_fn = cancel
        self._over = threading.Event()
        self._reaped = False  # retired through the GUI thread's reaper (see _retire)
        self._left = threading.Event()  # set once the pool thread holds no reference to it
        self.error: str | None = None
        self.refused_error: str | None = None  # (damaged: ``error`` as said where the library refuses writers)
        self.damaged = False  # it failed as the library's tables cannot be read (core.library.repair)
        self.unread_now = False  # it failed on a read error of the moment (EIO, a share that blipped): try again
        self.busy: dict | None = None  # it failed as another process writes the library: that one's lock info
        self.gone = ""  # it found the library's folder gone before it wrote (library_look.FolderGone): what to say
        self.root = ""  # the library it works on (set before ``start``): looked at when its work fails on damage
        self.refuses_now = False  # it failed on damage and its library refused writers then (a drive remounted read-only)

    @property
    def ended(self):
        """Always the last signal of a worker, after done / failed / the last item."""
        return self.signals.finished

    @property
    def cancelled(self) -> bool:
        return self.abort_requested

    def cancel(self) -> None:
        """Ask the work to stop (thread-safe); a generator ends at its next item."""
        self.quit()
        if self._cancel_fn is not None:
            try:
                self._cancel_fn()
            except Exception:  # a failing cancel must not take the GUI down
                log.exception("cancelling %s failed", self.name)

    def start(self) -> None:
        """Run on this module's pool (not Qt's global one) now, registered until it has ended."""
        global _pool
        if _pool is None:
            _pool = QThreadPool(objectName="seekframe-workers")
        with _lock:
            _live.add(self)
            live = len(_live)
        self._reaped = _reaper_for(self)
        if _pool.maxThreadCount() < live:  # every live worker gets a thread: nothing waits behind a long run
            _pool.setMaxThreadCount(live)
        _pool.start(_pool_call(self))

    def run(self) -> None:  # noqa: D401 - called by the pool
        try:
            self._work()
        except BaseException as exc:  # noqa: BLE001 - every error becomes a message
            kind = unread_kind(exc)  # (the core's rule: damage a repair sets aside, or a read of the moment;
            # a full disk said as one, never a repair: the engine's error for it is classed with damage)
            self.damaged, self.unread_now = kind == DAMAGED_FILES and not is_disk_full(exc), kind == NOT_READ_NOW
            self.busy = exc.holder if isinstance(exc, LibraryLockedError) else None
            self.gone = exc.text if isinstance(exc, FolderGone) else ""
            self.error = user_message(exc, self.name)
            if self.damaged:  # (which one is said, the session knows: ``said``)
                self.refused_error = user_message(exc, self.name, refused=True, uri=is_uri(self.root))
                self.refuses_now = _refuses_writers(self.root)
            self.failed.emit(self.error)
        finally:
            self.finished.emit()
            self._over.set()
            _retire(self)

    def said(self, refuses_writers: bool) -> str | None:
        """Its failure as the window says it: in a library that refuses writers (a read-only drive,
        known as it opened, or seen by this worker as its work failed), damage with what to do first,
        never the repair that would be refused."""
        return self.refused_error if (refuses_writers or self.refuses_now) and self.refused_error else self.error

    def _work(self) -> None:  # pragma: no cover - overridden
        raise NotImplementedError

    def wait(self, msecs: int = -1) -> bool:
        """Wait until the work is over (at most ``msecs`` ms; -1: no bound); whether it is."""
        return self._over.wait(None if msecs < 0 else msecs / 1000)


def _refuses_writers(root: str) -> bool:
    """Whether the library at ``root`` refuses writers now (``core.library.lock.refuses_writers``:
    its lock file opened for writing, in the worker's thread); a library given by URI always does
    (only ever read: ``core.library.location``)."""
    if not root or is_uri(root):
        return bool(root)
    from core.library.lock import refuses_writers

    try:
        return refuses_writers(root)
    except Exception:  # noqa: BLE001 - a look that fails says nothing more than the failure
        log.exception("looking whether %s refuses writers failed", root)
        return False


def _pool_call(worker: Worker):
    """``worker.run()`` for the pool, which keeps this function for good, never the worker (see
    ``_Reaper``)."""
    box, left = [worker], worker._left

    def call() -> None:
        box.pop().run()
        left.set()

    return call


def _retire(worker: Worker) -> None:
    if not worker._reaped or QCoreApplication.instance() is None:
        _forget(worker)
    else:
        worker.signals.retired.emit(worker)


class _Reaper(QObject):
    """Drops retired workers from the registry in the GUI thread (a queued ``retired`` signal),
    after the signals they sent before have been delivered, so no callback is lost with its
    sender; not superqt's ``ensure_main_thread``, whose helper ``QObject`` can lose its last
    reference in the calling thread while the GUI thread still delivers its call (SIGSEGV). A
    retired worker is held (``_graveyard``) until its pool thread has let it go (``_left``), so its
    last reference goes in this thread, with the arguments it holds, whatever other workers do."""

    _timed = False  # a _bury is due on a timer

    @Slot(object)
    def forget(self, worker: "Worker") -> None:
        _forget(worker)
        _graveyard.append(worker)
        if not self._timed:
            self._bury()

    def _bury(self) -> None:
        for w in [w for w in _graveyard if w._left.is_set()]:
            _let_go(w)
        _graveyard[:] = [w for w in _graveyard if not w._left.is_set()]
        self._timed = bool(_graveyard)
        if self._timed:  # its pool thread is still returning from run(): look again soon
            QTimer.singleShot(20, self, self._bury)


_reaper: _Reaper | None = None
_graveyard: list["Worker"] = []
_SIGNALS = ("finished", "done", "failed", "yielded", "progress", "retired")


def _let_go(worker: "Worker") -> None:
    """Cut a buried worker's connections (GUI thread, every signal of it delivered). A slot that
    holds the worker (``lambda _msg, t=task: …``, as ``LatestRunner`` and the session connect) is
    held by Qt, out of the garbage collector's sight, and holds the worker back: each search,
    status read and open left its task alive for good, with the library and the results it held
    (a window switched between libraries 6 times kept all 7 it had opened, each with its LanceDB
    connection)."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)  # (a signal nothing was connected to)
        for name in _SIGNALS:
            try:
                getattr(worker.signals, name).disconnect()
            except (RuntimeError, TypeError):  # none connected, or its C++ object gone
                pass


def _reaper_for(worker: "Worker") -> bool:
    """Whether ``worker`` is reaped in the GUI thread (not without an application, nor when
    started off the GUI thread)."""
    global _reaper
    app = QCoreApplication.instance()
    if app is None or QThread.currentThread() is not app.thread():
        return False
    if _reaper is None:
        _reaper = _Reaper()
    worker.signals.retired.connect(_reaper.forget)
    return True


def _forget(worker: Worker) -> None:
    with _lock:
        _live.discard(worker)


class Task(Worker):
    """One call in a thread: ``done(result)`` or ``failed(message)``, then ``ended``."""

    def __init__(self, fn: Callable, *args, name: str = "task", cancel: Callable[[], None] | None = None,
                 **kwargs):
        super().__init__(name, cancel)
        self._fn, self._args, self._kwargs = fn, args, kwargs

    def _work(self) -> None:
        self.done.emit(self._fn(*self._args, **self._kwargs))


class GeneratorWorker(Task):
    """Iterate ``fn(*args, **kwargs)`` in a thread; each item arrives as ``yielded``."""

    def _work(self) -> None:
        gen = self._fn(*self._args, **self._kwargs)
        try:
            for item in gen:
                self.yielded.emit(item)
                # a generator without its own cancel stops here; one with it says "cancelled"
                if self._cancel_fn is None and self.abort_requested:
                    break
        finally:
            close = getattr(gen, "close", None)
            if close is not None:
                close()


class ProgressTask(Task):
    """``fn(*args, progress=..., cancelled=..., **kwargs)`` in a thread, for a core function that
    reports progress through a callback and polls a cancel flag (``core.model_fetch.fetch_model``).
    ``progress(done, total)`` reaches the GUI thread at most every ``INTERVAL_S`` (and always
    for the last step), so a fast download cannot flood the event loop."""

    INTERVAL_S = 0.1
    _last_report = 0.0

    def _report(self, done, total) -> None:
        now = time.monotonic()
        if now - self._last_report >= self.INTERVAL_S or (total and done >= total):
            self._last_report = now
            self.progress.emit(done, total)

    def _work(self) -> None:
        self.done.emit(self._fn(*self._args, progress=self._report, cancelled=lambda: self.cancelled,
                                **self._kwargs))


class LatestRunner(QObject):
    """Runs one call at a time; the latest request wins.

    ``submit(key, fn, *args)`` while a call runs queues it, replacing any queued one; when the
    running call ends, its result is emitted only if no newer request came in meanwhile.
    """

    result = Signal(object, object)  # (key, value) of the latest request
    failed = Signal(object, str)  # (key, message)
    damaged = Signal()  # a call failed as the library's tables cannot be read (``Worker.damaged``)
    refused = Signal(str)  # before ``damaged``: the library (its folder) refused writers as the call failed
    unread_now = Signal()  # a call failed on a read error of the moment (``Worker.unread_now``): no damage

    def __init__(self, name: str, parent: QObject | None = None):
        super().__init__(parent)
        self.name = name
        self.refuses_writers: Callable[[], bool] = lambda: False  # (the library's: how damage is said, ``said``)
        self.root: Callable[[], str] = lambda: ""  # (the library's folder: its calls' ``Worker.root``)
        self._serial = 0
        self._pending: tuple | None = None
        self.running: Task | None = None  # the call in flight

    @property
    def busy(self) -> bool:
        return self.running is not None or self._pending is not None

    def submit(self, key, fn: Callable, *args, **kwargs) -> None:
        self._serial += 1
        self._pending = (self._serial, key, fn, args, kwargs)
        if self.running is None:
            self._start_pending()

    def drop(self) -> None:
        """Forget the queued request and ignore the result of the running one."""
        self._serial += 1
        self._pending = None

    def _start_pending(self) -> None:
        serial, key, fn, args, kwargs = self._pending
        self._pending = None
        task = Task(fn, *args, name=f"{self.name}-{serial}", **kwargs)
        task.root = self.root()
        task.done.connect(lambda value, s=serial, k=key: self._deliver(s, k, value, False))
        task.failed.connect(lambda _msg, s=serial, k=key, t=task: self._deliver(s, k, t.said(self.refuses_writers()),
                                                                               True))
        task.failed.connect(lambda _msg, t=task: self.refused.emit(t.root) if t.damaged and t.refuses_now else None)
        task.failed.connect(lambda _msg, t=task: self.damaged.emit() if t.damaged else None)
        task.failed.connect(lambda _msg, t=task: self.unread_now.emit() if t.unread_now else None)
        task.ended.connect(self._next)
        self.running = task
        task.start()

    def _deliver(self, serial: int, key, value, failed: bool) -> None:
        if serial != self._serial:
            return  # superseded: a newer request is queued (or was dropped)
        (self.failed if failed else self.result).emit(key, value)

    @Slot()
    def _next(self) -> None:
        self.running = None
        if self._pending is not None:
            self._start_pending()


# -- registry -----------------------------------------------------------------------------------
def register_pool(pool: QThreadPool) -> None:
    """Let :func:`live_workers` and :func:`shutdown` see a pool's threads too (until the pool is
    deleted with its owner)."""
    _pools.add(pool)


def _live_pools() -> list[QThreadPool]:
    """Registered pools whose C++ object still exists, and the global pool."""
    pools = [p for p in list(_pools) if shiboken6.isValid(p)]
    return pools + [QThreadPool.globalInstance()]


def live_workers() -> list[str]:
    """Names of workers not reaped yet (running, or ended with signals still to deliver), and
    busy thread pools."""
    with _lock:
        names = [w.name for w in _live]
    names += [f"thread pool ({p.activeThreadCount()} active)" for p in _live_pools() if p.activeThreadCount()]
    return names


def shutdown(timeout: float = 10.0) -> bool:
    """Cancel every worker and wait for all threads (at most ``timeout`` seconds in all).
    Returns whether everything stopped."""
    deadline = time.monotonic() + timeout
    with _lock:
        workers = list(_live)
    for w in workers:
        w.cancel()
    pools = _live_pools()
    for pool in pools:
        pool.clear()  # queued jobs that have not started never will
    ok = True
    for w in workers:
        left = max(0, int((deadline - time.monotonic()) * 1000))
        if not w.wait(left):
            log.warning("background task %s did not stop in time", w.name)
            ok = False
    for pool in pools:
        left = max(0, int((deadline - time.monotonic()) * 1000))
        ok = pool.waitForDone(left) and ok
    if QCoreApplication.instance() is not None:
        QCoreApplication.processEvents()  # deliver the queued signals, then the reaping
        QCoreApplication.processEvents()
    if ok:
        for w in _graveyard:
            _let_go(w)
        _graveyard.clear()  # every pool thread is done: the last references may go
    return ok
