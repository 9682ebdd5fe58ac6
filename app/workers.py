"""Background work for the Qt layer: the engine's generators and calls, off the GUI thread.

* :class:`GeneratorWorker` runs a core generator (``MomentIndexer.run``) in a ``QThread`` and
  forwards each yielded item to the GUI thread (``yielded``); ``cancel()`` calls the core object's
  own ``cancel`` so the generator ends cleanly (a "cancelled" event, a consistent library).
* :func:`run_task` runs one call in the background (``done`` / ``failed``); :class:`ProgressTask`
  one that reports progress through a callback and can be cancelled.
* :class:`LatestRunner` serves searches: one call at a time, a new request supersedes a queued
  one, and results of a superseded request are dropped.

Every worker reports an exception as a message for the user (:func:`user_message`): an engine
error (``SeekframeError``) by its own message, anything else by a short message, with the
traceback in the log. Every worker is kept in a registry until its thread has ended, so a test
can fail when it leaves one running, and the window can :func:`shutdown` them on close.
Signals are emitted from the worker thread and delivered (queued) in the GUI thread; ``ended``
is always the last one a worker emits.
"""

from __future__ import annotations

import functools
import logging
import threading
import time
import weakref
from typing import Callable

import shiboken6
from PySide6.QtCore import QCoreApplication, QObject, QThread, QThreadPool, QTimer, Signal, Slot

from core.errors import SeekframeError, disk_full_message, is_disk_full

log = logging.getLogger("seekframe.app")

_live: set["Worker"] = set()
_pools: "weakref.WeakSet[QThreadPool]" = weakref.WeakSet()
_lock = threading.Lock()


def user_message(exc: BaseException) -> str:
    """What to tell the user about ``exc`` (unexpected errors are logged with their traceback)."""
    if is_disk_full(exc):
        return "Indexing stopped: " + disk_full_message("the library")
    if isinstance(exc, SeekframeError):
        return str(exc)
    if isinstance(exc, MemoryError):
        return "Seekframe ran out of memory. Close other programs and try again."
    log.error("Unexpected error in a background task", exc_info=(type(exc), exc, exc.__traceback__))
    detail = f"{type(exc).__name__}: {exc}" if str(exc) else type(exc).__name__
    return f"Something went wrong ({detail}). The details are in Seekframe's log."


class Worker(QThread):
    """Base of the background workers: registry, cancel flag, error reporting."""

    failed = Signal(str)  # a message for the user
    ended = Signal()  # always last, after done / failed / the last item

    def __init__(self, name: str, cancel: Callable[[], None] | None = None):
        super().__init__()
        self.setObjectName(name)
        self._cancel_fn = cancel
        self._cancelled = threading.Event()
        self.error: str | None = None
        self.ended.connect(self._reap)  # queued: runs in the GUI thread once run() is over

    @property
    def cancelled(self) -> bool:
        return self._cancelled.is_set()

    def cancel(self) -> None:
        """Ask the work to stop (thread-safe); a generator ends at its next item."""
        self._cancelled.set()
        if self._cancel_fn is not None:
            try:
                self._cancel_fn()
            except Exception:  # a failing cancel must not take the GUI down
                log.exception("cancelling %s failed", self.objectName())

    def start(self) -> None:  # noqa: D401 - QThread.start with registration
        with _lock:
            _live.add(self)
        super().start()

    def run(self) -> None:
        try:
            self._work()
        except BaseException as exc:  # noqa: BLE001 - every error becomes a message
            self.error = user_message(exc)
            self.failed.emit(self.error)
        finally:
            self.ended.emit()

    def _work(self) -> None:  # pragma: no cover - overridden
        raise NotImplementedError

    @Slot()
    def _reap(self) -> None:
        self.wait()  # run() has returned: this only joins the thread
        # Drop the registry's reference only after the signals this worker already queued have
        # been delivered (a zero timer runs after them), so no callback is lost with its sender.
        QTimer.singleShot(0, functools.partial(_forget, self))


def _forget(worker: "Worker") -> None:
    with _lock:
        _live.discard(worker)


class GeneratorWorker(Worker):
    """Iterate ``factory(*args, **kwargs)`` in a thread; each item arrives as ``yielded``."""

    yielded = Signal(object)

    def __init__(self, factory: Callable, *args, cancel: Callable[[], None] | None = None,
                 name: str = "generator", **kwargs):
        super().__init__(name, cancel)
        self._factory, self._args, self._kwargs = factory, args, kwargs

    def _work(self) -> None:
        gen = self._factory(*self._args, **self._kwargs)
        try:
            for item in gen:
                self.yielded.emit(item)
                # a generator without its own cancel stops here; one with it says "cancelled"
                if self._cancel_fn is None and self.cancelled:
                    break
        finally:
            close = getattr(gen, "close", None)
            if close is not None:
                close()


