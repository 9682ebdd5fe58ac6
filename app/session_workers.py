"""``SessionWorkers``: the session's part that starts its workers, hears them only while the
library they were started for is open, says their failures and offers the repair, and at close
cancels them and waits for them.

Each ``close()`` of the session advances a generation counter (``forget``): a worker started
before is not heard after it, even once another library is open (its ``then()`` still runs).
"""

from __future__ import annotations

import logging
import time
from typing import Callable

from .workers import Worker

log = logging.getLogger("seekframe.app")


def wait_all(workers, deadline: float) -> bool:
    """Wait for ``workers`` to be over, until ``deadline`` (``time.monotonic``); whether all are."""
    return all(w.wait(max(0, int((deadline - time.monotonic()) * 1000))) for w in workers)


class LeftBehind:
    """The library a switch of library left (File › Open, the demo, Try again's reopen), closed by
    the next open's worker (``engine.OpenRun.close_before``, first thing, before it opens anything):
    once the work the switch cancelled on it is over (a status read, a search, its open's model load
    or preload, which cannot stop mid-read: ~0.08 s). The switch waited for that work on the GUI
    thread before. ``open_run``: the open it came from, whose library is read once that open's worker
    is over (opened meanwhile) and whose own ``before`` is closed first, should its worker never
    have run. Work not over by ``deadline`` leaves the library open, as the session's close does."""

    def __init__(self, library, workers, open_run, deadline: float):
        self._library, self._workers, self._open_run, self._deadline = library, list(workers), open_run, deadline

    def close(self) -> None:
        if not wait_all(self._workers, self._deadline):
            log.warning("background work did not stop in time; leaving the library switched from open")
            return
        run = self._open_run
        if run is not None:
            run.close_before()  # (one its worker never got to)
        library = self._library or (run.library if run is not None else None)
        if library is not None:
            library.close()


class SessionWorkers:
    def __init__(self, session):
        """``session``: the ``app.session.Session`` whose ``gone``, ``repairs``, ``say`` and
        ``library_damaged`` a failure reaches."""
        self._session = session
        self.generation = 0  # one more at each forget(): a worker started before is not heard after
        self.live: set[Worker] = set()  # started and not ended yet

    def start(self, worker: Worker, report_failure: bool = True, then: Callable[[], None] | None = None,
              **slots) -> Worker:
        """Start ``worker``, tracked until it ends. Its signals reach ``slots`` (signal name →
        callable), and its failure is said, only while the library it was started for is open
        (nothing after ``forget()``); ``then()`` when it ends, whatever is open. All is connected
        before it starts (one that ends at once is heard too)."""
        generation = self.generation
        worker.root = worker.root or self._session.library_dir  # (looked at should it fail on damage)

        def heard(slot):
            return lambda *args: slot(*args) if generation == self.generation else None

        on_failed = slots.pop("failed", None)  # (in the same call: said, then the repair offered)
        worker.failed.connect(heard(lambda msg, w=worker: self._failed(w, msg, report_failure, on_failed)))
        for name, slot in slots.items():
            getattr(worker, name).connect(heard(slot))
        self.live.add(worker)
        worker.ended.connect(lambda w=worker: self.live.discard(w))
        if then is not None:
            worker.ended.connect(lambda: then())
        worker.start()
        return worker

    def forget(self) -> None:
        """Nothing the workers started so far do is heard from now on (the library closes)."""
        self.generation += 1

    def stop(self, timeout: float, others=()) -> bool:
        """Cancel the live workers and ``others``, and wait for them all (at most ``timeout`` s
        together); whether all stopped in time."""
        return wait_all(self.cancel(others), time.monotonic() + timeout)

    def cancel(self, others=()) -> list[Worker]:
        """Cancel the live workers and ``others``, waiting for none; the workers cancelled."""
        workers = list(self.live) + list(others)
        for w in workers:
            w.cancel()
        return workers

    def _failed(self, worker: Worker, msg: str, report: bool, slot: Callable | None) -> None:
        """A worker of the open library failed: its ``failed`` slot called, then, once its folder is
        seen there (looked at in a worker, ``app.library_gone``), said (when ``report``) and the
        repair (or a try again: a read error of the moment) offered; the folder gone is said instead."""
        s = self._session
        if worker.damaged and worker.refuses_now:  # (a drive remounted read-only since it opened)
            s.refused_now(worker.root)
        msg = worker.said(s.refuses_writers) or msg  # (a read-only drive: damage said without the repair)
        if worker.gone:  # (a writer's worker looked before it wrote)
            s.gone.found(worker.gone)
        if slot is not None:
            slot(msg)
        if report:
            s.gone.check(lambda: s.say("error", msg))
        # the repair offered only once its folder is seen there (never on one whose look hangs)
        s.gone.check(s.library_damaged.emit if worker.damaged else s.repairs.unread_now.emit
                     if worker.unread_now else None, sure=True)
