"""A look at the library folder that does not answer (a share whose server is gone: its ``stat``
hangs) no longer holds what waits for it for good: an error waiting to be said once the folder
was seen there was never said while the look hung, nor any error after it (``app.library_gone``).
Past ``PATIENCE_MS`` they are said as for a folder there; the look still counts when it answers."""

from __future__ import annotations

import os

from app.requests import SearchRequest
from tests.app.conftest import SESSION_TIMEOUT_MS, wait_idle
from tests.app.test_library_gone_off_gui import watch_library_folder


def errors(session) -> list[str]:
    return [t for lvl, t in session.messages if lvl == "error"]


def test_errors_waiting_for_a_look_that_hangs_are_said_after_a_while(qtbot, make_session, demo_library, monkeypatch):
    import app.engine
    import app.library_gone

    monkeypatch.setattr(app.library_gone, "PATIENCE_MS", 1000, raising=False)  # (past the 100 ms below, loaded)
    answered = []  # (the drive hangs until the test lets it go: a fixed 10 s could end on a loaded machine)
    gate, hanging, _in_gui = watch_library_folder(monkeypatch, str(demo_library), worker_hold_s=60.0,
                                                  answered=answered)
    session = make_session(demo_library)
    wait_idle(qtbot, session)
    hanging.append(True)  # its drive hangs from now on (in a worker, until let go)
    monkeypatch.setattr(app.engine, "run_search", lambda *a: (_ for _ in ()).throw(RuntimeError("boom")))
    try:
        session.search(SearchRequest("a red ball"))  # fails: its folder looked at, the look hangs
        qtbot.wait(100)
        assert not errors(session)  # (not at once: the look may still answer)
        qtbot.waitUntil(lambda: len(errors(session)) == 1, timeout=10_000)  # said though the look still hangs
        assert "boom" in errors(session)[0] and not answered
        session.search(SearchRequest("a blue cube"))  # while it still hangs: said, not held
        qtbot.waitUntil(lambda: len(errors(session)) == 2, timeout=10_000)
        assert not answered and not session.gone.gone
        os.rename(demo_library, demo_library.with_name("moved"))  # moved while its look hangs
    finally:
        gate.set()
    # its answer, once it comes, still counts (awaited before the next search: a search failing
    # before the late look has answered is said as for a folder there, as the two above)
    qtbot.waitUntil(lambda: session.gone.gone, timeout=SESSION_TIMEOUT_MS)
    session.search(SearchRequest("a green cone"))
    qtbot.wait(100)
    qtbot.waitUntil(lambda: not any(r.busy for r in session._searches.runners), timeout=SESSION_TIMEOUT_MS)
    qtbot.waitUntil(lambda: len(errors(session)) >= 2, timeout=SESSION_TIMEOUT_MS)  # (what its failure posts)
    assert len(errors(session)) == 2  # (the gone folder said instead of the error)


def test_a_repair_is_never_offered_while_the_folders_look_hangs(qtbot, make_session, demo_library, monkeypatch):
    """A table that cannot be read on a share that hangs is no damage to repair (the repair would
    set the library aside as it comes back): the error is said after a while, the repair offered
    only once the folder is seen there."""
    import app.engine
    import app.library_gone
    from core.errors import DamagedTableError

    monkeypatch.setattr(app.library_gone, "PATIENCE_MS", 300, raising=False)
    answered = []  # (the drive hangs until the test lets it go)
    gate, hanging, _in_gui = watch_library_folder(monkeypatch, str(demo_library), worker_hold_s=60.0,
                                                  answered=answered)
    session = make_session(demo_library)
    wait_idle(qtbot, session)
    offered = []
    session.library_damaged.connect(lambda: offered.append(True))
    hanging.append(True)
    monkeypatch.setattr(app.engine, "run_search",
                        lambda *a: (_ for _ in ()).throw(DamagedTableError("moments", "a data file is gone")))
    try:
        session.search(SearchRequest("a red ball"))
        qtbot.waitUntil(lambda: len(errors(session)) == 1, timeout=10_000)  # (said though the look hangs)
        qtbot.wait(200)
        assert not offered and not answered  # (not while it hangs)
    finally:
        gate.set()
    qtbot.waitUntil(lambda: bool(offered), timeout=SESSION_TIMEOUT_MS)  # the folder is there: offered
    assert len(offered) == 1 and not session.gone.gone
