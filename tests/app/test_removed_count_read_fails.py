"""A window that recorded the run of /x it had queued (its count of removals read) and was asked to
index /x again after another process removed /x, while its read of the library's count failed (a
share that does not answer), recorded the older ask for the run when it closed: the ask whose count
was not read yet kept the record's. At the next start the removal came after that older ask, and
the user's add after it was dropped ('was dropped with the removal'). Now such an ask is recorded at
its own time, its clock ordering it (``app.resume_removed.stamped``), as an ask without a count is;
the run resumes."""

from __future__ import annotations

from tests.app.conftest import wait_idle
from tests.app.test_queued_run_removed_elsewhere import NO_READ_MS, _asked_behind_another_writer, _forget
from tests.app.test_removed_order_not_clocks import _reopened
from tests.app.test_resume import open_session, store  # noqa: F401
from tests.app.test_writer_turn import another_writer, looks_every_200_ms  # noqa: F401


def test_an_add_after_a_removal_whose_count_read_failed_resumes(  # noqa: F811
        qtbot, open_session, store, demo_library, demo_clips, looks_every_200_ms, monkeypatch):
    import app.removed_meanwhile

    folder = str(demo_clips)
    session = open_session(demo_library, store, refresh_interval_ms=NO_READ_MS)
    wait_idle(qtbot, session)
    with _asked_behind_another_writer(qtbot, session, demo_library, folder):
        pass  # (a terminal's run writes: the window's run of the folder waits, then the terminal's ends)
    assert store.since(str(demo_library))[folder].seq == 0  # (recorded with its count)
    _forget(demo_library, folder)  # (the GUI thread held: the window cannot take the lock before it)
    failed = []

    def count_fails(library):
        failed.append(library)
        raise OSError("the share does not answer")

    monkeypatch.setattr(app.removed_meanwhile, "count_now", count_fails)
    with another_writer(demo_library):
        session.add_folder(folder, looked=True)  # (the user adds it again, after its removal)
        qtbot.waitUntil(lambda: bool(failed), timeout=10_000)
        qtbot.wait(300)  # (the failed read answered in the GUI thread)
        assert session._runner.meanwhile.asks()[folder].provisional
        assert folder in session._runner.queue.roots() and not session.indexing
        assert session.close(timeout=30.0)
    assert [j.roots for j in store.runs(str(demo_library))] == [(folder,)]
    said, session = _reopened(qtbot, open_session, store, demo_library)
    assert "Resuming the indexing" in said and "dropped" not in said, said
    assert session.status.folders == (folder,) and session.status.videos == 12, (session.status.folders,
                                                                                session.status.videos)
    assert store.runs(str(demo_library)) == ()
