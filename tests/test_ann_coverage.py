"""The moments' indices keep covering the rows. A video written again (a two-pass run's full pass
over its quick pass, a re-index) gets a new epoch and its old rows are deleted: an index built
before covers none of the new rows, and once every video was written again it covers nothing
(LanceDB listed 0 indexed rows beside 31 unindexed after `seekframe index` of the 12 demo clips
with the ANN threshold lowered), so every search scanned the whole table exactly beside an empty
index. Such an index is now rebuilt, and a run that leaves more than ``max_unindexed_rows`` rows
beside an index optimizes at its end."""

from __future__ import annotations

import numpy as np
import pytest

from core import service
from core.encoders import Encoder
from core.indexer import IndexOptions, MomentIndexer
from core.library import SearchPolicy, VideoLibrary
from core.library import schema as S
from core.library.maintenance import VIDEO_ID_INDEX
from core.library.vector_search import VECTOR_INDEX
from tests.test_ann_growth import DIM, PER, clustered, commit, index_builds, vid  # noqa: F401 (a fixture)
from tests.videos import make_library_folder


def coverage(lib) -> dict[str, tuple[int, int]]:
    """{index name: (rows it covers, rows it does not)} of the moments table."""
    t = lib.conn.table(S.MOMENTS)
    return {ix.name: (t.index_stats(ix.name).num_indexed_rows, t.index_stats(ix.name).num_unindexed_rows)
            for ix in t.list_indices()}


def test_every_video_written_again_rebuilds_the_index_over_the_new_rows(tmp_path, index_builds, monkeypatch):
    from lancedb.table import LanceTable

    rng = np.random.default_rng(31)
    centres = rng.normal(size=(10, DIM))
    policy = SearchPolicy(ann_threshold=1000, optimize_every_commits=10**6, optimize_every_rows=10**9)
    with VideoLibrary(tmp_path / "lib", policy=policy) as lib:
        lib.bind_model("cover-0000000001", "/m", DIM)
        for i in range(4):  # the quick pass
            commit(lib, i, clustered(rng, centres, PER))
        assert lib.maintenance.optimize()["index"] == "created"
        n = 4 * PER
        assert coverage(lib) == {VECTOR_INDEX: (n, 0), VIDEO_ID_INDEX: (n, 0)}

        full = {i: clustered(rng, centres, PER) for i in range(4)}
        for i in range(4):  # the full pass: each video's moments replaced (a new epoch)
            commit(lib, i, full[i])
        assert coverage(lib)[VECTOR_INDEX] == (0, n)  # the old rows are gone, the new ones beside it
        assert lib.maintenance.index_build_due()  # (said before the build, as for a first one)
        optimized = []
        real = LanceTable.optimize
        monkeypatch.setattr(LanceTable, "optimize", lambda self, **kw: (optimized.append(self.name), real(self, **kw))[1])
        assert lib.maintenance.maybe_optimize()  # what the indexer does after the commit
        assert coverage(lib) == {VECTOR_INDEX: (n, 0), VIDEO_ID_INDEX: (n, 0)}
        assert len(index_builds) == 2 and lib.conn.table(S.MOMENTS).index_stats(VECTOR_INDEX).num_indices == 1
        assert optimized.count(S.MOMENTS) == 1  # compacted after the build only: no delta over every row first
        assert not lib.maintenance.optimize_needed()
        for i in (0, 3):
            for j in (0, PER - 1):
                assert lib.moment_search.search(full[i][j], 1)[0].moment_id == f"{vid(i)}:2:{j}"


def test_half_the_videos_written_again_is_a_delta_not_a_rebuild(tmp_path, index_builds):
    rng = np.random.default_rng(32)
    centres = rng.normal(size=(10, DIM))
    policy = SearchPolicy(ann_threshold=1000, optimize_every_commits=10**6, optimize_every_rows=10**9)
    with VideoLibrary(tmp_path / "lib", policy=policy) as lib:
        lib.bind_model("cover-0000000002", "/m", DIM)
        for i in range(4):
            commit(lib, i, clustered(rng, centres, PER))
        lib.maintenance.optimize()
        for i in (0, 1):  # the index still covers half the rows: within rebuild_growth (2)
            commit(lib, i, clustered(rng, centres, PER))
        assert not lib.maintenance.index_build_due()
        assert lib.maintenance.optimize()["index"] == "updated"
        assert len(index_builds) == 1 and coverage(lib)[VECTOR_INDEX] == (4 * PER, 0)


def test_a_run_leaving_many_rows_beside_the_index_optimizes_at_its_end(tmp_path):
    rng = np.random.default_rng(33)
    centres = rng.normal(size=(10, DIM))
    policy = SearchPolicy(ann_threshold=1000, optimize_every_commits=10**6, optimize_every_rows=10**9)
    policy.max_unindexed_rows = PER  # (set after: the old policy had no such field)
    root = tmp_path / "lib"
    with VideoLibrary(root, policy=policy) as lib:
        lib.bind_model("cover-0000000003", "/m", DIM)
        for i in range(4):
            commit(lib, i, clustered(rng, centres, PER))
        lib.maintenance.optimize()
    with VideoLibrary(root, policy=policy) as lib:  # a small run: left beside the index
        commit(lib, 4, clustered(rng, centres, PER))
        assert not lib.maintenance.optimize_needed()
    with VideoLibrary(root, policy=policy) as lib:  # one more: more than max_unindexed_rows wait
        assert coverage(lib)[VECTOR_INDEX] == (4 * PER, PER)
        commit(lib, 5, clustered(rng, centres, PER))
        assert lib.maintenance.optimize_needed()
        service.optimize_if_needed(lib)  # what `seekframe index` does at the end of a run
        assert coverage(lib) == {VECTOR_INDEX: (6 * PER, 0), VIDEO_ID_INDEX: (6 * PER, 0)}


@pytest.fixture(scope="module")
def encoder(colour_model):  # noqa: F811
    return Encoder.load(colour_model)


def test_a_two_pass_run_leaves_an_index_over_its_full_moments(tmp_path, encoder):
    """The fault as found: a two-pass run whose quick pass built the index (a lowered threshold)."""
    videos = make_library_folder(tmp_path / "videos")
    with VideoLibrary(tmp_path / "lib", policy=SearchPolicy(ann_threshold=4)) as lib:
        events = list(MomentIndexer(lib, encoder, IndexOptions(two_pass=True)).run([str(videos)]))
        assert [e.phase for e in events if e.kind == "file_done"] == ["quick"] * 5 + ["full"] * 5
        service.optimize_if_needed(lib)
        n = lib.conn.table(S.MOMENTS).count_rows()
        indexed, _ = coverage(lib)[VECTOR_INDEX]
        assert n >= 8 and indexed * lib.policy.rebuild_growth >= n, coverage(lib)
        hit = lib.moment_search.search(encoder.encode_text(["red"])[0], 1)[0]
        assert lib.video_table.get(hit.video_id).path.endswith("planted.mp4")
