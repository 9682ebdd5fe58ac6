"""The grid answers the library that is open: after File › Back to my library (or Try the demo
library, or File › Open), the grid kept the other library's results, its first one in the preview
and the captions panel, whose captions were then asked of a library that never held it ("That
moment is no longer in the library …: search again." in red), until the user typed again."""

from __future__ import annotations

import shutil
from pathlib import Path

from tests.app.conftest import SESSION_TIMEOUT_MS, type_query, wait_idle
from tests.app.test_session_search import RED_BALL


def test_opening_another_library_searches_it_again_instead_of_showing_the_old_results(
        qtbot, make_app_window, demo_library, tmp_path):
    window = make_app_window(demo_library)
    session = window.session
    results = type_query(qtbot, window, RED_BALL.query)
    assert results and Path(results[0].path).name == RED_BALL.file
    qtbot.waitUntil(lambda: window.preview.current_path() == results[0].path, timeout=SESSION_TIMEOUT_MS)

    empty = tmp_path / "other"  # File › Open: another library, with no video
    with qtbot.waitSignal(session.ready, timeout=SESSION_TIMEOUT_MS):
        session.open(str(empty))
    wait_idle(qtbot, session)
    qtbot.waitUntil(lambda: window.results_model.request is not None, timeout=SESSION_TIMEOUT_MS)
    qtbot.wait(300)  # (anything still coming for the old results)
    assert window.results_model.rowCount() == 0, [r.path for r in window.results_model.results()]
    assert window.results_view.current_result() is None
    assert window.preview.current_path() is None
    assert window.captions_panel.title() == "Captions"
    assert not [t for level, t in window.message_log if level == "error"], window.message_log
    assert window.search_panel.field.text() == RED_BALL.query  # what was typed stays, and is searched

    # back to the first library (a copy: its own paths): the query is answered there again
    again = Path(shutil.copytree(demo_library, tmp_path / "again"))
    with qtbot.waitSignal(session.ready, timeout=SESSION_TIMEOUT_MS):
        session.open(str(again))
    qtbot.waitUntil(lambda: window.results_model.rowCount() > 0, timeout=SESSION_TIMEOUT_MS)
    top = window.results_model.result(0)
    assert Path(top.path).name == RED_BALL.file and window.results_model.request.query == RED_BALL.query
    assert not [t for level, t in window.message_log if level == "error"], window.message_log
