"""A library above the ANN threshold that grows a little: new moments are searchable at once (searched
exactly beside the index), recall stays high, and the index is updated, never rebuilt from scratch,
until the table grew by ``rebuild_growth`` (issue 12, point 7)."""

from __future__ import annotations

import numpy as np
import pytest

from core.library import MomentRecord, SearchPolicy, VideoLibrary, VideoRecord
from core.library import schema as S

DIM, PER = 32, 400


def vid(i: int) -> str:
    return f"{i:016x}"


def video(i: int) -> VideoRecord:
    return VideoRecord(video_id=vid(i), path=f"/media/v{i}.mp4", root="/media", size=100 + i,
                       mtime=1000.0 + i, content_hash=f"h{i}")


def clustered(rng, centres, n):
    v = centres[rng.integers(0, len(centres), n)] + 0.35 * rng.normal(size=(n, DIM))
    return (v / np.linalg.norm(v, axis=1, keepdims=True)).astype(np.float32)


def commit(lib, i, vecs):
    lib.moment_table.commit([(video(i), [MomentRecord(vid(i), 0, j, j, j + 1, j, v) for j, v in enumerate(vecs)])])


@pytest.fixture
def index_builds(monkeypatch):
    """Every ``create_index`` call on the vector column (a full build of the ANN index)."""
    from lancedb.table import LanceTable

    calls = []
    real = LanceTable.create_index

    def spy(self, *a, **kw):
        column = a[0] if a else kw.get("vector_column_name", kw.get("metric"))
        if column == "vector":
            calls.append(column)
        return real(self, *a, **kw)

    monkeypatch.setattr(LanceTable, "create_index", spy)
    return calls


def test_new_moments_searchable_beside_the_index_then_folded_in(tmp_path, index_builds):
    rng = np.random.default_rng(12)
    centres = rng.normal(size=(40, DIM))
    policy = SearchPolicy(ann_threshold=2000, rows_per_partition=2000,
                          optimize_every_commits=10**6, optimize_every_rows=10**9)
    every = {}
    with VideoLibrary(tmp_path / "lib", policy=policy) as lib:
        lib.bind_model("grow-000000000001", "/m", DIM)
        for i in range(10):
            every[vid(i)] = clustered(rng, centres, PER)
            commit(lib, i, every[vid(i)])
        assert lib.maintenance.optimize()["index"] == "created"
        assert len(index_builds) == 1
        assert lib.maintenance.stats()["ann_unindexed"] == 0

        for i in (10, 11):  # 10 % more, each video its own commit
            every[vid(i)] = clustered(rng, centres, PER)
            commit(lib, i, every[vid(i)])
        assert lib.maintenance.stats()["ann_unindexed"] == 2 * PER  # not in the index yet...
        for i in (10, 11):  # ...and found at once: LanceDB scans them exactly beside the index
            for j in (0, 123, PER - 1):
                assert lib.moment_search.search(every[vid(i)][j], 1)[0].moment_id == f"{vid(i)}:1:{j}"

        ids = [(v, j) for v, vecs in every.items() for j in range(len(vecs))]
        mat = np.concatenate(list(every.values()))
        queries = np.concatenate([clustered(rng, centres, 30), every[vid(11)][:10]])

        def mean_recall():
            out = []
            for q in queries:
                exact = {ids[j] for j in np.argsort(-(mat @ q))[:10]}
                got = {(h.video_id, h.index) for h in lib.moment_search.search(q, 10)}
                out.append(len(got & exact) / 10)
            return float(np.mean(out))

        assert mean_recall() >= 0.95
        assert lib.maintenance.optimize()["index"] == "updated"  # folded into the index incrementally
        assert lib.maintenance.stats()["ann_unindexed"] == 0
        assert mean_recall() >= 0.95
        assert len(index_builds) == 1, "a 10 % growth rebuilt the index from scratch"


def test_rebuild_only_after_rebuild_growth(tmp_path, index_builds):
    rng = np.random.default_rng(13)
    centres = rng.normal(size=(20, DIM))
    policy = SearchPolicy(ann_threshold=1000, rows_per_partition=2000, rebuild_growth=1.5,
                          optimize_every_commits=10**6, optimize_every_rows=10**9)
    with VideoLibrary(tmp_path / "lib", policy=policy) as lib:
        lib.bind_model("grow-000000000002", "/m", DIM)
        for i in range(4):
            commit(lib, i, clustered(rng, centres, PER))
        assert lib.maintenance.optimize()["index"] == "created"
        commit(lib, 4, clustered(rng, centres, PER))  # 1.25x the rows the index was built on
        assert not lib.maintenance.index_build_due()
        assert lib.maintenance.optimize()["index"] == "updated"
        commit(lib, 5, clustered(rng, centres, PER))  # 1.5x: still within the growth allowed
        assert lib.maintenance.optimize()["index"] == "updated"
        assert len(index_builds) == 1
        commit(lib, 6, clustered(rng, centres, PER))  # 1.75x: the partitioning is stale, rebuild
        assert lib.maintenance.index_build_due()
        assert lib.maintenance.optimize()["index"] == "rebuilt"
        assert len(index_builds) == 2
        assert lib.conn.table(S.MOMENTS).count_rows() == 7 * PER
