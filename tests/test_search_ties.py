"""The same query lists tied results in the same order: moments of the same pictures in several
files (byte-identical copies in the app, a video re-muxed into another container) score the same,
up to the float noise of a matrix product, and were listed in the order the vector store keeps
their rows, which a re-index, a filter or an ANN index changes. They are listed by path, then time."""

from __future__ import annotations

import shutil
from pathlib import Path
from types import SimpleNamespace

import numpy as np
import pytest

from core.clirefs import ClipRef, resolve_clip
from core.indexer import IndexOptions, MomentIndexer
from core.library import VideoLibrary
from core.library.records import MomentHit, VideoRecord
from core.search import Searcher
from tests.fakes import ColourMeanEncoder
from tests.videos import Segment, write_video


def _video(vid: str) -> VideoRecord:
    return VideoRecord(video_id=vid, path=f"/v/{vid}.mp4", root="/v", size=1, mtime=0.0, content_hash=vid,
                       status="done", duration=4.0)


class _Store:
    """A vector store that answers in a given row order, best first, ties as its rows lie."""

    def __init__(self, scores: dict[str, float]):
        self.hits = [MomentHit(f"{v}:1:0", v, 0, 0.0, 4.0, 2.0, s) for v, s in scores.items()]

    def search(self, vector, k, video_ids=None, exclude_video_ids=None):
        hits = [h for h in self.hits if h.video_id not in (exclude_video_ids or ())]
        return sorted(hits, key=lambda h: -h.score)[: int(k)]  # (stable: ties in row order)

    def best_videos(self, probes, n, video_ids=None, exclude_video_ids=None):
        return None  # (no in-memory matrix: a search a probe)

    def of_videos(self, video_ids):
        """Each video's one moment, its vector scoring its hit's score against the query's (``_similar``):
        a whole video's similar videos are ranked by their moments as sets (``core.search_videos``)."""
        q, side = np.ones(4) / 2, np.array([1.0, -1.0, 0.0, 0.0]) / 2**0.5
        return {h.video_id: [SimpleNamespace(moment_id=h.moment_id, start=h.start, end=h.end, thumb_time=h.thumb_time,
                                             vector=h.score * q + (1 - h.score**2) ** 0.5 * side)]
                for h in self.hits if h.video_id in video_ids}


def _similar(rows: dict[str, float], k: int, per_video: bool) -> list[str]:
    videos = {v: _video(v) for v in [*rows, "q"]}
    store = _Store(rows)
    library = SimpleNamespace(moment_search=store, moment_table=store, video_table=SimpleNamespace(view=lambda: videos))
    query = SimpleNamespace(moment_id="q:1:0", start=0.0, end=4.0, vector=np.ones(4, np.float32) / 2)
    results = Searcher(library, None).similar_clips(ClipRef("q", None, (query,)), k=k, per_video=per_video)
    return [Path(r.path).stem for r in results]


@pytest.mark.parametrize("per_video", [False, True])
def test_tied_results_are_listed_by_path_whatever_the_stores_row_order(per_video):
    tie = 0.9
    noise = tie - 1e-7  # (the same pictures in another file: the matrix product's last bit)
    for rows in ({"c": tie, "a": noise, "b": tie, "d": 0.5}, {"b": tie, "c": noise, "a": tie, "d": 0.5}):
        # it listed c, a (then c, b when the store held them so); the cut at k took the first rows
        assert _similar(rows, 2, per_video) == ["a", "b"], rows
        assert _similar(rows, 4, per_video) == ["a", "b", "c", "d"], rows
    assert _similar({"b": 0.8, "a": 0.7}, 2, per_video) == ["b", "a"]  # scores apart: by score


def test_the_apps_similar_clips_list_byte_identical_copies_by_path(tmp_path):
    """The app folds no copies: its rows of them are in path order, whatever their video ids."""
    videos = tmp_path / "videos"
    write_video(videos / "query.mp4", [Segment(4, "red")], seed=2)
    write_video(videos / "d.mp4", [Segment(4, "red")], seed=1)
    for name in ("b.mp4", "e.mp4", "a.mp4", "c.mp4"):
        shutil.copyfile(videos / "d.mp4", videos / name)
    with VideoLibrary(tmp_path / "lib") as lib:
        events = list(MomentIndexer(lib, ColourMeanEncoder(), IndexOptions(two_pass=False)).run([str(videos)]))
        assert events[-1].kind == "finished" and not events[-1].failed
        for _ in range(2):
            results = Searcher(lib, None).similar_clips(resolve_clip(lib, str(videos / "query.mp4")), k=3)
            assert [Path(r.path).name for r in results] == ["a.mp4", "b.mp4", "c.mp4"]
