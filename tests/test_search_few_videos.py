"""A search per video ("videos" in the window, which asks for 600) of a library with fewer videos
than it asks for could never fill its k, so it widened until it had fetched every moment of the
library and built a result for each, on every search and every refresh while indexing. It now
stops once each video that can be listed is."""

from __future__ import annotations

import numpy as np

from core import search as search_mod
from core.library import VideoLibrary
from core.search import Searcher
from tests.test_ann_growth import DIM, commit, vid

VIDEOS, PER = 12, 300


def _fetches(monkeypatch, lib):
    asked = []
    real = lib.moment_search.search

    def spy(vector, k, *a, **kw):
        asked.append(k)
        return real(vector, k, *a, **kw)

    monkeypatch.setattr(lib.moment_search, "search", spy)
    return asked


def test_videos_search_of_a_small_library_stops_once_each_video_is_listed(tmp_path, monkeypatch):
    rng = np.random.default_rng(3)
    with VideoLibrary(tmp_path / "lib") as lib:
        lib.bind_model("fewvid-000000001", "/m", DIM)
        for i in range(VIDEOS):
            commit(lib, i, rng.normal(size=(PER, DIM)))
        searcher = Searcher(lib, None)
        asked = _fetches(monkeypatch, lib)
        built = []
        real_result = search_mod.SearchResult
        monkeypatch.setattr(search_mod, "SearchResult", lambda *a, **kw: built.append(1) or real_result(*a, **kw))
        query = rng.normal(size=DIM)
        results = searcher._search_vector(query, 60, None, True)
        assert sorted(r.video_id for r in results) == sorted(vid(i) for i in range(VIDEOS))  # each video once
        assert asked == [241] and len(built) <= 241  # (old: 241, 964, 3856: every one of the 3,600 moments)
        best = {}
        for i in range(VIDEOS):  # each video's result is its best moment
            vecs = np.stack([m.vector for m in lib.moment_table.of(vid(i))])
            best[vid(i)] = float((vecs @ (query / np.linalg.norm(query))).max())
        assert all(abs(r.score - best[r.video_id]) < 1e-5 for r in results)
        asked.clear()
        results = searcher._search_vector(query, 60, None, True, exclude=[vid(i) for i in range(2, VIDEOS)])
        assert {r.video_id for r in results} == {vid(0), vid(1)} and len(results) == 2
        assert asked == [241]  # (the videos left out are not waited for)
