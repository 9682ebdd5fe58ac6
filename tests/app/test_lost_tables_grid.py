"""A library whose db folder (its tables) was deleted while library.json stayed, opened by the window:
the open's banner says the tables were missing (ee3adec, bdaa792), but a search's empty grid still
read 'The library holds no indexed video yet: its folders hold none it could read', as if its
folders held no video. Now the grid says what the banner says: the tables are missing, and the ways
out (a re-scan indexes the folders again, or the folder restored from a backup)."""

from __future__ import annotations

import shutil
from dataclasses import replace

import pytest
from PySide6.QtCore import Qt

from app.requests import SearchRequest, SessionStatus
from tests.app.conftest import SESSION_TIMEOUT_MS, type_query, wait_idle, wait_indexing


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


@pytest.mark.slow
def test_before_any_search_the_grid_says_so_too_not_the_example_query(qtbot, make_app_window, noted_library):
    """Before, with no search typed (or the query cleared), the grid showed the model's example query
    as in a library with all its tables, while only the banner spoke. Now it holds the same words as
    after a search; a re-scan that indexes the folders again gives the example query back."""
    from app.empty_results import TABLES_LOST

    _videos, lib = noted_library
    shutil.rmtree(lib / "db")
    window = make_app_window(lib)
    wait_idle(qtbot, window.session)
    view = window.results_view
    qtbot.waitUntil(lambda: window.session.status.tables_lost, timeout=SESSION_TIMEOUT_MS)
    qtbot.waitUntil(lambda: view.empty_text == TABLES_LOST, timeout=SESSION_TIMEOUT_MS)
    assert type_query(qtbot, window, "a red wall") == [] and view.empty_text == TABLES_LOST
    qtbot.keyClick(window.search_panel.field, Qt.Key.Key_Escape)  # (the query cleared: as before any search)
    qtbot.waitUntil(lambda: window.results_model.request.is_blank, timeout=SESSION_TIMEOUT_MS)
    assert view.empty_text == TABLES_LOST
    wait_indexing(qtbot, window.session, window.session.rescan)
    qtbot.waitUntil(lambda: window.session.status.videos == 2, timeout=SESSION_TIMEOUT_MS)
    qtbot.waitUntil(lambda: view.empty_text == window.follow._hint, timeout=SESSION_TIMEOUT_MS)
    assert "tables are missing" not in view.empty_text


def test_the_grid_before_a_search_says_the_same_words():
    from app.empty_results import TABLES_LOST, empty_library_text, nothing_found_text

    lost = SessionStatus(opened=True, folders=("/v",), tables_lost=True)
    assert empty_library_text(lost) == TABLES_LOST
    assert nothing_found_text(SearchRequest(query=""), [], lost, "hint") == TABLES_LOST  # (a query cleared)
    assert empty_library_text(replace(lost, indexing=True)) == ""  # (being indexed: the window's own words)
    assert empty_library_text(replace(lost, videos=2)) == ""  # (indexed again: the example query)
    assert empty_library_text(replace(lost, tables_lost=False)) == ""
    assert nothing_found_text(SearchRequest(query=""), [], replace(lost, videos=2), "hint") == "hint"
