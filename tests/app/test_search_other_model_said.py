"""The window open on a library that a terminal re-indexed with another model (`seekframe index
--reindex --model …`, the s54 audit of two Seekframes on one library): the notice said the model in
hand cannot search it, and every search's grid said "Nothing found. Try other words, or fewer
filters.", sending the user after other words. The grid now says why nothing can be found. The
terminal's command runs here in the test's own process (``core.cli.main``, its own SEEKFRAME_HOME),
not another: the library's lock is taken on a file of its own (``core.library.lock``, an ``flock``),
so the command still needs the window to have let go of it, as another process would."""

from __future__ import annotations

import pytest

from app.empty_results import NOTHING_FOUND
from core.cli import main
from tests.app.conftest import SESSION_TIMEOUT_MS, type_query, wait_idle


@pytest.mark.slow
def test_a_search_the_model_cannot_make_says_why(qtbot, make_app_window, demo_library, tiny_model_dir, tmp_path):
    window = make_app_window(demo_library)
    session = window.session
    assert type_query(qtbot, window, "a red ball")  # (the demo model finds it)
    wait_idle(qtbot, session)
    qtbot.waitUntil(lambda: session.library.read_only, timeout=SESSION_TIMEOUT_MS)  # (idle: the lock let go)
    with pytest.MonkeyPatch.context() as terminal:  # (a terminal's command, run here: no interpreter started
        terminal.setenv("SEEKFRAME_HOME", str(tmp_path / "home"))  # and no torch imported again for it)
        assert main(["--library", str(demo_library), "--model", str(tiny_model_dir), "index", "--reindex", "-q"]) == 0
    session.refresh_status()
    qtbot.waitUntil(lambda: session.searcher is None and bool(session.why_no_search()), timeout=SESSION_TIMEOUT_MS)
    assert type_query(qtbot, window, "a blue square") == []
    said = window.results_view.empty_text
    assert said != NOTHING_FOUND and "cannot search it" in said and said == session.why_no_search(), said
