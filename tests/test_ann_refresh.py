"""The refresh after a small run into a library whose ANN index exists costs about the new rows
(issue 12: 1966 s for 1 % more at 1M moments). LanceDB joins IVF partitions under a quarter of its
IVF_HNSW_SQ target (2^20 rows) at every index update, and a join rewrites the whole index; with
partitions of at least that size the update adds a delta index, compaction leaves the indexed
fragments alone, and the deltas are folded together by a rebuild once they pile up."""

from __future__ import annotations

import os
from datetime import timedelta

import numpy as np

from core.library import SearchPolicy, VideoLibrary
from core.library import schema as S
from core.library.vector_search import LANCE_PARTITION_ROWS, VECTOR_INDEX, hnsw_sq_config
from tests.test_ann_growth import DIM, PER, commit, vid
from tests.test_ann_growth import clustered as vectors


def files(root, sub: str) -> dict[str, tuple[int, int]]:
    """{path: (size, inode)} of the moments table's files under ``sub`` (data, _indices)."""
    [table] = [os.path.join(d, n) for d, names, _ in os.walk(root) for n in names if n == f"{S.MOMENTS}.lance"]
    out = {}
    for d, _, names in os.walk(os.path.join(table, sub)):
        for n in names:
            st = os.stat(os.path.join(d, n))
            out[os.path.relpath(os.path.join(d, n), table)] = (st.st_size, st.st_ino)
    return out


def index_parts(lib) -> int:
    return lib.conn.table(S.MOMENTS).index_stats(VECTOR_INDEX).num_indices


def test_partitions_never_small_enough_for_lancedb_to_join():
    assert hnsw_sq_config(1_000_000, SearchPolicy()).num_partitions == 1  # was 4 of 250k rows
    assert hnsw_sq_config(3 * LANCE_PARTITION_ROWS, SearchPolicy()).num_partitions == 3
    assert hnsw_sq_config(4000, SearchPolicy(rows_per_partition=2000)).num_partitions == 1
    assert hnsw_sq_config(4000, SearchPolicy()).target_partition_size == LANCE_PARTITION_ROWS


def test_refresh_adds_a_delta_index_and_leaves_indexed_fragments_alone(tmp_path):
    rng = np.random.default_rng(21)
    centres = rng.normal(size=(30, DIM))
    # a policy asking for partitions as small as the old 250k were at 1M (2 of ~2000 rows): the
    # LanceDB floor makes it one partition, so the refresh adds a delta instead of joining them
    policy = SearchPolicy(ann_threshold=2000, rows_per_partition=2000,
                          optimize_every_commits=10**6, optimize_every_rows=10**9)
    now = timedelta(0)  # prune every old version: a rewritten file disappears
    with VideoLibrary(tmp_path / "lib", policy=policy) as lib:
        lib.bind_model("refresh-00000001", "/m", DIM)
        for i in range(10):
            commit(lib, i, vectors(rng, centres, PER))
        assert lib.maintenance.optimize(cleanup_older_than=now)["index"] == "created"
        lib.maintenance.optimize(cleanup_older_than=now)  # the refresh that used to join the partitions
        data, indices = files(tmp_path, "data"), files(tmp_path, "_indices")
        moments = lib.conn.table(S.MOMENTS)
        fragments = moments.stats()["fragment_stats"]["num_fragments"]
        assert index_parts(lib) == 1

        new = vectors(rng, centres, PER)
        commit(lib, 10, new)  # a small run: one video
        assert lib.maintenance.optimize(cleanup_older_than=now)["index"] == "updated"
        after_data, after_indices = files(tmp_path, "data"), files(tmp_path, "_indices")
        assert {k: after_data.get(k) for k in data} == data, "indexed data files were rewritten"
        assert {k: after_indices.get(k) for k in indices} == indices, "the index was rewritten"
        assert index_parts(lib) == 2  # the base index plus a delta over the new rows
        assert lib.maintenance.stats()["ann_unindexed"] == 0
        assert moments.stats()["fragment_stats"]["num_fragments"] == fragments + 1
        new_bytes = sum(s for k, (s, _) in after_data.items() if k not in data)
        assert 0 < new_bytes < sum(s for s, _ in data.values()) / 5  # only the new video's rows
        for j in (0, 200, PER - 1):  # found through the delta index
            assert lib.moment_search.search(new[j], 1)[0].moment_id == f"{vid(10)}:1:{j}"


def test_delta_indices_piling_up_trigger_one_rebuild(tmp_path):
    rng = np.random.default_rng(22)
    centres = rng.normal(size=(20, DIM))
    policy = SearchPolicy(ann_threshold=2000, max_delta_indices=2, rebuild_growth=100.0,
                          optimize_every_commits=10**6, optimize_every_rows=10**9)
    with VideoLibrary(tmp_path / "lib", policy=policy) as lib:
        lib.bind_model("refresh-00000002", "/m", DIM)
        for i in range(6):
            commit(lib, i, vectors(rng, centres, PER))
        assert lib.maintenance.optimize()["index"] == "created"
        for i in (6, 7):  # two small runs: two deltas, within max_delta_indices
            commit(lib, i, vectors(rng, centres, 50))
            assert lib.maintenance.optimize()["index"] == "updated"
        assert index_parts(lib) == 3
        assert not lib.maintenance.index_build_due()
        commit(lib, 8, vectors(rng, centres, 50))
        assert lib.maintenance.optimize()["index"] == "rebuilt"  # a third delta: fold them together
        assert index_parts(lib) == 1
        assert lib.maintenance.stats()["ann_unindexed"] == 0
        # the fragments each delta kept apart were compacted with the rebuild, not left to the
        # next small run's refresh (which would rewrite them and remap the index then)
        assert lib.conn.table(S.MOMENTS).stats()["fragment_stats"]["num_fragments"] == 1
