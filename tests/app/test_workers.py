"""app.workers: generator workers, one-shot tasks, the latest-wins runner, the registry."""

from __future__ import annotations

import logging
import threading

import pytest

from app import worker_messages, workers
from app.workers import GeneratorWorker, LatestRunner, Task
from core.errors import LibraryLockedError


def test_generator_items_arrive_in_order_in_the_gui_thread(qtbot):
    seen = []
    main = threading.get_ident()
    w = GeneratorWorker(lambda n: (i * i for i in range(n)), 5, name="squares")
    w.yielded.connect(lambda x: seen.append((x, threading.get_ident() == main)))
    with qtbot.waitSignal(w.ended, timeout=10_000):
        w.start()
    assert seen == [(i * i, True) for i in range(5)] and w.error is None
    qtbot.waitUntil(lambda: not workers.live_workers(), timeout=10_000)


class Countdown:
    """A core-like object: a generator plus a thread-safe cancel()."""

    def __init__(self):
        self.stop = threading.Event()
        self.cancel_calls = 0

    def cancel(self):
        self.cancel_calls += 1
        self.stop.set()

    def run(self):
        for i in range(10_000):
            if self.stop.is_set():
                yield "cancelled"
                return
            yield i
            self.stop.wait(0.01)


def test_cancel_calls_the_core_objects_cancel_and_the_generator_says_so(qtbot):
    job = Countdown()
    w = GeneratorWorker(job.run, cancel=job.cancel, name="countdown")
    got = []
    w.yielded.connect(got.append)
    w.yielded.connect(lambda x: w.cancel() if x == 3 else None)
    with qtbot.waitSignal(w.ended, timeout=10_000):
        w.start()
    assert job.cancel_calls >= 1 and w.cancelled
    assert got[-1] == "cancelled" and len(got) < 100


def test_a_generator_without_cancel_stops_at_the_next_item(qtbot):
    closed = []

    def gen():
        try:
            for i in range(10_000):
                yield i
                threading.Event().wait(0.005)
        finally:
            closed.append(True)

    w = GeneratorWorker(gen, name="plain")
    w.yielded.connect(lambda x: w.cancel() if x == 2 else None)
    with qtbot.waitSignal(w.ended, timeout=10_000):
        w.start()
    assert closed == [True]


def test_engine_errors_keep_their_message_others_are_logged(qtbot, caplog):
    def locked():
        raise LibraryLockedError("The library /x is being written by another Seekframe process.")

    got = []  # connected before the task starts: a signal emitted before a connect is lost
    task = Task(locked, name="locked")
    task.failed.connect(got.append)
    task.start()
    qtbot.waitUntil(lambda: bool(got), timeout=10_000)
    assert got == ["The library /x is being written by another Seekframe process."]

    def bug():
        raise KeyError("oops")

    with caplog.at_level(logging.ERROR, logger="seekframe.app"):
        task = Task(bug, name="bug")
        with qtbot.waitSignal(task.failed, timeout=10_000) as blocker:
            task.start()
    assert blocker.args[0].startswith("Something went wrong (KeyError") and "log" in blocker.args[0]
    assert "Traceback" in caplog.text and "oops" in caplog.text
    qtbot.waitUntil(lambda: task.wait(0), timeout=10_000)


def test_a_task_says_done_then_ended(qtbot):
    order = []
    task = Task(lambda a, b: a + b, 2, 3)
    task.done.connect(lambda v: order.append(("done", v)))
    task.ended.connect(lambda: order.append("ended"))
    task.start()
    qtbot.waitUntil(lambda: "ended" in order, timeout=10_000)
    assert order == [("done", 5), "ended"] and task.wait(0)


def test_a_finished_worker_lets_its_arguments_go_without_another_worker_retiring(qtbot):
    import gc
    import weakref

    class Big:
        pass

    arg = Big()
    gone = weakref.ref(arg)
    task = Task(lambda a: None, arg, name="holds-an-argument")
    with qtbot.waitSignal(task.ended, timeout=10_000):
        task.start()
    del arg, task
    qtbot.waitUntil(lambda: not workers.live_workers(), timeout=10_000)

    def released():
        gc.collect()
        return gone() is None

    qtbot.waitUntil(released, timeout=10_000)  # no other worker started meanwhile


@pytest.mark.slow  # (7.8 s under load)
def test_a_retired_worker_is_held_until_its_pool_thread_lets_it_go(qtbot):
    """Its last reference must go in the GUI thread: while the pool thread has not returned from
    the worker's run() (stalled on a loaded machine), the reaper keeps holding it, however long
    (a fixed delay released it after a second, from then on the pool thread could drop the last
    reference); once the thread lets it go, the reaper does."""
    import gc
    import weakref

    gate = threading.Event()

    class Stalls(Task):
        def run(self):
            super().run()
            gate.wait(10)  # the pool thread, still in run() after retiring the worker

    task = Stalls(lambda: None, name="stalls-after-retiring")
    ref = weakref.ref(task)
    with qtbot.waitSignal(task.ended, timeout=10_000):
        task.start()
    del task
    qtbot.waitUntil(lambda: not workers.live_workers(), timeout=10_000)  # retired
    qtbot.wait(1300)  # longer than the second the reaper once waited
    assert ref() is not None and ref() in workers._graveyard
    gate.set()

    def released():
        gc.collect()
        return ref() is None

    qtbot.waitUntil(released, timeout=10_000)
    assert not workers._graveyard


