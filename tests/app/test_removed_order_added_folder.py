"""A folder added with the library panel's Add (or the first run's page: ``session.add_folder``
without ``looked``, its look in a worker first) was asked at the time of the click alone, never the
library's count of removals (d6ed3c2 read the count only for a run queued at once): its run was
ordered against a removal by the clocks still. A `seekframe forget` from a machine whose clock is 5
minutes behind, after the folder was added, came "before" it: the run went on and the folder came
back with its 12 videos; the folder added again after a forget from a machine 5 minutes ahead came
"before" the removal: its run was dropped. Now such an ask reads the count too
(``app.removed_meanwhile``), as a run queued at once does: the library's order counts."""

from __future__ import annotations

from core.library.lock import writer_free
from tests.app.conftest import wait_idle
from tests.app.test_queued_run_removed_elsewhere import NO_READ_MS, _runs_with_nothing_dropped, _said, _settled
from tests.app.test_removed_order_not_clocks import SKEW_S, _count_read, _forget_on_a_clock
from tests.app.test_resume import open_session, store  # noqa: F401
from tests.app.test_writer_turn import another_writer, looks_every_200_ms  # noqa: F401


def _added_behind_another_writer(qtbot, session, library, root) -> None:
    """``root`` added with the panel's Add while a terminal's run writes the library: its run waits."""
    qtbot.waitUntil(lambda: writer_free(library), timeout=10_000)
    with another_writer(library):
        session.add_folder(root)  # (looked at in a worker first)
        qtbot.waitUntil(lambda: root in session._runner.queue.roots(), timeout=10_000)
        qtbot.waitUntil(lambda: "is writing this library now" in _said(session), timeout=10_000)
        # (said at the run's failure, before its worker's end is heard: the run counts as going until then)
        qtbot.waitUntil(lambda: session._runner._running is None, timeout=10_000)
        qtbot.waitUntil(lambda: _count_read(session, root), timeout=10_000)
        assert not session.indexing and root in session._runner.queue.roots()


def test_a_folder_added_then_removed_by_a_machine_whose_clock_is_behind_is_dropped(  # noqa: F811
        qtbot, open_session, store, demo_library, demo_clips, looks_every_200_ms, monkeypatch):
    folder = str(demo_clips)
    session = open_session(demo_library, store, refresh_interval_ms=NO_READ_MS)
    wait_idle(qtbot, session)
    _added_behind_another_writer(qtbot, session, demo_library, folder)
    _forget_on_a_clock(monkeypatch, demo_library, folder, -SKEW_S)  # (after it was added)
    said = _settled(qtbot, session)
    assert f"The indexing of {folder}, waiting or under way, was dropped with the removal of the folder." in said, said
    assert session.status.folders == () and session.status.videos == 0, (session.status.folders,
                                                                         session.status.videos)
    assert store.runs(str(demo_library)) == ()


def test_a_folder_added_after_a_removal_by_a_machine_whose_clock_is_ahead_runs(  # noqa: F811
        qtbot, open_session, store, demo_library, demo_clips, looks_every_200_ms, monkeypatch):
    folder = str(demo_clips)
    session = open_session(demo_library, store, refresh_interval_ms=NO_READ_MS)
    wait_idle(qtbot, session)
    qtbot.waitUntil(lambda: writer_free(demo_library), timeout=10_000)
    _forget_on_a_clock(monkeypatch, demo_library, folder, SKEW_S)  # (before it is added again)
    _added_behind_another_writer(qtbot, session, demo_library, folder)
    _runs_with_nothing_dropped(qtbot, session, folder)
