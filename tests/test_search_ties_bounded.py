"""Ties with the k-th result: all fetched, so the first by path are listed whatever the store's
order, in few store searches (2,400 black screens tied cost 5, the fetch growing x4 each; one
extra search of 256 at most, since, listed 1,800 ties' store order), and the k-th's byte-identical copies that rank just
past the cut listed with it (``-k 4`` dropped x0.mkv's copies x1.mkv and x2.mkv; ``-k 5`` showed them)."""

from __future__ import annotations

from pathlib import Path
from types import SimpleNamespace

import numpy as np

from core.clirefs import ClipRef
from core.library.records import MomentHit, VideoRecord
from core.search import Searcher


class _Store:
    """A vector store that answers best first, ties in its row order; it counts its searches."""

    def __init__(self, scores: dict[str, float]):
        self.hits = [MomentHit(f"{v}:1:0", v, 0, 0.0, 4.0, 2.0, s) for v, s in scores.items()]
        self.asked: list[int] = []

    def search(self, vector, k, video_ids=None, exclude_video_ids=None):
        self.asked.append(int(k))
        hits = [h for h in self.hits if h.video_id not in (exclude_video_ids or ())]
        return sorted(hits, key=lambda h: -h.score)[: int(k)]


def _searcher(scores: dict[str, float], content: dict[str, str] | None = None, fold: bool = False):
    content = content or {}
    videos = {v: VideoRecord(video_id=v, path=f"/v/{v}.mkv", root="/v", size=1, mtime=0.0,
                             content_hash=content.get(v, v), status="done", duration=4.0) for v in [*scores, "q"]}
    store = _Store(scores)
    library = SimpleNamespace(moment_search=store, video_table=SimpleNamespace(view=lambda: videos))
    return Searcher(library, None, fold_copies=fold), store


def _similar(searcher, k: int, per_video: bool = False):
    query = SimpleNamespace(moment_id="q:1:0", start=0.0, end=4.0, vector=np.ones(4, np.float32) / 2)
    return searcher.similar_clips(ClipRef("q", None, (query,)), k=k, per_video=per_video)


def test_thousands_of_tied_moments_are_listed_by_path_in_three_store_searches():
    rows = {f"v{i:04d}": 0.9 for i in reversed(range(2400))}  # (the store holds them in reverse path order)
    rows["other"] = 0.1
    searcher, store = _searcher(rows)
    got = _similar(searcher, 10)
    assert len(store.asked) <= 3, store.asked  # it asked 11, 44, 176, 704, 2816
    # the first by path, as an exact search and an ANN index list them alike (256 more fetched
    # once at most gave v2133...v2142: the store's order past them)
    assert [Path(r.path).stem for r in got] == [f"v{i:04d}" for i in range(10)]


def test_a_hundred_tied_moments_are_listed_by_path_in_two_searches():
    rows = {f"v{i:03d}": 0.9 - (1e-7 if i % 3 else 0) for i in reversed(range(100))}
    searcher, store = _searcher(rows)
    got = _similar(searcher, 10)
    assert [Path(r.path).stem for r in got] == [f"v{i:03d}" for i in range(10)]  # (all the ties seen)
    assert len(store.asked) == 2, store.asked  # it asked 11, 44, 176
    searcher, store = _searcher({"b": 0.8, "a": 0.7, "c": 0.6})
    assert [Path(r.path).stem for r in _similar(searcher, 2)] == ["b", "a"] and len(store.asked) == 1


def test_the_kth_results_identical_copies_past_the_cut_are_listed_with_it():
    scores = {"again": 0.95, "a": 0.9, "b": 0.9, "x0": 0.9, "x1": 0.9, "x2": 0.9}
    content = {"x0": "same", "x1": "same", "x2": "same"}  # byte-identical; a and b: the same pictures, other bytes
    for k in (4, 5):
        searcher, _ = _searcher(scores, content, fold=True)
        got = _similar(searcher, k)
        assert [Path(r.path).stem for r in got] == ["again", "a", "b", "x0"], k
        assert got[-1].copies == ["/v/x1.mkv", "/v/x2.mkv"], k
    searcher, _ = _searcher(scores, content, fold=True)
    got = _similar(searcher, 3)  # (the cut before the copies: k results still)
    assert [Path(r.path).stem for r in got] == ["again", "a", "b"] and not got[-1].copies
    searcher, _ = _searcher(scores, content)  # the app folds none: k rows, by path
    assert [Path(r.path).stem for r in _similar(searcher, 4)] == ["again", "a", "b", "x0"]
