"""The window on a library another process is indexing for the first time (a `seekframe index` in a
terminal, before its first commit: a run lists the videos it found only as its first pass commits
each, so none is done or waiting yet). Before, a search said 'The library holds no indexed video
yet: its folders hold none it could read; add a folder…' (or, with no folder listed yet, 'Your
library is empty: add a folder…'), though videos were on their way. Now it says, as `seekframe
search` does (09bc640), that another seekframe is indexing the library and its videos become
searchable as each is done; and once that process is done, the reasons are as before."""

from __future__ import annotations

from dataclasses import replace

from app.empty_results import EMPTY_LIBRARY, NOTHING_YET_ELSEWHERE, empty_library_text, nothing_found_text
from app.requests import SearchRequest, SessionStatus
from core.cli_status import NOTHING_YET_BUSY
from core.library import VideoLibrary
from tests.app.conftest import SESSION_TIMEOUT_MS, type_query


def test_a_search_while_another_process_indexes_the_library_first_says_so(qtbot, make_app_window, tmp_path):
    videos, lib = tmp_path / "videos", tmp_path / "lib"
    videos.mkdir()
    with VideoLibrary(lib) as library:  # made by the run, its folder listed
        library.update_settings(folders=[str(videos)])
    with VideoLibrary(lib):  # the run under way, before its first commit: it holds the writer lock
        window = make_app_window(lib)
        qtbot.waitUntil(lambda: window.session.status.opened and window.session.read_only, timeout=SESSION_TIMEOUT_MS)
        assert type_query(qtbot, window, "a red ball") == []
        qtbot.waitUntil(lambda: window.results_view.empty_text == NOTHING_YET_ELSEWHERE, timeout=SESSION_TIMEOUT_MS)
        assert "another seekframe is indexing this library now" in window.results_view.empty_text
        assert NOTHING_YET_BUSY.startswith(NOTHING_YET_ELSEWHERE)  # (the command line's words)
    window.session.refresh_status()  # the run done (here: with nothing found): as before
    qtbot.waitUntil(lambda: not window.session.status.written_elsewhere, timeout=SESSION_TIMEOUT_MS)
    qtbot.waitUntil(lambda: "its folders hold none it could read" in window.results_view.empty_text,
                    timeout=SESSION_TIMEOUT_MS)


def test_the_empty_librarys_word_follows_another_process_writing_it():
    """The grid's text before any search: an empty library's 'add a folder' gives way to the run
    another process has under way, and comes back if it ends with none; videos found: no word."""
    empty = SessionStatus(opened=True)
    assert empty_library_text(empty) == EMPTY_LIBRARY
    busy = replace(empty, written_elsewhere=True)
    assert empty_library_text(busy) == NOTHING_YET_ELSEWHERE
    assert empty_library_text(replace(busy, folders=("/v",), pending=3)) == NOTHING_YET_ELSEWHERE
    assert empty_library_text(replace(busy, videos=2)) == ""
    text = nothing_found_text(SearchRequest(query="dog"), [], replace(busy, folders=("/v",)), "hint")
    assert text == NOTHING_YET_ELSEWHERE
    assert nothing_found_text(SearchRequest(query="dog"), [], replace(empty, folders=("/v",)), "hint") != text
