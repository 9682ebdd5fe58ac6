"""After a re-scan that removed a video no longer there, the status bar said "Found 6 videos: 6
unchanged, 1 removed (no longer there)." while the index strip said "Nothing new to index: 6 videos
up to date", as if nothing had changed. The strip now says the removal (and a move) too."""

from __future__ import annotations

import pytest

from app.index_panel import IndexPanel
from app.run_words import found_text
from core.indexer import IndexEvent


@pytest.fixture
def panel(show_view):
    return show_view(IndexPanel(), (600, 300))


def _run(panel, summary) -> str:
    panel.start()
    panel.on_event(IndexEvent("scanned", files_total=summary.get("to_index", 0), summary=summary))
    panel.on_event(IndexEvent("finished", 0, summary.get("to_index", 0), 0, summary=summary))
    return panel.summary_text()


def test_a_re_scan_that_removed_a_gone_video_says_so_in_the_strip(panel):
    s = {"found": 6, "unchanged": 6, "deleted": 1, "to_index": 0, "offline_roots": []}
    text = _run(panel, s)
    assert text.startswith("Nothing new to index: 6 videos up to date")
    assert "1 video removed (no longer there)" in text
    assert "1 removed (no longer there)" in found_text(s)  # (the status bar's words agree)


def test_moves_and_removals_are_counted(panel):
    s = {"found": 9, "unchanged": 6, "moved": 3, "deleted": 2, "to_index": 0, "offline_roots": []}
    text = _run(panel, s)
    assert "3 videos moved (kept with their moments and notes)" in text and "2 videos removed (no longer there)" in text


def test_the_strip_and_the_status_bar_say_alike_what_a_move_keeps(panel):
    """The strip said "1 video moved (kept with its moments)" right above the status bar's "1 moved (kept with
    its moments and notes)" (a re-scan of the folder a video was moved to, s52): as if its notes were lost."""
    s = {"found": 3, "unchanged": 2, "moved": 1, "to_index": 0, "offline_roots": []}
    kept = "moved (kept with its moments and notes)"
    assert f"1 video {kept}" in _run(panel, s) and f"1 {kept}" in found_text(s)


def test_a_re_scan_that_removed_nothing_says_nothing_of_it(panel):
    text = _run(panel, {"found": 6, "unchanged": 6, "to_index": 0, "offline_roots": []})
    assert text == "Nothing new to index: 6 videos up to date"
