"""A run the user cancelled once its plan was recorded: the status bar said '… Finish indexing finishes
the rest.' (tests/app/test_cancel_names_finish.py) and the library panel offered Finish indexing, but
the index strip under the results still said 'Cancelled: indexed videos are kept, re-scan to finish':
one action, two names, side by side. The strip names what the status bar names: Finish indexing after
the plan, Re-scan for a run cancelled before it (its scan cut short: no record, no Finish indexing)."""

from __future__ import annotations

import pytest

from app.index_panel import IndexPanel
from app.run_words import run_messages
from core.indexer import IndexEvent
from core.progress import Tally


@pytest.fixture
def panel(show_view):
    return show_view(IndexPanel(), (600, 300))


def _said(ev) -> str:
    return " ".join(text for _level, text in run_messages(ev, Tally()))


def test_a_cancel_after_the_plan_names_finish_indexing_in_the_strip_as_in_the_status_bar(panel):
    s = {"found": 40, "to_index": 40, "offline_roots": []}
    panel.start()
    panel.on_event(IndexEvent("scanned", files_total=40, summary=s))
    panel.on_event(IndexEvent("file_done", 1, 40, 25, current="/v/a.mp4", summary=s))
    cancelled = IndexEvent("cancelled", 1, 40, 25, summary=s)
    panel.on_event(cancelled)
    assert "Finish indexing" in _said(cancelled)
    assert "Finish indexing" in panel.summary_text() and "re-scan" not in panel.summary_text().lower()


def test_a_cancel_before_the_plan_still_names_re_scan_in_both(panel):
    panel.start()
    cancelled = IndexEvent("cancelled", 0, 0, 0)
    panel.on_event(cancelled)
    assert "Re-scan" in _said(cancelled)
    assert "re-scan" in panel.summary_text().lower() and "Finish indexing" not in panel.summary_text()
