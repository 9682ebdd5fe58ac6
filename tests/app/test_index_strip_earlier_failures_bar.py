"""The index strip's bar said "Finished: 1 failed" after a run that failed nothing, for a file an earlier
run failed that this one did not try (still listed), where `seekframe index` calls the same run a success
(exit 0): it read as this run's failure (s58 rv_4 #8). Such a run's bar now says "Finished; from earlier
runs: 1 failed" (the warning's colour kept: the file is still not indexed); a run that failed a file itself
says "Finished: 1 failed" as before."""

from __future__ import annotations

from app.index_panel import IndexPanel
from tests.app.test_index_panel_retried_failure import _runs
from tests.app.test_index_strip_failures_bar import _look


def test_a_run_that_failed_nothing_itself_says_the_failures_are_earlier_runs(show_view, tmp_path):
    from core.indexer import MomentIndexer
    from core.library import VideoLibrary
    from tests.fakes import ColourMeanEncoder

    tried = _runs(tmp_path)  # (broken.mp4 tried again, failing again: that run's own failure)
    with VideoLibrary(tmp_path / "lib") as lib:  # a plain re-scan: broken.mp4 not tried, still listed
        plain = list(MomentIndexer(lib, ColourMeanEncoder()).run([str(tmp_path / "videos")]))
    assert [p for p, _ in plain[-1].failed] == [str(tmp_path / "videos" / "broken.mp4")]
    panel = show_view(IndexPanel())
    for events, said in ((plain, "Finished; from earlier runs: 1 failed"), (tried, "Finished: 1 failed")):
        panel.start()
        for ev in events:
            panel.on_event(ev)
        assert _look(panel)[1:3] == (said, said)
