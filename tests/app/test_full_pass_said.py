"""A two-pass run (8 files or more) showed 'Quick pass: 8 of 10 files' in the index strip, then
'Full pass: 0 of 10 files · 0 moments', the counts back at 0 with no word that the videos were
searchable already; `seekframe index` says 'Full pass: 10 files (searchable already; their moments
are replaced as each finishes).' The window says it too now, in the CLI's words, once, as the full
pass starts (a quick pass that left no file to it says nothing)."""

from __future__ import annotations

from types import SimpleNamespace

from app.run_events import RunEvents
from core.indexer import IndexEvent
from core.progress import full_pass_text

SUMMARY = {"found": 10, "to_index": 10, "unchanged": 0, "moved": 0, "deleted": 0, "two_pass": True}


def _run(events) -> list[tuple[str, str]]:
    said, heard = [], []
    running = SimpleNamespace(job=SimpleNamespace(roots=["/v"]), silent=False)
    run = RunEvents(running, None, SimpleNamespace(index_event=SimpleNamespace(emit=heard.append)),
                    SimpleNamespace(emit=lambda level, text: said.append((level, text))),
                    SimpleNamespace(emit=lambda: None))
    for ev in events:
        run(ev)
    assert heard == list(events)[: len(heard)] and len(heard) == len(events)  # (each passed on to the session)
    return said


def _quick_pass(n: int) -> list[IndexEvent]:
    evs = [IndexEvent("scanned", files_total=n, summary=SUMMARY, phase="quick")]
    for i in range(n):
        evs.append(IndexEvent("file_done", i + 1, n, 4 * (i + 1), current=f"/v/c{i}.mp4", summary=SUMMARY,
                              phase="quick"))
    return evs


def test_the_full_pass_is_said_searchable_already_as_the_cli_says_it():
    said = _run([*_quick_pass(10), IndexEvent("pass_started", 0, 10, 0, summary=SUMMARY, phase="full")])
    assert said == [("info", "Full pass: 10 files (searchable already; their moments are replaced as each "
                             "finishes).")]
    assert full_pass_text(1) == "Full pass: 1 file (searchable already; their moments are replaced as each finishes)."


def test_a_full_pass_with_no_file_left_says_nothing():
    said = _run([*_quick_pass(2), IndexEvent("pass_started", 0, 0, 0, summary=SUMMARY, phase="full")])
    assert said == []
