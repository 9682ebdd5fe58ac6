"""Every way a writing session ends applies the run's rule to the ANN index: rebuilt when it covers
under ``1 / rebuild_growth`` of the rows (most were written again since it was built), a delta over
the new rows otherwise, nothing when little changed. A writer closing (``seekframe repair``'s
settle, the app's window) or letting go of its lock (the app between jobs) used to give a collapsed
index a delta over most of the table, keeping the gone rows' entries beside it until some later
run rebuilt it."""

from __future__ import annotations

import numpy as np

from core.library import SearchPolicy, VideoLibrary
from core.library import schema as S
from core.library.vector_search import VECTOR_INDEX
from tests.test_ann_growth import DIM, PER, clustered, commit, index_builds, vid  # noqa: F401 (a fixture)


def _policy() -> SearchPolicy:
    return SearchPolicy(ann_threshold=1000, optimize_every_commits=10**6, optimize_every_rows=10**9)


def _library(root, rng, centres, n_videos: int = 4) -> None:
    """A library of ``n_videos`` whose ANN index covers every row."""
    with VideoLibrary(root, policy=_policy()) as lib:
        lib.bind_model("session-end-0001", "/m", DIM)
        for i in range(n_videos):
            commit(lib, i, clustered(rng, centres, PER))
        assert lib.maintenance.optimize()["index"] == "created"


def _ann(root) -> tuple[int, int, int]:
    """(rows the ANN index covers, rows beside it, its parts: 1 + its deltas), read afresh."""
    with VideoLibrary(root, policy=_policy(), read_only=True) as lib:
        s = lib.conn.table(S.MOMENTS).index_stats(VECTOR_INDEX)
        return int(s.num_indexed_rows), int(s.num_unindexed_rows), int(s.num_indices)


def test_close_rebuilds_an_index_most_of_whose_rows_were_written_again(tmp_path, index_builds):
    rng = np.random.default_rng(41)
    centres = rng.normal(size=(10, DIM))
    root = tmp_path / "lib"
    _library(root, rng, centres)
    again = {}
    with VideoLibrary(root, policy=_policy()) as lib:  # every video written again, no run's optimize
        for i in range(4):
            commit(lib, i, again.setdefault(i, clustered(rng, centres, PER)))
        assert lib.maintenance.optimize_needed()
    assert len(index_builds) == 2, "the close gave the collapsed index a delta instead of a rebuild"
    assert _ann(root) == (4 * PER, 0, 1)
    with VideoLibrary(root, policy=_policy(), read_only=True) as lib:
        for i in (0, 3):
            assert lib.moment_search.search(again[i][7], 1)[0].moment_id == f"{vid(i)}:2:7"


def test_letting_go_of_the_lock_rebuilds_a_collapsed_index(tmp_path, index_builds):
    rng = np.random.default_rng(42)
    centres = rng.normal(size=(10, DIM))
    root = tmp_path / "lib"
    _library(root, rng, centres)
    with VideoLibrary(root, policy=_policy()) as lib:
        with lib.write_lease():  # the app's job: three of four videos written again
            for i in range(3):
                commit(lib, i, clustered(rng, centres, PER))
        assert lib.release_writer()
        assert len(index_builds) == 2
        assert _ann(root) == (4 * PER, 0, 1)


def test_close_after_a_few_rows_gives_a_delta_or_nothing(tmp_path, index_builds):
    rng = np.random.default_rng(43)
    centres = rng.normal(size=(10, DIM))
    root = tmp_path / "lib"
    policy = _policy()
    policy.max_unindexed_rows = PER + 1
    _library(root, rng, centres)
    with VideoLibrary(root, policy=policy) as lib:  # one video of five beside the index: little changed
        commit(lib, 4, clustered(rng, centres, PER))
        assert not lib.maintenance.optimize_needed()
    assert _ann(root) == (4 * PER, PER, 1)
    with VideoLibrary(root, policy=policy) as lib:  # another one: more than max_unindexed_rows wait
        commit(lib, 5, clustered(rng, centres, PER))
        assert lib.maintenance.optimize_needed()
    assert len(index_builds) == 1  # under half new: a delta, never a rebuild
    assert _ann(root) == (6 * PER, 0, 2)


def test_a_reindex_run_leaves_an_index_over_every_new_row_however_it_ends(tmp_path, colour_model):
    """``--reindex`` (``--model``): the switch re-creates the moments table, so the run's index is
    built over its own rows (during the run or at its end), never a delta beside a dead one."""
    from core import service
    from core.encoders import Encoder
    from tests.videos import make_library_folder

    encoder = Encoder.load(colour_model)
    videos = str(make_library_folder(tmp_path / "videos"))
    policy = SearchPolicy(ann_threshold=4)
    root = tmp_path / "lib"
    with VideoLibrary(root, policy=policy) as lib:
        list(service.IndexRun(lib, encoder, [videos]).events())
        service.optimize_if_needed(lib)
    for end in ("cli", "app"):
        with VideoLibrary(root, policy=policy) as lib:
            list(service.IndexRun(lib, encoder, [videos], reindex=True).events())
            if end == "cli":
                service.optimize_if_needed(lib)  # `seekframe index --reindex`'s end
            else:
                assert lib.release_writer()  # the app's switch job done: the lock let go
            n = lib.conn.table(S.MOMENTS).count_rows()
        assert n >= 8 and _ann(root) == (n, 0, 1), end


def test_the_benchmark_refreshes_as_a_close(tmp_path):
    """``benchmarks/ann_growth.py --as-close``: 70 % of the videos written again, then a close."""
    import argparse
    import sys
    from pathlib import Path

    sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "benchmarks"))
    import ann_growth

    args = argparse.Namespace(size="1200", grow=0.01, replace=0.7, as_run=False, as_close=True, per_commit=1,
                              dim=16, queries=8, per_video=100, centres=10, spread=0.5, rows_per_partition=None,
                              tmp=str(tmp_path), tag="")
    row = ann_growth.run(args)
    assert row["as_close"] and row["replaced"] == 800
    assert row["refresh_action"] == "rebuilt" and row["index_builds_during"] == 1 and row["index_parts_after"] == 1
    assert row["index_coverage_after"] == 1.0 and row["recall@10_after"] >= 0.9
