"""The main window over a session: typing → one debounced search → the grid; keys; modes;
read-only; settings; the places where the other views plug in; closing."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel

from app.requests import READ_ONLY_MESSAGE
from app.results import ResultRole
from app.session import Session
from app.settings import AppSettings
from app.window import MainWindow
from core.demo import DEMO_QUERIES
from core.library import VideoLibrary
from tests.app.conftest import type_query as type_query_and_wait
from tests.app.conftest import writing
from tests.app.test_session_search import BLUE_CAR, RED_BALL


@pytest.fixture
def make_window(make_app_window):
    """The bare MainWindow over a session (no views plugged in)."""
    return lambda library_dir, ready=True: make_app_window(library_dir, ready, build=MainWindow)


def type_query(qtbot, window, text: str) -> list:
    """Type like a user; returns the requests the panel sent (after the debounce)."""
    sent = []
    type_query_and_wait(qtbot, window, text, sent=sent)
    return sent


def test_typing_searches_once_and_fills_the_grid_in_score_order(qtbot, make_window, demo_library):
    window = make_window(demo_library)
    sent = type_query(qtbot, window, RED_BALL.query)
    assert [r.query for r in sent] == [RED_BALL.query]  # one search for the whole phrase
    model = window.results_model
    results = [model.index(i).data(ResultRole) for i in range(model.rowCount())]
    assert results and Path(results[0].path).name == RED_BALL.file
    assert [r.score for r in results] == sorted((r.score for r in results), reverse=True)
    # Enter searches at once, without waiting
    with qtbot.waitSignal(window.search_panel.request_changed, timeout=100):
        qtbot.keyClick(window.search_panel.field, Qt.Key.Key_Return)


def test_down_from_the_field_goes_to_the_first_result_enter_plays_space_pauses(qtbot, make_window, demo_library):
    window = make_window(demo_library)
    type_query(qtbot, window, BLUE_CAR.query)
    view, field = window.results_view, window.search_panel.field
    assert view.currentIndex().row() == 0
    view.setCurrentIndex(window.results_model.index(3))  # wherever the selection is,
    field.setFocus()
    qtbot.keyClick(field, Qt.Key.Key_Down)  # Down from the field goes to the first result
    assert view.currentIndex().row() == 0 and view.hasFocus()
    with qtbot.waitSignal(window.play_requested, timeout=10_000) as blocker:
        qtbot.keyClick(view, Qt.Key.Key_Return)  # and Enter there plays it
    assert blocker.args[0] is window.results_model.result(0)
    qtbot.keyClick(view, Qt.Key.Key_Down)
    assert view.currentIndex().row() > 0
    qtbot.keyClick(view, Qt.Key.Key_Up)
    assert view.currentIndex().row() == 0 and view.hasFocus()
    qtbot.keyClick(view, Qt.Key.Key_Up)  # Up on the top row: back to the field
    assert field.hasFocus()
    # Space in the field is a space, not "pause"
    paused = []
    window.pause_requested.connect(lambda: paused.append(True))
    qtbot.keyClick(field, Qt.Key.Key_Space)
    assert not paused and field.text().endswith(" ")
    # in the results, Enter plays the current result and Space pauses
    view.setFocus()
    with qtbot.waitSignal(window.play_requested, timeout=10_000) as blocker:
        qtbot.keyClick(view, Qt.Key.Key_Return)
    assert blocker.args[0] is view.current_result()
    assert Path(window.opened_urls[-1].toLocalFile()).name == BLUE_CAR.file  # no preview: system player
    qtbot.keyClick(view, Qt.Key.Key_Space)
    assert paused == [True]


def test_videos_mode_from_the_view_menu_is_remembered(qtbot, make_window, demo_library):
    window = make_window(demo_library)
    type_query(qtbot, window, RED_BALL.query)
    window.videos_action.trigger()
    qtbot.waitUntil(lambda: window.results_model.request.per_video, timeout=30_000)
    ids = [window.results_model.index(i).data(ResultRole).video_id for i in range(window.results_model.rowCount())]
    assert len(ids) == len(set(ids)) == 12
    assert window.search_panel.videos_button.isChecked() and window.settings.results_mode == "videos"
    window.search_panel.moments_button.click()
    assert window.moments_action.isChecked() and window.settings.results_mode == "moments"


def test_filters_in_the_panel_reach_the_search(qtbot, make_window, demo_library):
    window = make_window(demo_library)
    type_query(qtbot, window, RED_BALL.query)
    window.search_panel.filters_button.click()
    window.search_panel.min_duration.setValue(10)
    qtbot.waitUntil(lambda: window.results_model.request.filters.min_duration == 10, timeout=30_000)
    rows = [window.results_model.index(i).data(ResultRole) for i in range(window.results_model.rowCount())]
    length = {}
    for q in DEMO_QUERIES:
        length[q.file] = max(length.get(q.file, 0.0), q.end)
    names = {Path(r.path).name for r in rows}
    assert names and all(length[n] >= 10 for n in names)  # no 8 s clip
    assert names == {n for n, seconds in length.items() if seconds >= 10}
    assert window.search_panel.folder_combo.count() == 2  # "All folders" and the demo folder
    window.search_panel.clear_button.click()
    assert window.search_panel.field.text() == "" and window.search_panel.filters().is_empty()


def test_read_only_window_says_so(qtbot, make_window, demo_library):
    first = make_window(demo_library)
    with writing(first.session):  # (opened while the first window writes; an idle one lets the lock go)
        second = make_window(demo_library)
    assert not first.session.read_only and second.session.read_only
    assert second.banner.isVisible() and READ_ONLY_MESSAGE in second.banner.label.text()
    assert second.status_widgets.read_only_badge.isVisible()
    assert "read-only" in second.windowTitle()
    assert not second.add_folder_action.isEnabled() and not second.rescan_action.isEnabled()
    assert first.add_folder_action.isEnabled()


def test_closing_saves_the_layout_and_releases_the_library(qtbot, make_window, demo_library):
    window = make_window(demo_library)
    window.resize(700, 500)  # within the offscreen screen (800x600)
    window.main_splitter.setSizes([500, 300])
    window.videos_action.trigger()
    window.close()
    with VideoLibrary(demo_library) as lib:  # the writer lock is free again
        assert len(lib.video_table.all()) == 12
    again = make_window(demo_library, ready=False)
    assert again.size().width() == 700 and again.settings.results_mode == "videos"
    assert again.search_panel.per_video and again.settings.library_dir == str(demo_library)
    qtbot.waitUntil(lambda: again.session.is_ready, timeout=30_000)


def test_the_saved_preview_split_comes_back_once_the_views_are_plugged_in(qtbot, tmp_path):
    from app.wiring import build_window

    settings = AppSettings(tmp_path / "app.ini")
    settings.first_run_done = True
    settings.set_splitter_sizes("preview", [500, 100])
    window = build_window(Session(), settings)
    qtbot.addWidget(window)
    window.show()
    player, captions = window.preview_area.sizes()
    assert player > 3 * captions  # as saved


def test_places_for_the_other_views(qtbot, make_window, demo_library):
    window = make_window(demo_library)
    player, captions, library, index, welcome = (QLabel(n) for n in ("player", "captions", "library", "index", "welcome"))
    window.set_preview(player)
    window.set_captions_panel(captions)
    window.set_library_panel(library)
    window.set_index_panel(index)
    window.set_welcome_page(welcome)
    assert window.preview_area.widget(0) is player and window.preview_area.widget(1) is captions
    assert window.library_dock.widget() is library and window.library_dock.isVisible()
    assert window.index_strip.isVisible() and player.isVisible()
    assert window.stack.currentWidget() is window.main_splitter
    window.show_welcome()
    assert window.stack.currentWidget() is welcome
    window.show_search()
    type_query(qtbot, window, RED_BALL.query)
    window.results_view.setFocus()
    with qtbot.waitSignal(window.play_requested, timeout=10_000):
        qtbot.keyClick(window.results_view, Qt.Key.Key_Return)
    assert window.opened_urls == []  # a preview is plugged in: it plays there


def test_session_messages_show_in_the_window(qtbot, make_window, demo_library, tmp_path):
    window = make_window(demo_library)
    window.session.add_folder(str(tmp_path / "missing"))  # (looked at in a worker)
    qtbot.waitUntil(window.banner.isVisible, timeout=10_000)
    assert window.banner.level == "error"
    assert "not a folder" in window.banner.label.text()
    window.banner.close_button.click()
    assert not window.banner.isVisible()
    window.session.message.emit("info", "Indexed 3 of 3 files.")
    assert window.statusBar().currentMessage() == "Indexed 3 of 3 files."


def test_status_bar_shows_size_and_model(qtbot, make_window, demo_library):
    window = make_window(demo_library)
    qtbot.waitUntil(lambda: "12 videos" in window.status_widgets.library_label.text(), timeout=10_000)
    assert window.status_widgets.library_label.text() == "12 videos · 31 moments"  # the demo clips' 4 s windows
    assert window.status_widgets.model_label.text() == "Model: Seekframe demo model"  # (its card's title)


def test_an_empty_library_says_how_to_start_or_shows_the_welcome_page(qtbot, loader, demo_model, tmp_path):
    session = Session(loader=loader)
    window = MainWindow(session, AppSettings())
    qtbot.addWidget(window)
    window.show()
    session.open(str(tmp_path / "empty"))
    qtbot.waitUntil(lambda: "library is empty" in window.results_view.empty_text, timeout=30_000)
    window.close()

    session = Session(loader=loader)
    window = MainWindow(session, AppSettings())
    qtbot.addWidget(window)
    welcome = QLabel("welcome")
    window.set_welcome_page(welcome)
    window.show()
    session.open(str(tmp_path / "empty"))
    qtbot.waitUntil(lambda: window.stack.currentWidget() is welcome, timeout=30_000)
    window.close()


def test_a_query_of_no_word_the_model_knows_says_so(qtbot, make_window, demo_library):
    """An emoji alone embedded as the same vector as any other such query: the grid listed the
    same moments for each as if they answered it."""
    from app.requests import NO_WORDS

    window = make_window(demo_library)
    type_query(qtbot, window, RED_BALL.query)  # (results first: the emoji's answer must clear them)
    assert window.results_model.rowCount() > 0
    field = window.search_panel.field
    field.setText("🐕")  # (pasted: QTest cannot type a character outside the BMP)
    qtbot.keyClick(field, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: window.results_view.empty_text == NO_WORDS, timeout=10_000)
    assert window.results_model.rowCount() == 0
    type_query(qtbot, window, RED_BALL.query)
    qtbot.waitUntil(lambda: window.results_model.rowCount() > 0, timeout=10_000)
