"""Removing the folder being indexed cancels its run (app.job_runner, quietly: nothing is left to
finish). The indexing strip then said 'Cancelled: indexed videos are kept, re-scan to finish' for
its summary's while, beside 'Removed N videos under …': there was nothing to re-scan. Now the strip
goes with the run; a cancel the user asks for still shows its summary."""

from __future__ import annotations

from app.index_panel import CANCELLED_TEXT
from tests.app.conftest import SESSION_TIMEOUT_MS, cached_loader, wait_idle
from tests.app.holding import HoldingEncoder, commit_each_video


def held_run(qtbot, make_app_window, tmp_path, demo_clips, demo_model, monkeypatch):
    pausing = HoldingEncoder(cached_loader(demo_model), commit_each_video(monkeypatch))
    window = make_app_window(tmp_path / "lib", model_loader=lambda source: pausing)
    files_done = []
    window.session.index_event.connect(lambda ev: files_done.append(ev) if ev.kind == "file_done" else None)
    window.library_panel.ask_folder = lambda: str(demo_clips)
    window.library_panel.request_add()
    qtbot.waitUntil(lambda: pausing.paused.is_set() and bool(files_done), timeout=SESSION_TIMEOUT_MS)
    return window, pausing


def test_removing_the_folder_being_indexed_leaves_no_cancelled_strip(qtbot, make_app_window, tmp_path, demo_clips,
                                                                     demo_model, monkeypatch):
    from app.wiring.library import LibraryController

    # (a summary shown goes by its clock after SUMMARY_MS, 8 s, well within the wait below: never here, so
    # the strip seen to go went with the run, not after a Cancelled summary's while)
    monkeypatch.setattr(LibraryController, "SUMMARY_MS", 600_000)
    window, pausing = held_run(qtbot, make_app_window, tmp_path, demo_clips, demo_model, monkeypatch)
    panel, session = window.library_panel, window.session
    panel._list.setCurrentRow(0)
    panel.confirm_remove = lambda folder: True
    panel._on_remove()
    pausing.go.set()
    qtbot.waitUntil(lambda: any(t.startswith("Removed ") for _l, t in window.message_log), timeout=SESSION_TIMEOUT_MS)
    wait_idle(qtbot, session)
    qtbot.waitUntil(lambda: session.status.videos == 0 and panel.folders() == [], timeout=SESSION_TIMEOUT_MS)
    qtbot.waitUntil(lambda: not window.index_strip.isVisible(), timeout=SESSION_TIMEOUT_MS)  # (the strip goes)


def test_a_cancel_the_user_asks_for_still_shows_its_summary(qtbot, make_app_window, tmp_path, demo_clips, demo_model,
                                                           monkeypatch):
    window, pausing = held_run(qtbot, make_app_window, tmp_path, demo_clips, demo_model, monkeypatch)
    window.session.cancel_indexing()
    pausing.go.set()
    wait_idle(qtbot, window.session)
    qtbot.wait(200)
    assert window.index_strip.isVisible() and window.index_panel.summary_text() == CANCELLED_TEXT


def test_a_folder_removed_after_the_user_cancelled_leaves_the_run_cancelled(qtbot, make_app_window, tmp_path,
                                                                           demo_clips, demo_model, monkeypatch):
    """Cancel, then (the run still ending its file in hand) remove another library folder: the
    removal started the cancelled run again for the folders left, which indexed on as if never
    cancelled, and its 'Cancelled' strip was hidden as a cancel the session made itself."""
    import shutil

    pausing = HoldingEncoder(cached_loader(demo_model), commit_each_video(monkeypatch))
    window = make_app_window(tmp_path / "lib", model_loader=lambda source: pausing)
    s, panel, c = window.session, window.library_panel, tmp_path / "c"
    c.mkdir()
    shutil.copy(demo_clips / "red-ball-beach.mp4", c / "again.mp4")
    panel.ask_folder = lambda: str(c)
    panel.request_add()
    qtbot.waitUntil(lambda: s.status.videos == 1 and not s.indexing, timeout=SESSION_TIMEOUT_MS)
    wait_idle(qtbot, s)
    panel.ask_folder = lambda: str(demo_clips)
    panel.request_add()
    qtbot.waitUntil(lambda: pausing.paused.is_set() and s.indexing, timeout=SESSION_TIMEOUT_MS)
    said = len(window.message_log)
    s.cancel_indexing()
    s.remove_folder(str(c))  # (the run has not ended yet)
    pausing.go.set()
    qtbot.waitUntil(lambda: panel.folders() == [str(demo_clips)], timeout=SESSION_TIMEOUT_MS)
    wait_idle(qtbot, s)
    qtbot.wait(300)
    assert not any(t.startswith("Indexed ") for _l, t in window.message_log[said:]), window.message_log
    assert s.status.videos < 12
    assert window.index_strip.isVisible() and window.index_panel.summary_text() == CANCELLED_TEXT
