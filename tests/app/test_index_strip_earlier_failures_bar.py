"""The index strip's bar said "Finished: 1 failed" after a run that failed nothing, for a file an earlier
run failed that this one did not try (still listed), where `seekframe index` calls the same run a success
(exit 0): it read as this run's failure (s58 rv_4 #8). Such a run's bar now says "Finished; from earlier
runs: 1 failed" (the warning's colour kept: the file is still not indexed); a run that failed a file itself
says "Finished: 1 failed" as before. The strip's line and the status bar's warning say such a failure as an
earlier run's too ("; from earlier runs: 1 could not be read"; "From earlier runs, 1 file could not be
indexed"), where they said it as this run's beside a status bar whose count left it out (s59 E)."""

from __future__ import annotations

from app.index_panel import IndexPanel
from tests.app.test_index_panel_retried_failure import _runs
from tests.app.test_index_strip_failures_bar import _look


def test_a_run_that_failed_nothing_itself_says_the_failures_are_earlier_runs(show_view, tmp_path):
    from app.run_words import run_messages
    from core.indexer import MomentIndexer
    from core.progress import Tally
    from core.library import VideoLibrary
    from tests.fakes import ColourMeanEncoder

    tried = _runs(tmp_path)  # (broken.mp4 tried again, failing again: that run's own failure)
    with VideoLibrary(tmp_path / "lib") as lib:  # a plain re-scan: broken.mp4 not tried, still listed
        plain = list(MomentIndexer(lib, ColourMeanEncoder()).run([str(tmp_path / "videos")]))
    assert [p for p, _ in plain[-1].failed] == [str(tmp_path / "videos" / "broken.mp4")]
    panel = show_view(IndexPanel())
    up_to_date = "Nothing new to index: 2 videos up to date"
    for events, said, strip, info, warning in (  # (the status bar says each run's end line: s59 X16)
            (plain, "Finished; from earlier runs: 1 failed", up_to_date + "; from earlier runs: 1 could not be read",
             [up_to_date + "."], "From earlier runs, 1 file could not be indexed (broken.mp4"),
            (tried, "Finished: 1 failed", "Indexed 0 of 1 video file (0 moments); 1 could not be read",
             ["Indexed 0 of 1 video file (0 moments): 1 failed."], "1 file could not be indexed (broken.mp4")):
        panel.start()
        tally = Tally()
        for ev in events:
            panel.on_event(ev)
            tally.add(ev)
        assert _look(panel)[1:3] == (said, said)
        # (the strip and the status bar's warning say the same story: s59 E; the parent said "; 1 could not be read"
        # and "1 file could not be indexed" of the earlier run's failure, where the status bar's count left it out)
        assert panel.summary_text() == strip, panel.summary_text()
        messages = run_messages(events[-1], tally)
        assert [t for level, t in messages if level == "info"] == info, messages
        assert messages[-1][0] == "warning" and messages[-1][1].startswith(warning), messages
