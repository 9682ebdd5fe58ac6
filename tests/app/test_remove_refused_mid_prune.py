"""A folder's removal asked while a "Remove missing videos" run of it goes (an index run with
``prune``) cancels that run and holds its part in the folder, to put it back should the library
refuse the removal (a keep-inside removal of a folder that took none in, another folder's stopped
removal that a full disk keeps waiting). The part put back was a plain run (``JobQueue.forget_first``
held the roots it dropped as ``IndexJob(dropped)``): after the refusal, the videos gone from the
folder, which the user had asked to remove, were kept and marked offline again ("1 video seems to
be gone from …; nothing was removed"), as dfb9686 fixed for the rest of the run in the other folders.
Now the held part prunes as the run it was cut from did."""

from __future__ import annotations

from app.jobs import IndexJob, JobQueue
from tests.app.conftest import SESSION_TIMEOUT_MS, wait_idle
from tests.app.prune_held import held_prune, index_both, two_folders


def test_the_held_part_of_a_prune_run_is_put_back_as_a_prune():
    queue = JobQueue()
    forget = queue.forget_first("/v/a", None, dropped=("/v/a",), pruned=("/v/a",))
    assert forget.held == (IndexJob(("/v/a",), prune=True),), forget.held
    queue.take(has_model=True)
    queue.put_back_runs(forget)
    assert list(queue) == [IndexJob(("/v/a",), prune=True)]


def test_a_refused_removal_during_a_prune_of_its_folder_still_removes_the_missing_videos(
        qtbot, make_session, demo_clips, tmp_path, monkeypatch):
    a, b = two_folders(tmp_path, demo_clips)
    session = make_session(tmp_path / "lib", refresh_interval_ms=200)
    index_both(qtbot, session, a, b)
    (a / "red-ball-beach.mp4").unlink()  # (a left empty: a plain run keeps its video, offline)
    gate = held_prune(qtbot, session, monkeypatch, a)  # (under way until the removal is asked)
    session.messages.clear()
    session.remove_folder(str(a), True)  # (keeping the folders a took in: none, refused)
    gate.set()
    qtbot.waitUntil(lambda: any(level == "error" for level, _t in session.messages), timeout=SESSION_TIMEOUT_MS)
    wait_idle(qtbot, session)
    qtbot.waitUntil(lambda: session.status.videos == 1, timeout=15_000)  # (a's gone video removed, not offline)
    assert sorted(session.status.folders) == [str(a), str(b)], session.status.folders  # (nothing removed: refused)
    assert session.status.offline_videos == 0, (session.status, session.messages)
