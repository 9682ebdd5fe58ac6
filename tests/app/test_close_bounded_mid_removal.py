"""``Session.close(timeout)`` waits for the background work at most ``timeout`` seconds (the
window's close: 10 s, the window hidden, the GUI thread held). Since 803caa4 the close first waits
for a removal in hand (``JobRunner._settle_removal``, at most ``REMOVAL_WAIT_S``, 5 s) and then
gave the workers the whole ``timeout`` again: a removal that would not end held the close 5 s past
its bound (``close(timeout=3)`` took 8 s). Now both waits share the one deadline. (Told by what
each wait is given, not by how long the close took on a machine that may be loaded: the removal
here waits a minute past the bound if it is waited for on its own.)"""

from __future__ import annotations

import threading
import time

import app.session
from app import workers
from core import service
from tests.app.conftest import SESSION_TIMEOUT_MS
from tests.app.test_remove_drops_runs_inside import indexed_home


def test_a_close_while_a_removal_runs_keeps_to_its_timeout(qtbot, make_session, demo_clips, tmp_path, monkeypatch):
    session, home, _downloads = indexed_home(qtbot, make_session, demo_clips, tmp_path)
    entered, release = threading.Event(), threading.Event()

    def long_removal(lib, folder, keep_inside=False):  # (a removal that outlasts the close)
        entered.set()
        release.wait(60)
        return 0

    monkeypatch.setattr(service, "forget_folder", long_removal)
    monkeypatch.setattr(app.session, "REMOVAL_WAIT_S", 60)  # (a removal waited for past the bound: a minute)
    real_stop, given = session.workers.stop, []

    def stop(timeout, *args, **kwargs):  # what is left of the bound for the workers
        given.append(timeout)
        return real_stop(timeout, *args, **kwargs)

    monkeypatch.setattr(session.workers, "stop", stop)
    session.remove_folder(str(home))
    qtbot.waitUntil(entered.is_set, timeout=SESSION_TIMEOUT_MS)
    start = time.monotonic()
    stopped = session.close(timeout=2.0)
    took = time.monotonic() - start
    release.set()
    assert not stopped  # (the removal still ran)
    assert took < 20, f"close(timeout=2.0) took {took:.1f} s"  # (2 s: the removal not waited for past it)
    # the removal in hand had the whole bound, the workers nothing more (was: the whole 2 s again)
    assert len(given) == 1 and given[0] < 1.0, given
    qtbot.waitUntil(lambda: not workers.live_workers(), timeout=10_000)  # (it ends once let go)
