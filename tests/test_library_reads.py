"""What a search reads (issue 11 point 17, issue 12 points 4 and 6): the videos as an uncopied
snapshot, one video's moments without reading the whole table, LanceDB without its REST client,
and a run that changed little optimizes nothing."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from core.clirefs import video_for
from core.library import DONE, MomentRecord, SearchPolicy, VideoLibrary, VideoRecord
from core.library import moments as moments_module
from core.library.maintenance import VIDEO_ID_INDEX
from core.library.videos import VideoTable
from core.search import Searcher

ROOT = Path(__file__).resolve().parent.parent
DIM = 8


def vid(i: int) -> str:
    return f"{i:016x}"


def unit(rng, n):
    v = rng.normal(size=(n, DIM)).astype(np.float32)
    return v / np.linalg.norm(v, axis=1, keepdims=True)


def fill(lib, n_videos=5, per=4, seed=0):
    rng = np.random.default_rng(seed)
    for i in range(n_videos):
        rec = VideoRecord(video_id=vid(i), path=f"/media/v{i}.mp4", root="/media", size=100 + i,
                          mtime=1000.0 + i, content_hash=f"h{i}")
        vecs = unit(rng, per)
        lib.moment_table.commit([(rec, [MomentRecord(vid(i), 0, j, 4.0 * j, 4.0 * j + 4, 4.0 * j + 2, vecs[j])
                             for j in range(per)])])


class QueryEncoder:
    model_id = "tiny-000000000001"
    source = "/models/tiny"
    embed_dim = DIM
    card = None

    def encode_text(self, texts):
        return unit(np.random.default_rng(len(texts[0])), len(texts))


@pytest.fixture
def root(tmp_path):
    with VideoLibrary(tmp_path / "lib") as lib:
        lib.bind_model(QueryEncoder.model_id, QueryEncoder.source, DIM)
        fill(lib)
    return tmp_path / "lib"


def test_a_text_search_copies_no_video_record(root, monkeypatch):
    with VideoLibrary(root, read_only=True) as lib:
        searcher = Searcher(lib, QueryEncoder())
        before = searcher.text("a query", k=5)
        monkeypatch.setattr(VideoTable, "all", lambda self: pytest.fail("every video copied"))
        assert [r.moment_id for r in searcher.text("a query", k=5)] == [r.moment_id for r in before]
        view = lib.video_table.view()
        assert len(view) == 5 and view[vid(2)].path == "/media/v2.mp4"
        with pytest.raises(TypeError):
            view[vid(2)] = None  # a read-only snapshot
        assert video_for(lib, "/media/v1.mp4") is not view[vid(1)]  # a caller gets its own copy


def test_the_snapshot_stays_what_it_was_when_the_library_changes(root):
    with VideoLibrary(root) as lib:
        view = lib.video_table.view()
        key = view.done_key
        fill(lib, n_videos=6, seed=1)  # re-commits five videos (new epochs), adds a sixth
        assert len(view) == 5 and view[vid(0)].epoch == 1 and view.done_key == key
        now = lib.video_table.view()
        assert len(now) == 6 and now[vid(0)].epoch == 2 and now.done_key != key


def test_one_videos_moments_come_from_the_search_matrix_when_a_reader_has_it(root, monkeypatch):
    with VideoLibrary(root, read_only=True) as lib:
        from_table = lib.moment_table.of(vid(3))
        lib.moment_search.search(unit(np.random.default_rng(5), 1)[0], 3)  # loads the matrix
        monkeypatch.setattr(moments_module, "read_rows", lambda *a, **k: pytest.fail("table read"))
        from_matrix = lib.moment_table.of(vid(3))
    assert [(m.moment_id, m.start, m.end, m.thumb_time) for m in from_matrix] == \
        [(m.moment_id, m.start, m.end, m.thumb_time) for m in from_table]
    np.testing.assert_array_equal(np.stack([m.vector for m in from_matrix]),
                                  np.stack([m.vector for m in from_table]))


def test_optimize_keeps_a_video_id_index_that_finds_one_videos_moments(root):
    with VideoLibrary(root) as lib:
        lib.maintenance.optimize()
        assert VIDEO_ID_INDEX in lib.moment_search.index_names()
        q = lib.conn.table("moments").search().where(f"video_id = '{vid(2)}'").limit(None)
        assert "ScalarIndexQuery" in q.explain_plan(True)
        assert [m.index for m in lib.moment_table.of(vid(2))] == [0, 1, 2, 3]


def test_a_run_that_changed_little_optimizes_nothing(tmp_path):
    policy = SearchPolicy(max_fragments=8, optimize_every_commits=1000)
    with VideoLibrary(tmp_path / "lib", policy=policy) as lib:
        lib.bind_model(QueryEncoder.model_id, QueryEncoder.source, DIM)
        fill(lib, n_videos=2)
        assert not lib.maintenance.optimize_needed()  # a few fragments: not worth compacting
        fill(lib, n_videos=12, seed=1)  # many small commits: the tables' fragments pile up
        assert lib.maintenance.optimize_needed()
        lib.maintenance.optimize()
        assert not lib.maintenance.optimize_needed()
    with VideoLibrary(tmp_path / "lib", read_only=True) as ro:
        assert not ro.maintenance.optimize_needed() and all(v.status == DONE for v in ro.video_table.all())


@pytest.mark.slow  # a fresh interpreter
def test_lancedb_comes_without_its_rest_client_until_someone_asks_for_it(root):
    code = ("import sys\nfrom core.library import VideoLibrary\n"
            f"lib = VideoLibrary({str(root)!r}, read_only=True)\nprint(len(lib.moment_search.search([1.0] * {DIM}, 3)))\n"
            "print('lance_namespace_urllib3_client.api' in sys.modules)\n"
            "import lance_namespace_urllib3_client as client\n"
            "print(client.ApiClient.__name__, 'lance_namespace_urllib3_client.api' in sys.modules)\n")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120,
                         env=dict(os.environ, PYTHONPATH=str(ROOT)), cwd=ROOT)
    assert out.returncode == 0, out.stderr
    assert out.stdout.split("\n")[:3] == ["3", "False", "ApiClient True"]
