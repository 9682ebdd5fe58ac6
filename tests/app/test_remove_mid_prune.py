"""Removing a folder while a "Remove missing videos" run goes (an index run with ``prune``) cancels
that run and starts the rest of it again after the removal, for the other folders; that rest was
started as a plain run, so the videos gone from those folders, which the user had asked to remove,
were kept and marked offline again. Now the rest prunes as the run it continues did."""

from __future__ import annotations

from tests.app.conftest import SESSION_TIMEOUT_MS, wait_idle
from tests.app.prune_held import held_prune, index_both, two_folders


def test_the_rest_of_a_prune_run_cut_short_by_a_removal_still_removes_the_missing_videos(
        qtbot, make_session, demo_clips, tmp_path, monkeypatch):
    a, b = two_folders(tmp_path, demo_clips)
    session = make_session(tmp_path / "lib", refresh_interval_ms=200)
    index_both(qtbot, session, a, b)
    (b / "purple-box-grass.mp4").unlink()  # (b left empty: a plain run keeps its video, offline)
    gate = held_prune(qtbot, session, monkeypatch, b)  # (under way until the removal is asked)
    session.messages.clear()
    session.remove_folder(str(a))  # (cancels the prune run, to start again after it for b)
    gate.set()
    qtbot.waitUntil(lambda: any(t.startswith("Removed 1 video") for _l, t in session.messages),
                    timeout=SESSION_TIMEOUT_MS)
    wait_idle(qtbot, session)
    qtbot.waitUntil(lambda: session.status.folders == (str(b),), timeout=SESSION_TIMEOUT_MS)
    assert session.status.videos == 0 and session.status.offline_videos == 0, session.status
