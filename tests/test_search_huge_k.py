"""``-k`` as large as a user types it ("all of them": ``seekframe search -k 99999999999``) lists
every moment there is, also from a library large enough to search through its ANN index, whose
LanceDB query failed with an OverflowError (a traceback) past 2**30 hits asked."""

from __future__ import annotations

import numpy as np

from core.clirefs import ClipRef
from core.library import SearchPolicy, VideoLibrary
from core.search import Searcher
from tests.test_ann_growth import DIM, PER, clustered, commit, vid


def test_a_huge_k_lists_every_moment_of_an_ann_indexed_library(tmp_path):
    rng = np.random.default_rng(5)
    centres = rng.normal(size=(10, DIM))
    policy = SearchPolicy(ann_threshold=1000, optimize_every_commits=10**6, optimize_every_rows=10**9)
    with VideoLibrary(tmp_path / "lib", policy=policy) as lib:
        lib.bind_model("hugek-0000000001", "/m", DIM)
        for i in range(4):
            commit(lib, i, clustered(rng, centres, PER))
        assert lib.maintenance.optimize()["index"] == "created"  # (searches go through the ANN index)
        searcher = Searcher(lib, None)
        moments = searcher.similar_clips(ClipRef(vid(0)), k=99_999_999_999, per_video=False)
        videos = searcher.similar_clips(ClipRef(vid(0)), k=99_999_999_999, per_video=True)
    assert len(moments) == 3 * PER and {r.video_id for r in moments} == {vid(1), vid(2), vid(3)}  # every other video's
    assert sorted(r.video_id for r in videos) == [vid(1), vid(2), vid(3)]
