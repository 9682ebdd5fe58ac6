"""A run the user cancelled once its plan was recorded said 'Indexing cancelled. Indexed videos are
kept; Re-scan finishes the rest.' while the library panel then offered Finish indexing for the files
it left ('… was cancelled before it finished (N files were still to index); Finish indexing indexes
the rest.'): one action, two names. It names Finish indexing now; a run cancelled before its plan
(its scan cut short: no record, no Finish indexing) still names Re-scan."""

from __future__ import annotations

from types import SimpleNamespace

from app.run_words import run_messages
from core.progress import Tally


def test_a_cancel_after_the_plan_names_finish_indexing():
    ev = SimpleNamespace(kind="cancelled", failed=[], files_total=3, moments=0)
    assert run_messages(ev, Tally()) == [
        ("info", "Indexing cancelled. Indexed videos are kept; Finish indexing finishes the rest.")]


def test_a_cancel_before_the_plan_names_re_scan():
    ev = SimpleNamespace(kind="cancelled", failed=[], files_total=0, moments=0)
    assert run_messages(ev, Tally()) == [
        ("info", "Indexing cancelled. Indexed videos are kept; Re-scan finishes the rest.")]
