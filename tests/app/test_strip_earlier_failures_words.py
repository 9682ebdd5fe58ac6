"""After a re-scan that indexed a new video and did not try a file an earlier run could not read (still
listed), the index strip said "Indexed 1 video file (1 moment); 1 could not be read" where the status bar
said "Indexed 1 of 1 video file (1 moment)." and the bar "Finished; from earlier runs: 1 failed": the strip
counted the earlier run's failure as this run's, the status bar's count left it out, and its warning then
said "1 file could not be indexed" as if this run had failed it. Now the strip and the status bar's
warning name earlier runs' failures apart, as the bar does ("; from earlier runs: 1 could not be read",
"From earlier runs, 1 file could not be indexed"); a run's own failures are said as before. The window's whole story over real runs:
tests/app/test_index_strip_earlier_failures_bar.py."""

from __future__ import annotations

from app.index_panel import finished_text


def test_finished_text_says_earlier_runs_failures_apart():
    assert finished_text(1, 1, 0, {"to_index": 1}, earlier=1) == (
        "Indexed 1 video file (1 moment); from earlier runs: 1 could not be read")
    assert finished_text(3, 9, 1, {"to_index": 4}, earlier=2) == (
        "Indexed 3 video files (9 moments); 1 could not be read (and 2 from earlier runs)")
    assert finished_text(3, 9, 0, {"to_index": 3}, 1, earlier=2) == (
        "Indexed 3 video files (9 moments); from earlier runs: 2 files could not be read; 1 folder could not be read")
    assert finished_text(12, 310, 3) == "Indexed 12 video files (310 moments); 3 could not be read"  # (as before)


def test_the_status_bar_warning_names_how_many_of_its_files_earlier_runs_failed():
    from types import SimpleNamespace

    from app.run_words import run_messages
    from core.progress import Tally

    why = "cannot read the file (Permission denied)"
    ev = SimpleNamespace(kind="finished", failed=[("/v/a.mp4", why), ("/v/b.mp4", why), ("/v/c.mp4", why)],
                         summary={"failed_earlier": ["/v/b.mp4", "/v/c.mp4"]}, files_total=1, moments=0, skipped=())
    said = [t for level, t in run_messages(ev, Tally()) if "could not be indexed" in t]
    assert len(said) == 1 and said[0].startswith("3 files could not be indexed (") and (
        "), 2 of them in earlier runs. " in said[0]), said
    ev.summary = {}  # (all this run's: said as before)
    said = [t for level, t in run_messages(ev, Tally()) if "could not be indexed" in t]
    assert "earlier" not in said[0], said
