"""Whether a folder was removed after an index run of it was queued (an open window's,
``app.removed_meanwhile``) or recorded (a closed window's, ``app.resume``) was told by wall clocks:
the removal's time in ``library.json``'s ``removed`` against the time the run was asked. A library
on a shared drive written by two machines whose clocks differ (one 5 minutes behind), or a clock
NTP set back, ordered them wrongly: a `seekframe forget` from the machine behind came "before" the
run queued on the other, which then ran and brought the folder back with its 12 videos; one from
the machine ahead came "after" the user added the folder again, whose run was dropped. Now the
library orders them itself: each removal is numbered (``removed_seq``) and a run remembers the
count it read when it was asked (``core.library.removed.later``); no clock counts where both are
numbered."""

from __future__ import annotations

import time
from types import SimpleNamespace

import pytest

from core.cli import main
from core.library.lock import writer_free
from core.library.meta import read_meta
from tests.app.conftest import SESSION_TIMEOUT_MS, wait_idle
from tests.app.test_queued_run_removed_elsewhere import NO_READ_MS, _queued_behind_another_writer
from tests.app.test_queued_run_removed_elsewhere import _ask_made as _count_read
from tests.app.test_queued_run_removed_elsewhere import _runs_with_nothing_dropped, _said, _settled
from tests.app.test_resume import open_session, store  # noqa: F401
from tests.app.test_writer_turn import another_writer, looks_every_200_ms  # noqa: F401

SKEW_S = 300.0  # the other machine's clock: 5 minutes off


def _forget_on_a_clock(monkeypatch, library, folder, skew_s: float) -> None:
    """``seekframe forget FOLDER`` from a machine whose clock is ``skew_s`` off this one's (behind:
    negative; or this machine's clock set back by that much since)."""
    import core.library.removed

    real = time.time
    with monkeypatch.context() as m:
        m.setattr(core.library.removed, "time", SimpleNamespace(time=lambda: real() + skew_s))
        assert main(["forget", str(folder), "--library", str(library)]) == 0
    assert str(folder) not in (read_meta(library).settings.folders or ())


def test_a_queued_run_of_a_folder_removed_by_a_machine_whose_clock_is_behind_is_dropped(  # noqa: F811
        qtbot, open_session, store, demo_library, demo_clips, looks_every_200_ms, monkeypatch):
    folder = str(demo_clips)
    session = open_session(demo_library, store, refresh_interval_ms=NO_READ_MS)
    wait_idle(qtbot, session)
    _queued_behind_another_writer(qtbot, session, demo_library, folder)
    _forget_on_a_clock(monkeypatch, demo_library, folder, -SKEW_S)  # (after the run was queued)
    said = _settled(qtbot, session)
    assert f"The indexing of {folder}, waiting or under way, was dropped with the removal of the folder." in said, said
    assert session.status.folders == () and session.status.videos == 0, (session.status.folders,
                                                                         session.status.videos)
    assert not read_meta(demo_library).settings.folders and store.runs(str(demo_library)) == ()


def test_a_folder_added_again_after_a_removal_by_a_machine_whose_clock_is_ahead_runs(  # noqa: F811
        qtbot, open_session, store, demo_library, demo_clips, looks_every_200_ms, monkeypatch):
    folder = str(demo_clips)
    session = open_session(demo_library, store, refresh_interval_ms=NO_READ_MS)
    wait_idle(qtbot, session)
    _queued_behind_another_writer(qtbot, session, demo_library, folder)
    _forget_on_a_clock(monkeypatch, demo_library, folder, SKEW_S)
    session.add_folder(folder, looked=True)  # (asked again after the removal, before the queued run starts)
    _runs_with_nothing_dropped(qtbot, session, folder)


def _left_by_a_closed_window(qtbot, open_session, store, library, folder, then=None):  # noqa: F811
    """A window with a run of ``folder`` queued behind a terminal's run (``then``, first: what
    happens before it is queued), closed before the run began: the run left recorded."""
    session = open_session(library, store, refresh_interval_ms=NO_READ_MS)
    wait_idle(qtbot, session)
    qtbot.waitUntil(lambda: writer_free(library), timeout=10_000)  # (the window let go of the writer lock)
    if then is not None:
        then()
    with another_writer(library):
        session.add_folder(folder, looked=True)
        qtbot.waitUntil(lambda: "is writing this library now" in _said(session), timeout=10_000)
        qtbot.waitUntil(lambda: _count_read(session, folder), timeout=10_000)
        assert session.close(timeout=30.0)
    assert [j.roots for j in store.runs(str(library))] == [(folder,)]


def _reopened(qtbot, open_session, store, library) -> str:  # noqa: F811
    session = open_session(library, store)
    qtbot.waitUntil(lambda: session.resume._done, timeout=SESSION_TIMEOUT_MS)
    return _settled(qtbot, session), session


def test_a_run_left_of_a_folder_removed_by_a_machine_whose_clock_is_behind_is_dropped(  # noqa: F811
        qtbot, open_session, store, demo_library, demo_clips, looks_every_200_ms, monkeypatch):
    folder = str(demo_clips)
    _left_by_a_closed_window(qtbot, open_session, store, demo_library, folder)
    _forget_on_a_clock(monkeypatch, demo_library, folder, -SKEW_S)  # (after the run was recorded)
    said, session = _reopened(qtbot, open_session, store, demo_library)
    assert f"The indexing of {folder}" in said and "was dropped with the removal" in said, said
    assert "Resuming the indexing" not in said, said
    assert session.status.folders == () and session.status.videos == 0, (session.status.folders,
                                                                         session.status.videos)
    assert store.runs(str(demo_library)) == ()


def test_a_run_left_of_a_folder_added_after_a_removal_by_a_machine_whose_clock_is_ahead_resumes(  # noqa: F811
        qtbot, open_session, store, demo_library, demo_clips, looks_every_200_ms, monkeypatch):
    folder = str(demo_clips)
    _left_by_a_closed_window(qtbot, open_session, store, demo_library, folder,
                             then=lambda: _forget_on_a_clock(monkeypatch, demo_library, folder, SKEW_S))
    said, session = _reopened(qtbot, open_session, store, demo_library)
    assert "Resuming the indexing" in said and "dropped" not in said, said
    assert session.status.folders == (folder,) and session.status.videos == 12, (session.status.folders,
                                                                                session.status.videos)
    assert store.runs(str(demo_library)) == ()


@pytest.mark.parametrize("seqs", [False, True])
def test_the_order_is_the_library_s_and_clocks_only_where_it_has_none(seqs):
    from app.resume_removed import Asked, before, removed_after
    from core.library import removed

    entry = {"folder": "/v/a", "at": 100.0, **({"seq": 3} if seqs else {})}
    asks = {"/early": Asked(200.0, 2), "/late": Asked(50.0, 3), "/old": Asked(90.0), "/reading": Asked(0.0, 1, True)}
    # numbered: the counts order them, whatever the clocks say; not numbered: the clocks
    assert before(list(asks), asks, entry) == (("/early", "/old") if seqs else ("/late", "/old"))
    assert not removed_after(entry, asks["/reading"]) and removed_after(None, asks["/late"])
    assert removed.later(entry, 200.0, None) is False and removed.later(entry, 10.0, None) is True
