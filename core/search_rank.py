"""Ranking a search's hits (``core.search``): the first ``k`` (one a video), how many videos a search
per video can reach, and runs of tied scores in a stable order."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .search import SearchResult


def _top(results, k: int, per_video: bool, ties: bool = False) -> list[SearchResult]:
    """The first ``k`` results; with ``per_video``, only the first of each video. ``ties``: and
    those after the k-th whose score ties with it (``TIE``), among which the k-th's byte-identical
    copies are (``Searcher._folded`` lists them with it, then cuts)."""
    out, seen = [], set()
    for r in results:
        if per_video and r.video_id in seen:
            continue
        if len(out) >= k and not (ties and out and out[k - 1].score - r.score < TIE):
            break
        seen.add(r.video_id)
        out.append(r)
    return out


def _reachable(videos, allowed, exclude) -> int | None:
    """How many videos a search per video can list: the indexed ones with moments that ``allowed``
    (None: any) lets through and ``exclude`` does not name (None: ``videos`` is no ``VideoCache``)."""
    if not hasattr(videos, "visible"):
        return None
    ids = {vid for vid, (_, n) in videos.visible.items() if n}
    if allowed is not None:
        ids &= allowed
    return len(ids.difference(exclude or ()))


MAX_FETCH = 2**26  # hits asked of the store at most (LanceDB's ANN search overflows past 2**30)
TIE = 1e-6  # scores this close are one score: a matrix product's float noise, not the model's
TIE_FETCH = 1 << 14  # hits asked past the k-th's at most to see those that tie with it (``settle_ties``)


def settle_ties(results: list[SearchResult]) -> list[SearchResult]:
    """``results`` (best first) with each run of tied scores (within ``TIE`` of the run's first:
    the same pictures in two files, re-muxed or re-saved) ordered by path, then time, not by where
    the vector store keeps their rows (which a re-index, a filter or an ANN index changes), so
    that the same query lists them in the same order."""
    out, i = [], 0
    while i < len(results):
        j = i + 1
        while j < len(results) and results[i].score - results[j].score < TIE:
            j += 1
        out.extend(sorted(results[i:j], key=lambda r: (r.path, r.start)) if j - i > 1 else results[i:j])
        i = j
    return out
