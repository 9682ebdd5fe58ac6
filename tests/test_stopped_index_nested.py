"""A run of a folder inside the root of an index that stopped before it finished, itself stopped,
was recorded beside that run: the files of the inner folder the first run had not reached were
counted by both records, so `seekframe status` said "An index of D stopped (20 files were still
to index)" and "An index of D/sub stopped (10 files ...)", and the window's library panel "30 still
to index" beside D, with 20 files not indexed. Now the inner run is counted in the outer record."""

from __future__ import annotations

from core import stopped_runs
from core.library.meta import LibrarySettings
from tests.test_status_stopped_index import Row


def _plan(settings, roots, jobs, rows, now):
    return settings.updated(**stopped_runs.planned_values(settings, roots, [Row(p) for p in jobs], rows, now=now))


def test_a_stopped_run_inside_a_stopped_run_s_root_counts_its_files_once():
    outside, inside = [f"/v/D/{i}.mp4" for i in range(10)], [f"/v/D/sub/{i}.mp4" for i in range(10)]
    settings = _plan(LibrarySettings(folders=["/v/D"]), ["/v/D"], outside + inside, [], 100.0)
    rows = [Row(outside[0], indexed_at=101), Row(outside[1], "failed", indexed_at=101)]  # the first run reached 2
    settings = _plan(settings, ["/v/D/sub"], inside, rows, 200.0)  # then one of D/sub, stopped at once
    runs = stopped_runs.stopped(settings, rows)
    assert sum(r.left for r in runs) == 18, runs
    assert stopped_runs.per_folder(runs, ["/v/D"]) == {"/v/D": 18}
    rows += [Row(p, indexed_at=201) for p in inside[:4]]  # D/sub's run reached 4 before it stopped
    assert stopped_runs.per_folder(stopped_runs.stopped(settings, rows), ["/v/D"]) == {"/v/D": 14}
    # D/sub's run finished after all: D's files outside it are still to index
    rows = rows[:2] + [Row(p, indexed_at=201) for p in inside]
    settings = settings.updated(**(stopped_runs.finished_values(settings, ["/v/D/sub"]) or {}))
    assert stopped_runs.per_folder(stopped_runs.stopped(settings, rows), ["/v/D"]) == {"/v/D": 8}


def test_new_files_of_the_inner_folder_are_counted_when_they_are_more():
    settings = _plan(LibrarySettings(folders=["/v/D"]), ["/v/D"], ["/v/D/a.mp4", "/v/D/sub/b.mp4"], [], 100.0)
    rows = [Row("/v/D/a.mp4", indexed_at=101), Row("/v/D/sub/b.mp4", indexed_at=101)]  # all reached: 0 left
    settings = _plan(settings, ["/v/D/sub"], [f"/v/D/sub/new{i}.mp4" for i in range(3)], rows, 200.0)
    assert stopped_runs.per_folder(stopped_runs.stopped(settings, rows), ["/v/D"]) == {"/v/D": 3}


def test_a_record_of_a_folder_forgotten_since_takes_in_no_run_inside_it():
    """D's run stopped, D forgotten (its record kept, said by nothing), D/sub added as a folder of
    its own and its run stopped: that run is said, not counted in D's record (which is not said)."""
    settings = _plan(LibrarySettings(folders=["/v/D"]), ["/v/D"], ["/v/D/a.mp4", "/v/D/sub/b.mp4"], [], 100.0)
    settings = settings.updated(folders=["/v/D/sub"])
    settings = _plan(settings, ["/v/D/sub"], [f"/v/D/sub/{i}.mp4" for i in range(3)], [], 200.0)
    runs = stopped_runs.stopped(settings, [])
    assert stopped_runs.per_folder(runs, ["/v/D/sub"]) == {"/v/D/sub": 3}, runs
