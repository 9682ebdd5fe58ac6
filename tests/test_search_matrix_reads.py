"""Loading the search matrix of a big library reads it a part at a time (the s52 scale audit).

Below the ANN threshold a search is answered by an in-memory matrix of every visible moment
(``vector_search.ExactMatrix``). Its first load read the whole moments table in one go, then the
rows' vectors again in order: at 5,000 videos and 200,000 moments of 256 floats (a 0.2 GB matrix),
the process stayed 0.7-0.85 GB bigger after it (peak +0.85-0.92 GB), the allocator holding those
reads for good: the window and a `seekframe search` at 1.3-1.5 GB. Read ``ID_CHUNK`` videos at a
time into a matrix sized once, it stays +0.33 GB (``benchmarks/scale_audit.py``).
"""

from __future__ import annotations

import numpy as np
import pytest

from core.library import MomentRecord, VideoLibrary, VideoRecord
from core.library import moment_search as moment_search_module
from core.library.ids import ID_CHUNK
from core.library.vector_search import ExactMatrix

DIM = 8
VIDEOS = 2 * ID_CHUNK + 100  # three parts' worth


def unit(rng, n):
    v = rng.normal(size=(n, DIM)).astype(np.float32)
    return v / np.linalg.norm(v, axis=1, keepdims=True)


@pytest.fixture(scope="module")
def library(tmp_path_factory):
    root = tmp_path_factory.mktemp("big") / "lib"
    rng = np.random.default_rng(7)
    vectors = {}
    with VideoLibrary(root) as lib:
        lib.bind_model("tiny-000000000001", "/models/tiny", DIM)
        batch = []
        for i in range(VIDEOS):
            vid = f"{i + 1:016x}"
            rec = VideoRecord(video_id=vid, path=f"/media/v{i}.mp4", root="/media", size=100 + i,
                              mtime=1000.0 + i, content_hash=f"h{i}")
            vecs = vectors[vid] = unit(rng, 3)
            batch.append((rec, [MomentRecord(vid, 0, j, 4.0 * j, 4.0 * j + 4, 4.0 * j + 2, vecs[j]) for j in range(3)]))
            if len(batch) == 200:
                lib.moment_table.commit(batch)
                batch = []
        lib.moment_table.commit(batch)
    return root, vectors


def test_the_first_load_reads_a_part_at_a_time(library, monkeypatch):
    root, vectors = library
    asked = []
    read = moment_search_module.read_rows

    def counted(conn, video_ids, columns=None):
        asked.append(None if video_ids is None else len(video_ids))
        return read(conn, video_ids, columns)
    monkeypatch.setattr(moment_search_module, "read_rows", counted)
    rebuilds = []
    rebuild = ExactMatrix._rebuild
    monkeypatch.setattr(ExactMatrix, "_rebuild", lambda self, cap: (rebuilds.append(cap), rebuild(self, cap)))
    lib = VideoLibrary(root, read_only=True)
    try:
        q = unit(np.random.default_rng(1), 1)[0]
        hits = lib.moment_search.search(q, 10)
        assert None not in asked, "the whole moments table was read in one go"
        assert asked and max(asked) <= ID_CHUNK and sum(asked) == VIDEOS
        assert len(rebuilds) == 1 and rebuilds[0] >= 3 * VIDEOS, "the matrix is sized once for every moment"
        # the same answer as every vector searched by hand
        every = [(float(v[j] @ q), vid, j) for vid, v in vectors.items() for j in range(3)]
        best = sorted(every, reverse=True)[:10]
        assert [(h.video_id, h.index) for h in hits] == [(vid, j) for _, vid, j in best]
        assert np.allclose([h.score for h in hits], [s for s, _, _ in best], atol=1e-5)
        asked.clear()
        lib.moment_search.search(q, 10)
        assert asked == [], "a second search reads nothing"
    finally:
        lib.close()
