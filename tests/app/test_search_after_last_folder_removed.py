"""A search after the library's last folder was removed said "Nothing found. Try other words, or
fewer filters.", though the library held no video at all. The grid now says the library is empty
and how to add a folder; a library with videos still says to try other words."""

from __future__ import annotations

from app.empty_results import EMPTY_LIBRARY, NOTHING_FOUND
from tests.app.conftest import SESSION_TIMEOUT_MS, type_query, wait_idle


def test_a_search_of_an_emptied_library_says_it_holds_no_videos(qtbot, make_app_window, demo_library, demo_clips):
    window = make_app_window(demo_library)
    session = window.session
    assert type_query(qtbot, window, "zzqx unlikely words") is not None
    session.remove_folder(str(demo_clips))
    qtbot.waitUntil(lambda: not session.status.folders and session.status.videos == 0, timeout=SESSION_TIMEOUT_MS)
    wait_idle(qtbot, session)
    assert type_query(qtbot, window, "a red ball") == []
    qtbot.waitUntil(lambda: window.results_view.empty_text == EMPTY_LIBRARY, timeout=SESSION_TIMEOUT_MS)
    assert "File › Add folder…" in window.results_view.empty_text


def test_the_reason_follows_a_status_that_comes_after_the_answer(qtbot, make_app_window, demo_library):
    """An answer of nothing from a library with videos says to try other words; a status read
    afterwards that finds no video indexed changes the reason (the answer may come first)."""
    from dataclasses import replace

    window = make_app_window(demo_library)
    type_query(qtbot, window, "zzqx")
    window._show_results(window.session.last_request, [])
    assert window.results_view.empty_text == NOTHING_FOUND
    window._show_status(replace(window.session.status, videos=0, pending=3))  # (re-indexing all, say)
    assert window.results_view.empty_text == ("The library holds no indexed video yet: 3 videos wait to be "
                                               "indexed (File › Re-scan).")
    window._show_status(replace(window.session.status, videos=0, folders=(), pending=0))
    assert window.results_view.empty_text == EMPTY_LIBRARY
