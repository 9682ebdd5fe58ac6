"""Videos like a whole video (``seekframe similar FILE`` with no time): each candidate ranked by
how well the two videos' moments match as sets, as video retrieval does (ViSiL, DnS: Chamfer
similarity), not by its single best moment.

A video's single best moment against the query video's mean vector put a 2 h video of bottles
with 2 min of cars second for a 30 s car video, ahead of its own re-encoded copy (s53 search
audit). The set similarity here is symmetric: the mean, over the query's moments, of each one's
best match among the candidate's, and the same from the candidate's side, averaged. A full copy
scores high both ways; a cut of the query scores high from its own side, half from the query's;
a long video that merely holds the clip scores low from its side (most of its moments match
nothing of the query).

Cheap at scale: candidates come from the usual moment search (the query's mean vector and a few
of its moments, ``PROBES``, one video each at most), and only their moments are compared."""

from __future__ import annotations

from collections.abc import Callable, Mapping

import numpy as np

PROBES = 4  # query moments searched besides the mean vector to find candidates (far apart: ``diverse``)
MAX_QUERY_MOMENTS = 256  # the query's moments compared at most (a long video: evenly spread)
EXTRA = 20  # candidate videos asked past k of the mean vector (k of each probe)


def spread(n: int, most: int) -> np.ndarray:
    """``most`` indices at most out of ``n``, evenly spread, in order."""
    return np.arange(n) if n <= most else np.unique(np.linspace(0, n - 1, most).round().astype(int))


def diverse(q: np.ndarray, most: int) -> list[int]:
    """Up to ``most`` rows of ``q`` far apart (farthest-point sampling from the first): a long video
    of bottles with two minutes of cars gets a car probe, which rows spread in time would miss."""
    picked = [0]
    near = q @ q[0]
    while len(picked) < min(most, len(q)):
        i = int(np.argmin(near))
        if near[i] > 0.999:  # (the rest repeat what is picked)
            break
        picked.append(i)
        near = np.maximum(near, q @ q[i])
    return picked


def set_similarity(query: np.ndarray, other: np.ndarray) -> tuple[float, int]:
    """The symmetric Chamfer similarity of two videos' moment vectors (rows, unit length), and the
    row of ``other`` that matches some query moment best (the moment a result shows)."""
    s = query @ other.T
    cols = s.max(axis=0)  # each of the other's moments: its best match in the query
    return float((s.max(axis=1).mean() + cols.mean()) / 2), int(np.argmax(cols))


def similar_videos(query_vectors: np.ndarray, mean: np.ndarray, k: int,
                   search: Callable[[np.ndarray, int], list], moments_of: Callable[[list], Mapping[str, list]],
                   videos: Mapping, search_many: Callable | None = None) -> list:
    """The ``k`` videos most like the query's moments (``query_vectors``, in order), best first,
    each a ``SearchResult`` of its best-matching moment scored with the set similarity.
    ``search(vector, n)``: the first ``n`` results of a moment search, one per video, the query's
    video, its copies and the filtered-out left out; ``moments_of(video_ids)``: their moments by id;
    ``search_many(probes, n)``: the ids of the first ``n`` videos for each probe in one pass over the
    search matrix (``MomentSearch.best_videos``), None where there is none."""
    from .search import SearchResult, settle_ties

    q = np.asarray(query_vectors, np.float32)[spread(len(query_vectors), MAX_QUERY_MOMENTS)]
    candidates = dict.fromkeys(r.video_id for r in search(mean, k + EXTRA))  # (first: the matrix is synced)
    probes = q[diverse(q, PROBES)] if len(q) > 1 else q[:0]
    found = search_many(probes, k) if search_many is not None and len(probes) else None
    if found is None:  # (no in-memory matrix: one moment search a probe)
        found = [r.video_id for probe in probes for r in search(probe, k)]
    candidates.update(dict.fromkeys(found))
    out = []
    every = moments_of(list(candidates))
    for vid in candidates:
        moments = every.get(vid)
        v = videos.get(vid)
        if not moments or v is None:
            continue
        score, best = set_similarity(q, np.array([m.vector for m in moments], np.float32))
        m = moments[best]
        out.append(SearchResult(v.path, m.start, m.end, score, vid, m.moment_id, m.thumb_time, v.offline))
    out.sort(key=lambda r: -r.score)
    return settle_ties(out)[:k]
