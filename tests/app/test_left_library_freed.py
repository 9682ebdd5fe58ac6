"""A library the window leaves for another (File › Open, Try the demo library, Back to my library) is
let go: its handle, with its LanceDB connection and its cache of the videos' rows (20,000 at a big
library), is freed once closed. c5bffa7 freezes the objects alive once a model is ready
(``app.idle_trim.settle_objects``, ``gc.freeze``), out of every later collection's sight: a handle in a
reference cycle (its connection's ``on_stale``, the handle's own ``reopen``) stayed for the window's
life, one more at each library opened. The connection now asks its handle to reopen through a weak
reference (``core.library.store``): no cycle, the handle freed as soon as it is let go."""

from __future__ import annotations

import gc
import weakref

import pytest

from tests.app.conftest import SESSION_TIMEOUT_MS, wait_idle


@pytest.mark.slow  # (a window and two opens: ~18 s)
def test_a_library_left_for_another_is_freed(qtbot, settling_objects, make_app_window, demo_library, tmp_path):
    gc.unfreeze()
    try:
        window = make_app_window(demo_library)  # (waits for the model: Session.ready, the objects frozen)
        session = window.session
        first = weakref.ref(session.library)
        with qtbot.waitSignal(session.ready, timeout=SESSION_TIMEOUT_MS):
            session.open(str(tmp_path / "other"))  # another library, with no video
        wait_idle(qtbot, session)
        qtbot.waitUntil(lambda: (gc.collect(), first() is None)[1], timeout=5000)
    finally:
        gc.unfreeze()  # (the other tests' process as it was)
