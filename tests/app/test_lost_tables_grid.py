"""A library whose db folder (its tables) was deleted while library.json stayed, opened by the window:
the open's banner says the tables were missing (ee3adec, bdaa792), but a search's empty grid still
read 'The library holds no indexed video yet: its folders hold none it could read', as if its
folders held no video. Now the grid says what the banner says: the tables are missing, and the ways
out (a re-scan indexes the folders again, or the folder restored from a backup)."""

from __future__ import annotations

import shutil
from dataclasses import replace

from app.requests import SearchRequest, SessionStatus
from tests.app.conftest import type_query, wait_idle


def test_a_search_in_a_library_whose_tables_were_lost_says_so(qtbot, make_app_window, noted_library):
    _videos, lib = noted_library
    shutil.rmtree(lib / "db")
    window = make_app_window(lib)
    wait_idle(qtbot, window.session)
    assert type_query(qtbot, window, "a red wall") == []
    text = window.results_view.empty_text
    assert text.startswith("The library's tables are missing") and "none it could read" not in text, text
    assert "File › Re-scan" in text and "backup" in text and "seekframe" not in text, text


def test_the_words_give_way_once_indexed_again_and_a_library_with_its_tables_is_as_before():
    from app.empty_results import TABLES_LOST, nothing_found_text

    lost = SessionStatus(opened=True, folders=("/v",), tables_lost=True)
    ask = SearchRequest(query="dog")
    assert nothing_found_text(ask, [], lost, "hint") == TABLES_LOST
    assert nothing_found_text(ask, [], replace(lost, indexing=True), "hint") != TABLES_LOST  # (being indexed)
    assert nothing_found_text(ask, [], replace(lost, videos=2), "hint") != TABLES_LOST  # (indexed again)
    kept = nothing_found_text(ask, [], replace(lost, tables_lost=False), "hint")
    assert kept.startswith("The library holds no indexed video yet: its folders hold none it could read"), kept
