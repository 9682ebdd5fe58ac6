"""The real window, wired: the first run's welcome page → the demo library or one's own folder;
later runs skip it."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from core.demo import DEMO_QUERIES
from tests.app.conftest import SESSION_TIMEOUT_MS
from tests.demo_clips import demo_written_once  # noqa: F401  (the fixture: the clips written once a run, copied)


@pytest.mark.slow  # (the demo library written and indexed: 19 s under load)
def test_welcome_try_the_demo_then_results_for_a_demo_query(qtbot, make_app_window, tmp_path, _isolated_home,
                                                            demo_written_once):
    window = make_app_window(tmp_path / "lib")
    welcome = window.welcome_page
    qtbot.waitUntil(lambda: window.stack.currentWidget() is welcome, timeout=10_000)
    assert not window.settings.first_run_done
    with qtbot.waitSignal(window.session.demo_ready, timeout=SESSION_TIMEOUT_MS):
        qtbot.mouseClick(welcome._demo, Qt.MouseButton.LeftButton)
        assert not welcome._demo.isEnabled() and welcome._status.text() == "Writing the demo clips…"
    first = DEMO_QUERIES[0]
    assert window.stack.currentWidget() is window.main_splitter and window.settings.first_run_done
    assert window.search_panel.field.text() == first.query
    qtbot.waitUntil(window.index_strip.isVisible, timeout=10_000)  # (once a worker has seen the folder)
    qtbot.waitUntil(lambda: not window.session.indexing and window.session.status.videos == 12,
                    timeout=SESSION_TIMEOUT_MS)
    # the grid was searched again as the clips were indexed, the last time with all of them
    moments = window.session.status.moments
    qtbot.waitUntil(lambda: window.results_model.rowCount() == moments
                    and window.results_model.request.query == first.query, timeout=SESSION_TIMEOUT_MS)
    top = window.results_model.result(0)
    assert Path(top.path).name == first.file and top.start == first.start
    # the selection followed the results as they came in: the best one is in hand, not the first
    # that arrived
    assert window.results_view.current_result() is top and not window.results_view.user_picked
    assert Path(top.path).parent == _isolated_home / "demo-videos"
    assert window.library_panel.folders() == [str(_isolated_home / "demo-videos")]
    # the demo library is a library of its own, with the demo model; the user's stays as it was
    assert window.session.library_dir == str(_isolated_home / "demo-library")
    assert window.session.status.model_card.domain == "generated"
    assert window.own_library_action.isVisible()  # File › Back to my library


def test_welcome_add_my_videos_folder_then_no_welcome_next_time(qtbot, make_app_window, tmp_path, demo_clips):
    window = make_app_window(tmp_path / "lib")
    welcome = window.welcome_page
    qtbot.waitUntil(lambda: window.stack.currentWidget() is welcome, timeout=10_000)
    welcome.ask_folder = lambda: str(demo_clips)
    with qtbot.waitSignal(window.session.indexing_changed, timeout=10_000, check_params_cb=lambda on: on):
        qtbot.mouseClick(welcome._folder, Qt.MouseButton.LeftButton)
    assert window.stack.currentWidget() is window.main_splitter and window.settings.first_run_done
    qtbot.waitUntil(lambda: window.session.status.folders == (str(demo_clips),), timeout=10_000)
    window.session.cancel_indexing()
    qtbot.waitUntil(lambda: not window.session.indexing, timeout=SESSION_TIMEOUT_MS)
    window.close()

    # another empty library later: the hint, not the welcome page again
    again = make_app_window(tmp_path / "other-lib")
    qtbot.waitUntil(lambda: "library is empty" in again.results_view.empty_text, timeout=10_000)
    assert again.stack.currentWidget() is again.main_splitter


def test_opening_another_library_while_the_demo_clips_are_written_frees_the_welcome_page(
        qtbot, make_app_window, tmp_path, monkeypatch):
    import threading

    from app import demo_library

    release = threading.Event()

    def write_demo_when_released(folder=None):
        assert release.wait(30)
        return str(tmp_path / "demo-videos"), DEMO_QUERIES[0].query

    monkeypatch.setattr(demo_library, "write_demo", write_demo_when_released)
    window = make_app_window(tmp_path / "lib")
    welcome = window.welcome_page
    qtbot.waitUntil(lambda: window.stack.currentWidget() is welcome, timeout=10_000)
    ready = []
    window.session.demo_ready.connect(lambda *args: ready.append(args))
    qtbot.mouseClick(welcome._demo, Qt.MouseButton.LeftButton)
    assert not welcome._demo.isEnabled()
    release.set()
    window.session.open(str(tmp_path / "other"))  # File › Open: the clips' result comes for a closed library
    qtbot.waitUntil(lambda: welcome._demo.isEnabled() and not welcome._status.isVisible(),
                    timeout=SESSION_TIMEOUT_MS)
    assert ready == []  # (not added to the library opened since)
