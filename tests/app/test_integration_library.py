"""The real window, wired: folders in the library panel → indexing in the panel → search; cancel
and re-scan from the panels; failed files listed; a second window is read-only."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QPushButton

from app.index_panel import CANCELLED_TEXT
from app.requests import READ_ONLY_MESSAGE
from core.library import DONE, VideoLibrary
from tests.app.conftest import SESSION_TIMEOUT_MS, cached_loader, type_query, wait_idle, writing
from tests.app.test_session_library import library_state, videos_with_failures
from tests.app.holding import HoldingEncoder, commit_each_video
from tests.app.test_session_search import BLUE_CAR, RED_BALL
from tests.app.test_status_bar_indexing_fits import status_bar_words


def click(qtbot, button):
    assert button.isVisible() and button.isEnabled(), button.text()
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


@pytest.mark.slow  # (8.9 s under load)
def test_add_folder_in_the_panel_indexes_then_typing_finds_the_clip(qtbot, make_app_window, tmp_path, demo_clips):
    window = make_app_window(tmp_path / "lib")
    session, panel, index = window.session, window.library_panel, window.index_panel
    qtbot.waitUntil(lambda: panel._add.isEnabled(), timeout=10_000)  # off while the library opened
    assert not window.index_strip.isVisible()
    panel.ask_folder = lambda: str(demo_clips)
    counts, both = [], []
    session.index_event.connect(lambda ev: counts.append(index._counts.text()) if ev.kind == "file_done" else None)
    session.index_event.connect(lambda ev: both.append((status_bar_words(window), index._counts.text()))
                                if ev.kind in ("file_started", "file_done") else None)
    with qtbot.waitSignal(session.indexing_changed, timeout=10_000, check_params_cb=lambda on: on):
        click(qtbot, panel._add)
    assert window.index_strip.isVisible() and index.is_running()
    assert window.stack.currentWidget() is window.main_splitter  # off the welcome page
    assert not panel._rescan.isEnabled()  # while indexing
    assert index._cancel.isVisible() and index._cancel.isEnabled()  # the one Cancel: the panel's, not the bar's
    assert not window.statusBar().findChildren(QPushButton)
    qtbot.waitUntil(lambda: "of 12 files" in index._counts.text(), timeout=SESSION_TIMEOUT_MS)
    wait_idle(qtbot, session)
    assert index.summary_text().startswith("Indexed 12 of 12 video files (")
    assert window.index_strip.isVisible()  # the summary shows a while …
    window.wiring.library.end_summary()
    assert not window.index_strip.isVisible()  # … then the strip goes (no failures to list)
    assert any(" of 12 files · " in c for c in counts)  # "3 of 12 files · 7 moments"
    # the panel says the run's count, the status bar never repeats it (s55 G audit)
    assert both and not any(panel_line and any(panel_line in t for t in status) for status, panel_line in both), both
    qtbot.waitUntil(lambda: panel.folders() == [str(demo_clips)]
                    and "12 videos" in panel._list.item(0).text(), timeout=10_000)
    assert panel._rescan.isEnabled()
    assert "12 videos" in window.status_widgets.library_label.text()

    results = type_query(qtbot, window, RED_BALL.query)
    assert results and Path(results[0].path).name == RED_BALL.file
    assert [r.score for r in results] == sorted((r.score for r in results), reverse=True)

    # File › Add folder… takes the panel's path
    more = tmp_path / "more"
    more.mkdir()
    shutil.copy(demo_clips / "blue-car-street.mp4", more / "my-car.mp4")
    panel.ask_folder = lambda: str(more)
    with qtbot.waitSignal(session.indexing_changed, timeout=10_000, check_params_cb=lambda on: on):
        window.add_folder_action.trigger()
    wait_idle(qtbot, session)
    qtbot.waitUntil(lambda: session.status.videos == 13 and len(panel.folders()) == 2, timeout=10_000)
    qtbot.waitUntil(lambda: window.results_model.rowCount() and any(  # the grid was searched again
        "my-car.mp4" in {Path(p).name for p in (r.path, *r.copies)}  # (a copy of blue-car-street.mp4:
        for r in window.results_model.results()), timeout=10_000)  # one card, naming it)


@pytest.mark.slow  # (6.8 s under load)
def test_cancel_in_the_panel_keeps_a_consistent_library_and_rescan_finishes(qtbot, make_app_window, tmp_path,
                                                                           demo_clips, demo_model, monkeypatch):
    # the run is held mid-way: some videos committed, the next batch being embedded
    pausing = HoldingEncoder(cached_loader(demo_model), commit_each_video(monkeypatch))
    window = make_app_window(tmp_path / "lib", model_loader=lambda source: pausing)
    session, index = window.session, window.index_panel
    files_done = []
    session.index_event.connect(lambda ev: files_done.append(ev) if ev.kind == "file_done" else None)
    window.library_panel.ask_folder = lambda: str(demo_clips)
    window.library_panel.request_add()
    qtbot.waitUntil(lambda: pausing.paused.is_set() and bool(files_done), timeout=SESSION_TIMEOUT_MS)
    qtbot.waitUntil(lambda: index._cancel.isVisible(), timeout=10_000)
    click(qtbot, index._cancel)  # the user cancels while the run is held
    assert index._cancel.text() == "Cancelling…" and not index._cancel.isEnabled()
    pausing.go.set()
    wait_idle(qtbot, session)
    assert index.summary_text() == CANCELLED_TEXT and not index.is_running()
    assert any("Indexing cancelled" in text for _, text in window.message_log)
    state = library_state(tmp_path / "lib")
    done = [n for n, s in state.items() if s[0] == DONE]
    assert 1 <= len(done) < 12
    for name, (status, n, visible) in state.items():
        assert (status == DONE and n == visible > 0) or (status != DONE and visible == 0), name
    with VideoLibrary(tmp_path / "lib", read_only=True) as lib:
        full = [v for v in lib.video_table.all() if v.status == DONE and not v.quick]
    # what was indexed is searchable; re-scan in the library panel finishes the rest
    qtbot.waitUntil(lambda: session.status.videos == len(done), timeout=10_000)
    rescan = window.library_panel._rescan
    with qtbot.waitSignal(session.indexing_changed, timeout=10_000, check_params_cb=lambda on: on):
        click(qtbot, rescan)
    wait_idle(qtbot, session)
    # the rest: the videos not yet in, and those in from the quick pass only (a two-pass run)
    assert index.summary_text().startswith(f"Indexed {12 - len(full)} of {12 - len(full)} video files (")
    assert session.status.videos == 12
    assert all(s[0] == DONE and s[1] == s[2] > 0 for s in library_state(tmp_path / "lib").values())


def test_failed_files_are_listed_in_the_panel_with_reasons_also_after_a_restart(qtbot, make_app_window, tmp_path,
                                                                               demo_clips):
    videos = videos_with_failures(tmp_path / "videos", demo_clips)
    window = make_app_window(tmp_path / "lib")
    window.library_panel.ask_folder = lambda: str(videos)
    window.library_panel.request_add()
    qtbot.waitUntil(lambda: window.session.indexing, timeout=10_000)
    wait_idle(qtbot, window.session)

    def listed(win):
        panel = win.index_panel
        return {Path(p).name: reason for p, reason in panel.failed()}

    index = window.index_panel
    assert set(listed(window)) == {"notes.mp4", "cut-short.mp4"}
    assert "damaged or incomplete MP4" in listed(window)["notes.mp4"] and all(listed(window).values())
    assert index.summary_text().endswith("; 2 could not be read")
    assert index._failed_button.isVisible() and index._failed_button.text() == "2 failed"
    click(qtbot, index._failed_button)  # expands the list: file and reason per row
    assert index._tree.isVisible() and index._tree.topLevelItemCount() == 2
    rows = {Path(index._tree.topLevelItem(i).text(0)).name: index._tree.topLevelItem(i).text(1) for i in range(2)}
    assert rows == listed(window)
    window.wiring.library.end_summary()  # the run's summary time is over: the failures stay
    assert window.index_strip.isVisible()
    window.close()

    again = make_app_window(tmp_path / "lib")  # no run now: the library's own list
    qtbot.waitUntil(lambda: set(listed(again)) == {"notes.mp4", "cut-short.mp4"}, timeout=10_000)
    assert again.index_strip.isVisible() and not again.index_panel.is_running()
    assert "2 failed" in again.status_widgets.library_label.text()


@pytest.mark.slow  # (two windows, two typed searches: 6.2 s under load)
def test_a_second_window_on_the_same_library_is_read_only_and_says_so(qtbot, make_app_window, demo_library):
    before = library_state(demo_library)
    first = make_app_window(demo_library)
    with writing(first.session):  # (opened while the first window writes; an idle one lets the lock go)
        second = make_app_window(demo_library)
    assert not first.session.read_only and second.session.read_only
    assert second.banner.isVisible() and READ_ONLY_MESSAGE in second.banner.label.text()
    assert second.status_widgets.read_only_badge.isVisible() and "read-only" in second.windowTitle()
    panel = second.library_panel
    qtbot.waitUntil(lambda: panel.folders() != [], timeout=10_000)
    assert not any(b.isEnabled() for b in (panel._add, panel._remove, panel._rescan))
    assert "read-only" in panel._add.toolTip()
    assert not second.captions_panel._import.isEnabled()
    assert not second.add_folder_action.isEnabled() and not second.model_action.isEnabled()
    second.status_widgets.model_label.click()  # the model button says why instead of a dialog
    assert second.wiring.models.dialog is None and "Cannot change the model" in second.banner.label.text()
    assert first.library_panel._add.isEnabled() and first.add_folder_action.isEnabled()
    # searching works in both
    assert Path(type_query(qtbot, second, BLUE_CAR.query)[0].path).name == BLUE_CAR.file
    assert Path(type_query(qtbot, first, RED_BALL.query)[0].path).name == RED_BALL.file
    first.close()
    second.close()
    assert library_state(demo_library) == before
