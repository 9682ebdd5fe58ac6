"""Paths a user takes through the real window, found by driving it: a folder added while another
is indexed shows at once; Ctrl+F goes back to the search field; the field keeps room in the
narrowest window; the example query is one the model can find; an offline best result is no error
until it is played."""

from __future__ import annotations

from tests.app.conftest import SESSION_TIMEOUT_MS, cached_loader, wait_idle
from tests.app.holding import HoldingEncoder, commit_each_video
from tests.app.layout_settle import settle


def test_a_folder_added_while_indexing_shows_in_the_panel_at_once(qtbot, make_app_window, tmp_path, demo_clips,
                                                                 demo_model, monkeypatch):
    pausing = HoldingEncoder(cached_loader(demo_model), commit_each_video(monkeypatch))
    window = make_app_window(tmp_path / "lib", model_loader=lambda source: pausing)
    session, panel = window.session, window.library_panel
    panel.ask_folder = lambda: str(demo_clips)
    panel.request_add()
    qtbot.waitUntil(lambda: pausing.paused.is_set(), timeout=SESSION_TIMEOUT_MS)  # the run is held
    more = tmp_path / "more"
    more.mkdir()
    panel.ask_folder = lambda: str(more)
    try:
        panel.request_add()  # queued behind the held run: no file is done meanwhile
        qtbot.wait(200)
        assert panel.folders() == [str(demo_clips), str(more)]  # the user sees it was taken
    finally:
        pausing.go.set()
    wait_idle(qtbot, session)
    qtbot.waitUntil(lambda: panel.folders() == [str(demo_clips), str(more)], timeout=10_000)


def test_ctrl_f_goes_back_to_the_search_field_from_anywhere(qtbot, make_app_window, demo_library):
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QApplication

    from app.help import shortcut_rows
    from tests.app.conftest import type_query

    window = make_app_window(demo_library)
    window.activateWindow()
    assert type_query(qtbot, window, "a red ball bouncing on the beach")
    field = window.search_panel.field
    qtbot.keyClick(field, Qt.Key.Key_Down)  # into the results, then on to the player
    qtbot.waitUntil(lambda: window.results_view.hasFocus(), timeout=10_000)
    window.preview.setFocus()
    qtbot.waitUntil(lambda: not field.hasFocus(), timeout=10_000)
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: field.hasFocus(), timeout=10_000)
    assert field.selectedText() == field.text()  # typing replaces the last query
    assert any(name == "Search" for _keys, name in shortcut_rows(window))  # Help › Keyboard shortcuts


def test_the_search_field_keeps_room_for_a_query_in_the_narrowest_window(qtbot, make_app_window, demo_library):
    window = make_app_window(demo_library)
    field = window.search_panel.field
    window.resize(400, 600)  # as narrow as it goes
    qtbot.waitUntil(lambda: window.width() == window.minimumSizeHint().width(), timeout=10_000)
    settle(qtbot)  # (the layout's posted work)
    assert field.width() >= field.fontMetrics().averageCharWidth() * 20, field.width()  # not a slit
    assert window.minimumSizeHint().width() <= 1024  # still fits a small screen


def test_the_example_query_is_one_the_loaded_model_can_find(qtbot, make_app_window, demo_library, tmp_path,
                                                            bundled_real):
    """The search field and the empty grid suggest a query the model's card says it finds: no dog
    for the demo model of coloured shapes, no action (a dog *catching* a frisbee) for the bundled
    real-footage model, which judges still frames."""
    from core.demo import DEMO_QUERIES

    demo = make_app_window(demo_library)  # the demo library keeps its demo model
    assert demo.session.status.model_card.domain == "generated"
    # (the field's whole hint: a narrow field shows its instruction alone, app.fitted_placeholder)
    hints = (demo.search_panel.placeholder.whole, demo.results_view.empty_text)
    assert all(DEMO_QUERIES[0].query in hint for hint in hints), hints
    demo.close()

    real = make_app_window(tmp_path / "own")  # a new library gets the bundled real-footage model
    card = real.session.status.model_card
    assert card.domain == "real" and any("actions" in weak for weak in card.weak_at)
    hints = (real.search_panel.placeholder.whole, real.results_view.empty_text)
    assert "e.g." in hints[0] and not any("catching" in hint or "frisbee" in hint for hint in hints), hints


def test_an_offline_result_selected_by_a_search_raises_no_error_until_played(qtbot, make_app_window, tmp_path,
                                                                              demo_clips):
    """A folder gone (an unplugged drive), noticed by a re-scan: its results show marked offline.
    Every search selecting the best one is no error (the status bar says why there is no preview);
    playing it is."""
    from PySide6.QtCore import Qt

    from tests.app.conftest import offline_ball

    window, _, results = offline_ball(qtbot, make_app_window, tmp_path, demo_clips)
    qtbot.waitUntil(lambda: window.results_view.current_result() is not None, timeout=10_000)
    qtbot.wait(200)
    assert results and results[0].offline and not [m for m in window.message_log if m[0] == "error"], window.message_log
    assert window.banner.level != "error"  # (it says the folder is offline, from the re-scan)
    assert "not there" in window.statusBar().currentMessage()  # why the preview is empty
    qtbot.keyClick(window.search_panel.field, Qt.Key.Key_Down)
    qtbot.keyClick(window.results_view, Qt.Key.Key_Return)  # the user asks to play it: now an error
    qtbot.waitUntil(lambda: any(level == "error" and "not there" in text for level, text in window.message_log),
                    timeout=10_000)