def test_latest_runner_drops_superseded_requests(qtbot):
    gate = threading.Event()
    calls = []

    def slow(x):
        calls.append(x)
        if x == "first":
            gate.wait(5)
        return x.upper()

    runner = LatestRunner("test")
    got = []
    runner.result.connect(lambda key, value: got.append((key, value)))
    runner.submit("first", slow, "first")
    runner.submit("second", slow, "second")  # queued behind "first" ...
    runner.submit("third", slow, "third")  # ... and replaced by "third"
    gate.set()
    qtbot.waitUntil(lambda: bool(got), timeout=10_000)
    qtbot.waitUntil(lambda: not runner.busy, timeout=10_000)
    assert calls == ["first", "third"]  # "second" never ran
    assert got == [("third", "THIRD")]  # "first" finished but was superseded


def test_shutdown_cancels_and_waits_for_everything(qtbot):
    job = Countdown()
    w = GeneratorWorker(job.run, cancel=job.cancel, name="long")
    got = []
    w.yielded.connect(got.append)
    w.start()
    qtbot.waitUntil(lambda: bool(got), timeout=10_000)  # it runs
    assert "long" in workers.live_workers()
    assert workers.shutdown(5.0)
    assert w.wait(0) and job.cancel_calls == 1
    qtbot.waitUntil(lambda: not workers.live_workers(), timeout=10_000)


@pytest.mark.parametrize("exc", [MemoryError()])
def test_out_of_memory_is_said_plainly(exc):
    assert "out of memory" in worker_messages.user_message(exc)


def test_a_full_disk_is_said_plainly_not_as_an_unexpected_error():
    import errno

    class LanceError(RuntimeError):
        pass

    for exc in (OSError(errno.ENOSPC, "No space left on device"),
                LanceError("LanceError(IO): No space left on device (os error 28)")):
        msg = worker_messages.user_message(exc)
        assert "is full" in msg and "Something went wrong" not in msg
        # the app's way on is its own button, not a command line's "run the same command again"
        assert "Re-scan" in msg and "command" not in msg


def test_a_damaged_table_is_said_with_the_way_out_not_as_an_unexpected_error():
    exc = RuntimeError("lance error: LanceError(IO): Generic LocalFileSystem error: failed to fill whole "
                       "buffer, /home/me/.local/share/seekframe/library/db/moments.lance/data/0a.lance")
    msg = worker_messages.user_message(exc)
    assert msg.startswith("The library cannot be read: its moments table is damaged")
    # the app's way out is its own button, not a command
    assert "Repair library (below)" in msg and "`seekframe" not in msg and "Something went wrong" not in msg


def test_the_fixture_fails_a_test_that_leaves_a_worker_running(qtbot, qapp):
    from tests.app.conftest import assert_no_running_workers

    job = Countdown()
    w = GeneratorWorker(job.run, cancel=job.cancel, name="left-behind")
    w.start()
    with pytest.raises(pytest.fail.Exception, match="left-behind"):
        assert_no_running_workers(qapp, grace=0.2)
    assert w.wait(0) and job.cancel_calls == 1  # and it stopped it


def test_every_live_worker_gets_a_thread_so_none_waits_behind_a_long_one(qtbot):
    from PySide6.QtCore import QThread

    n = QThread.idealThreadCount() + 2  # more than a default pool would run at once
    barrier = threading.Barrier(n, timeout=10)
    tasks = [Task(barrier.wait, name=f"meet-{i}") for i in range(n)]
    for t in tasks:
        t.start()
    for t in tasks:
        assert t.wait(15_000)
    assert all(t.error is None for t in tasks)  # each reached the barrier while the others waited
    qtbot.waitUntil(lambda: not workers.live_workers(), timeout=10_000)


def test_a_worker_started_inside_the_event_loop_runs_without_waiting_for_it(qtbot):
    from PySide6.QtCore import QTimer

    waited = []

    def start_and_wait():  # e.g. a session closed in the same event as it started a worker
        task = Task(lambda: 42, name="at-once")
        task.start()
        waited.append(task.wait(3000))

    QTimer.singleShot(0, start_and_wait)
    qtbot.waitUntil(lambda: bool(waited), timeout=10_000)
    assert waited == [True]
    qtbot.waitUntil(lambda: not workers.live_workers(), timeout=10_000)


def test_a_generators_runtime_error_is_reported_and_the_worker_ends(qtbot):
    class LanceError(RuntimeError):
        pass

    def gen():
        yield 1
        raise LanceError("LanceError(IO): corrupt file")

    w = GeneratorWorker(gen, name="runtime-error")
    failed = []
    w.failed.connect(failed.append)
    with qtbot.waitSignal(w.ended, timeout=10_000):
        w.start()
    # (said as the damage it is, the engine's own text to the log: tests/test_damaged_plain_words.py)
    assert len(failed) == 1 and "damaged" in failed[0] and failed[0] == w.error
    qtbot.waitUntil(lambda: not workers.live_workers(), timeout=10_000)


def test_overlapping_workers_leave_the_warnings_hooks_as_they_were(qtbot):
    import warnings

    before = (warnings.showwarning, list(warnings.filters))
    first_in, second_in, release_first, release_second = (threading.Event() for _ in range(4))

    def hold(entered, release):
        entered.set()
        release.wait(5)

    a = Task(hold, first_in, release_first, name="first")
    b = Task(hold, second_in, release_second, name="second")
    a.start()
    assert first_in.wait(5)
    b.start()
    assert second_in.wait(5)
    release_first.set()  # the first one ends while the second still runs
    assert a.wait(5000)
    release_second.set()
    assert b.wait(5000)
    assert (warnings.showwarning, list(warnings.filters)) == before
    qtbot.waitUntil(lambda: not workers.live_workers(), timeout=10_000)
