"""Several library folders on a share that dropped between runs cost one whole bound each (120 s), one after
another, before ``seekframe index NEW`` (or the window's Add) went on: ``folder_spelling.as_library_folder``
resolved each library folder in turn, and ``taking_in.taken_in`` looked at each inner folder in turn (review
rv_4, finding 4: a NAS of three library folders, 6 minutes). Their looks are made together now
(``bounded_meta.together``): one bound in all. The looks here meet at a barrier, which looks made one after
another never do (the first gives up waiting for the second, ``APART_S``, then answers)."""

from __future__ import annotations

import os
import signal
import threading

import pytest

from core import bounded_meta, folder_spelling, taking_in

APART_S = 3.0  # (how long a look waits for the other; far under a look's bound, 120 s)


@pytest.fixture
def meeting(monkeypatch):
    """meeting(name, folders): ``os.path.NAME`` of each of ``folders`` made to wait, once, for the other's
    look at a barrier; the list of whether each met it."""
    met = []

    def make(name, folders):
        barrier, real, left = threading.Barrier(len(folders), timeout=APART_S), getattr(os.path, name), set(folders)

        def look(path, *args, **kw):
            if os.fspath(path) in left:
                left.discard(os.fspath(path))
                try:
                    barrier.wait()
                    met.append(True)
                except threading.BrokenBarrierError:
                    met.append(False)
            return real(path, *args, **kw)

        monkeypatch.setattr(os.path, name, look)
        return met

    return make


def _folders(tmp_path, n=2):
    folders = [tmp_path / f"share{i}" for i in range(n)]
    for f in folders:
        f.mkdir()
    return [str(f) for f in folders]


def test_the_library_folders_are_resolved_together(tmp_path, meeting):
    folders = _folders(tmp_path)
    new = tmp_path / "new"
    new.mkdir()
    met = meeting("realpath", folders)
    assert folder_spelling.as_library_folder(str(new), folders) == str(new)
    assert met == [True, True], met


def test_the_folders_a_new_folder_holds_are_looked_at_together(tmp_path, meeting):
    folders = _folders(tmp_path)
    met = meeting("exists", folders)
    assert taking_in.taken_in(folders, frozenset()) == folders
    assert met == [True, True], met


HELD_S = 10.0  # (how long the looks below hang: far past the interrupt, which needs no wait)


def test_a_ctrl_c_while_looks_hang_together_lets_them_go_at_once(tmp_path):
    """A Ctrl-C while library folders on a dropped share are looked at together (``seekframe index NEW``)
    did nothing until every look had ended, a whole bound (120 s; review rv_8, finding 1): the looks ran in a
    thread pool, which waits for its threads when left, and whose threads hold the process's exit. They run
    on daemon threads now, joined so that the interrupt comes back at once, the looks still hanging."""
    if threading.current_thread() is not threading.main_thread():
        pytest.skip("a signal reaches the main thread only")
    main, gate, started = threading.main_thread().ident, threading.Event(), threading.Barrier(2, timeout=APART_S)
    daemon, ended = [], []

    def look(folder):
        daemon.append(threading.current_thread().daemon)
        if started.wait() == 0:  # (both looks hang now: the user presses Ctrl-C)
            signal.pthread_kill(main, signal.SIGINT)
        gate.wait(HELD_S)  # (a share that does not answer)
        ended.append(folder)
        return folder

    old = signal.signal(signal.SIGINT, signal.default_int_handler)
    try:
        with pytest.raises(KeyboardInterrupt):
            bounded_meta.together(_folders(tmp_path), look)
        assert ended == [], "the interrupt waited for the looks to end"
        assert daemon == [True, True], "a look's thread would hold the process's exit"
    finally:
        signal.signal(signal.SIGINT, old)
        gate.set()
