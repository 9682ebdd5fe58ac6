"""The "Clips like …" lines the clip controller keeps (app/wiring/clips.py ``_similar_labels``): one
for every "Find similar clips" ever asked, kept for the window's life, whatever library it named.
Now only the lines of the similar-clips search in the grid and of the one asked last are kept, and
none of a library once another opens; a re-index keeps only the one shown."""

from __future__ import annotations

import shutil

from app.wiring.clips import clip_place
from tests.app.conftest import SESSION_TIMEOUT_MS
from tests.app.test_integration_clips import wait_results
from tests.app.test_session_search import RED_BALL


def search_for(qtbot, window, text: str) -> None:
    """``text`` put in the search field at once (``set_query``, as an example query is): one search,
    where typing it key by key asked one a key (the grid to choose from is all this test needs)."""
    window.search_panel.set_query(text)
    qtbot.waitUntil(lambda: window.results_model.request is not None
                    and window.results_model.request.query == text and window.results_model.rowCount() >= 4,
                    timeout=SESSION_TIMEOUT_MS)


def ask_similar(qtbot, window, row: int):
    window.results_view.setCurrentIndex(window.results_model.index(row))
    chosen = window.results_view.current_result()
    window.wiring.clips.actions.find_similar_clips.trigger()
    qtbot.waitUntil(lambda: window.results_model.request is not None
                    and window.results_model.request.similar_to == chosen.moment_id, timeout=SESSION_TIMEOUT_MS)
    return chosen


def test_the_lines_of_similar_searches_before_are_let_go(qtbot, make_app_window, demo_library, tmp_path):
    other = tmp_path / "other"
    shutil.copytree(demo_library, other)
    window = make_app_window(demo_library)
    clips = window.wiring.clips
    asked = []
    for row in range(4):
        search_for(qtbot, window, RED_BALL.query)
        asked.append(ask_similar(qtbot, window, row))
    last = asked[-1]
    assert set(clips._similar_labels) == {last.moment_id}  # (before: the 4 asked)
    line = f"Clips like {clip_place(last)} in other videos"
    assert window.search_panel.context_label.full_text() == line

    window.session.library_changed.emit()  # a re-index: the line shown is kept, and said
    assert set(clips._similar_labels) == {last.moment_id}
    wait_results(qtbot, window, "similar")
    assert window.search_panel.context_label.full_text() == line

    with qtbot.waitSignal(window.session.ready, timeout=SESSION_TIMEOUT_MS):
        window.session.open(str(other))  # File › Open: another library's moments
    assert clips._similar_labels == {}