class Task(Worker):
    """One call in a thread: ``done(result)`` or ``failed(message)``, then ``ended``."""

    done = Signal(object)

    def __init__(self, fn: Callable, *args, name: str = "task", **kwargs):
        super().__init__(name)
        self._fn, self._args, self._kwargs = fn, args, kwargs

    def _work(self) -> None:
        result = self._fn(*self._args, **self._kwargs)
        self.done.emit(result)


class ProgressTask(Task):
    """``fn(*args, progress=..., cancelled=..., **kwargs)`` in a thread, for a core function that
    reports progress through a callback and polls a cancel flag (``core.model_fetch.fetch_model``).
    ``progress(done, total)`` reaches the GUI thread at most every ``interval_s`` (and always
    for the last step), so a fast download cannot flood the event loop."""

    progress = Signal(object, object)  # done, total

    def __init__(self, fn: Callable, *args, name: str = "progress-task", interval_s: float = 0.1, **kwargs):
        super().__init__(fn, *args, name=name, **kwargs)
        self._interval_s = interval_s
        self._last_report = 0.0

    def _report(self, done, total) -> None:
        now = time.monotonic()
        if now - self._last_report >= self._interval_s or (total and done >= total):
            self._last_report = now
            self.progress.emit(done, total)

    def _work(self) -> None:
        result = self._fn(*self._args, progress=self._report, cancelled=lambda: self.cancelled, **self._kwargs)
        self.done.emit(result)


def run_task(fn: Callable, *args, on_done=None, on_failed=None, on_ended=None,
             name: str = "task", **kwargs) -> Task:
    """Start ``fn(*args, **kwargs)`` in the background, the callbacks connected first."""
    task = Task(fn, *args, name=name, **kwargs)
    if on_done is not None:
        task.done.connect(on_done)
    if on_failed is not None:
        task.failed.connect(on_failed)
    if on_ended is not None:
        task.ended.connect(on_ended)
    task.start()
    return task


class LatestRunner(QObject):
    """Runs one call at a time; the latest request wins.

    ``submit(key, fn, *args)`` while a call runs queues it, replacing any queued one; when the
    running call ends, its result is emitted only if no newer request came in meanwhile.
    """

    result = Signal(object, object)  # (key, value) of the latest request
    failed = Signal(object, str)  # (key, message)

    def __init__(self, name: str, parent: QObject | None = None):
        super().__init__(parent)
        self.name = name
        self._serial = 0
        self._pending: tuple | None = None
        self._running: Task | None = None

    @property
    def busy(self) -> bool:
        return self._running is not None or self._pending is not None

    @property
    def running(self) -> Task | None:
        """The call in flight, if any."""
        return self._running

    def submit(self, key, fn: Callable, *args, **kwargs) -> None:
        self._serial += 1
        self._pending = (self._serial, key, fn, args, kwargs)
        if self._running is None:
            self._start_pending()

    def drop(self) -> None:
        """Forget the queued request and ignore the result of the running one."""
        self._serial += 1
        self._pending = None

    def _start_pending(self) -> None:
        serial, key, fn, args, kwargs = self._pending
        self._pending = None
        task = Task(fn, *args, name=f"{self.name}-{serial}", **kwargs)
        task.done.connect(lambda value, s=serial, k=key: self._deliver(s, k, value, False))
        task.failed.connect(lambda msg, s=serial, k=key: self._deliver(s, k, msg, True))
        task.ended.connect(self._next)
        self._running = task
        task.start()

    def _deliver(self, serial: int, key, value, failed: bool) -> None:
        if serial != self._serial:
            return  # superseded: a newer request is queued (or was dropped)
        (self.failed if failed else self.result).emit(key, value)

    @Slot()
    def _next(self) -> None:
        self._running = None
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
    """Names of workers whose threads have not been reaped yet, and busy thread pools."""
    with _lock:
        names = [w.objectName() for w in _live]  # finished but not yet reaped counts too
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
            log.warning("background task %s did not stop in time", w.objectName())
            ok = False
    for pool in pools:
        left = max(0, int((deadline - time.monotonic()) * 1000))
        ok = pool.waitForDone(left) and ok
    if QCoreApplication.instance() is not None:
        QCoreApplication.processEvents()  # deliver the queued signals, "ended" last: reap
        QCoreApplication.processEvents()
    return ok
