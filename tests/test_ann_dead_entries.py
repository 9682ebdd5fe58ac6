"""Rows written again after the ANN index was built leave their old entries in it until a rebuild
(deleted rows: LanceDB issues #1610/#5825). A search must never return them: no hit of a moment
written again since (its old epoch, or scored by its old vector), no moment twice, and k hits
while k visible moments exist, even when the query aims at the old vectors, where those entries
lie. ``benchmarks/ann_growth.py --replace 0.45 --aim-replaced --then-rebuild`` measures the same at
scale."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import numpy as np
import pytest

from core.library import SearchPolicy, VideoLibrary
from core.library import schema as S
from core.library.vector_search import VECTOR_INDEX
from tests.test_ann_growth import DIM, PER, clustered, commit, vid

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "benchmarks"))
bench = pytest.importorskip("ann_growth")


def test_searches_beside_dead_entries_return_only_current_moments(tmp_path):
    rng = np.random.default_rng(51)
    centres = rng.normal(size=(10, DIM))
    policy = SearchPolicy(ann_threshold=1000, optimize_every_commits=10**6, optimize_every_rows=10**9)
    with VideoLibrary(tmp_path / "lib", policy=policy) as lib:
        lib.bind_model("dead-entries-001", "/m", DIM)
        old = {i: clustered(rng, centres, PER) for i in range(5)}
        for i, v in old.items():
            commit(lib, i, v)
        lib.maintenance.optimize()
        new = {i: clustered(rng, centres, PER) for i in (0, 1)}
        for i, v in new.items():  # two of five written again: under half, so a delta, not a rebuild
            commit(lib, i, v)
        assert lib.maintenance.optimize()["index"] == "updated"
        stats = lib.conn.table(S.MOMENTS).index_stats(VECTOR_INDEX)
        assert stats.num_indices == 2 and stats.num_unindexed_rows == 0
        assert lib.moment_search.has_ann_index() and lib.video_table.state().visible_moments >= policy.ann_threshold
        current = {(vid(i), j): (2 if i in new else 1, (new.get(i, old[i]))[j]) for i in old for j in range(PER)}
        for i in (0, 1):  # aimed where the dead entries lie, and at the moments that replaced them
            for j in (0, 17, PER - 1):
                for q, exclude in ((old[i][j], None), (new[i][j], None), (old[i][j], [vid(2)])):
                    hits = lib.moment_search.search(q, 10, exclude_video_ids=exclude)
                    assert len(hits) == 10 and len({h.moment_id for h in hits}) == 10
                    for h in hits:
                        epoch, vec = current[(h.video_id, h.index)]
                        assert h.moment_id == f"{h.video_id}:{epoch}:{h.index}"
                        assert abs(float(vec @ q) - h.score) < 1e-3
                top = lib.moment_search.search(new[i][j], 1)[0]
                assert top.moment_id == f"{vid(i)}:2:{j}"


def test_the_benchmark_checks_every_hit_and_compares_a_rebuild(tmp_path):
    args = argparse.Namespace(size="1200", grow=0.01, replace=0.45, as_run=False, per_commit=1, dim=16, queries=8,
                              per_video=100, centres=10, spread=0.5, rows_per_partition=None, tmp=str(tmp_path),
                              tag="", aim_replaced=True, then_rebuild=True)
    row = bench.run(args)
    assert row["replaced"] == 500 and row["refresh_action"] == "updated" and row["index_builds_during"] == 0
    for when in ("before", "after", "rebuilt"):
        assert (row[f"short_{when}"], row[f"dup_{when}"], row[f"stale_{when}"]) == (0, 0, 0), when
        assert row[f"recall@10_{when}"] >= 0.9
    assert row["rebuild_s"] >= 0
