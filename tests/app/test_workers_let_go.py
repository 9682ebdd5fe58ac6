"""A window left open all day: the work it has done does not stay in memory.

A worker whose own signal was connected to a slot holding it (``lambda _msg, t=task: …``, as
``LatestRunner`` and the session connect them) was held by Qt's connection, out of the garbage
collector's sight, for good: every search, status read and library open kept its task, with the
library it was given and the results it returned. A window switched between two libraries kept
every library it had opened, each with its LanceDB connection (found by
``benchmarks/long_session.py``). Objects are counted, never time.
"""

from __future__ import annotations

import gc
import shutil
import weakref

import pytest

from app import workers
from app.workers import LatestRunner, Task


class Held:
    """Stands for what a call is given or returns (a library, a list of results)."""


def _all_reaped(qtbot) -> None:
    qtbot.waitUntil(lambda: not workers.live_workers() and not workers._graveyard, timeout=20_000)


def test_the_latest_runners_calls_let_go_of_their_arguments_and_results(qtbot):
    runner = LatestRunner("let-go")
    got, given, returned = [], [], []
    runner.result.connect(lambda key, value: got.append(key))

    def call(arg):
        out = Held()
        returned.append(weakref.ref(out))
        return out

    for i in range(12):
        arg = Held()
        given.append(weakref.ref(arg))
        runner.submit(i, call, arg)
        del arg
        qtbot.waitUntil(lambda: not runner.busy, timeout=20_000)
    _all_reaped(qtbot)
    gc.collect()
    assert got == list(range(12))
    assert [r for r in given if r() is not None] == [] and [r for r in returned if r() is not None] == []


def test_a_task_whose_slot_holds_it_is_let_go(qtbot):
    arg, seen = Held(), []
    held = weakref.ref(arg)
    task = Task(lambda a: None, arg, name="holds-itself")
    task.ended.connect(lambda t=task: seen.append(t.name))  # (as the session forgets its workers)
    with qtbot.waitSignal(task.ended, timeout=20_000):
        task.start()
    del task, arg
    _all_reaped(qtbot)
    gc.collect()
    assert seen == ["holds-itself"] and held() is None


def _libraries_and_connections(*roots) -> tuple[int, int]:
    """The VideoLibrary objects alive on ``roots`` and the LanceDB connections on their tables
    (another test's, in the same process, are not counted)."""
    from core.library import VideoLibrary

    gc.collect()
    dbs = {str(r) for root in roots for r in (root, root / "db")}
    objects = gc.get_objects()
    libraries = sum(issubclass(type(o), VideoLibrary) and str(o.root) in dbs for o in objects)
    connections = sum(1 for o in objects if isinstance(type(o).__module__, str)
                      and type(o).__module__.startswith("lancedb") and type(o).__name__.endswith("Connection")
                      and str(getattr(o, "uri", "")).rstrip("/") in dbs)
    return libraries, connections


@pytest.mark.slow  # (9.9 s under load)
def test_library_switches_leave_one_library_open(qtbot, make_session, demo_library, tmp_path):
    other = shutil.copytree(demo_library, tmp_path / "other")
    session = make_session(demo_library)

    def switch_to(folder) -> None:
        with qtbot.waitSignal(session.ready, timeout=60_000):
            session.open(str(folder))
        qtbot.waitUntil(lambda: session.status.opened and not session._reader.runner.busy, timeout=60_000)

    for folder in (other, demo_library):
        switch_to(folder)
    _all_reaped(qtbot)
    after_two = _libraries_and_connections(demo_library, other)
    for folder in (other, demo_library) * 3:
        switch_to(folder)
    _all_reaped(qtbot)
    after_eight = _libraries_and_connections(demo_library, other)
    assert after_eight == after_two
    assert after_eight[0] == 1 and after_eight[1] >= 1  # the library open now (none of those closed)
