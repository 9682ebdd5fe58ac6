"""A stopped run's 'still to index' count over rows an older version wrote: before failures had a
time (33abafa), a failed row kept the ``indexed_at`` it had (0 for a new file), so the files such a
run failed are counted reached by how many more failed rows there are than at the plan, as that
version counted them; a row failed with a time since the plan is counted by its time."""

from __future__ import annotations

from core import stopped_runs
from core.library.meta import LibrarySettings
from tests.test_status_stopped_index import Row


def _settings():
    settings = LibrarySettings(folders=["/v/D"])
    return settings.updated(**stopped_runs.planned_values(
        settings, ["/v/D"], [Row(f"/v/D/{i}.mp4") for i in range(4)] + [Row("/v/D/old.mp4")], [Row("/v/D/old.mp4", "failed")], now=100.0))


def test_failures_an_older_version_wrote_are_files_reached():
    rows = [Row("/v/D/0.mp4", indexed_at=101), Row("/v/D/old.mp4", "failed"),  # failed before the plan (retried)
            Row("/v/D/1.mp4", "failed"), Row("/v/D/2.mp4", "failed", indexed_at=50)]  # failed by that run, no time
    (run,) = stopped_runs.stopped(_settings(), rows)
    assert (run.planned, run.left) == (5, 5 - 3)


def test_failures_with_a_time_are_not_counted_twice():
    rows = [Row("/v/D/old.mp4", "failed", indexed_at=40), Row("/v/D/1.mp4", "failed", indexed_at=101)]
    assert stopped_runs.stopped(_settings(), rows)[0].left == 4
    # the file failed at the plan tried again and indexed: no failed row is left without a time
    rows = [Row("/v/D/old.mp4", indexed_at=102), Row("/v/D/1.mp4", "failed", indexed_at=101)]
    assert stopped_runs.stopped(_settings(), rows)[0].left == 3
