"""``MomentSearch``: cosine search over a library's visible moments, by the policy of
``vector_search.py``; it knows whether the ANN index exists (cached per moments-table version)."""

from __future__ import annotations

import numpy as np
import pyarrow as pa

from core.library import ids
from core.library import schema as S
from core.library.connection import Connection
from core.library.moments import read_rows
from core.library.records import MomentHit, MomentRecord
from core.library.vector_search import VECTOR_INDEX, ExactMatrix, SearchPolicy, ann_query, normalise, top_k
from core.library.videos import VideoTable

_HIT_COLUMNS = ["video_id", "epoch", "index", "start", "end", "thumb_time"]


class MomentSearch:
    def __init__(self, conn: Connection, videos: VideoTable, policy: SearchPolicy):
        self._conn = conn
        self._videos = videos
        self.policy = policy
        self.exact: ExactMatrix | None = None  # the in-memory matrix, below the ANN threshold
        self._ann_cache: tuple | None = None  # (moments version, whether the ANN index exists)

    def forget(self) -> None:
        """Drop what was derived from the moments table (it was dropped or re-created)."""
        self.exact = None
        self._ann_cache = None

    def index_names(self) -> set[str]:
        t = self._conn.table(S.MOMENTS)
        return {ix.name for ix in t.list_indices()} if t is not None else set()

    def has_ann_index(self) -> bool:
        t = self._conn.table(S.MOMENTS)
        key = t.version if t is not None else None
        if self._ann_cache is None or self._ann_cache[0] != key:
            self._ann_cache = (key, VECTOR_INDEX in self.index_names())
        return self._ann_cache[1]

    def ann_unindexed(self) -> int:
        """Moments the ANN index does not cover yet (searched exactly beside it); 0 without one."""
        t = self._conn.table(S.MOMENTS)
        for ix in (t.list_indices() if t is not None else []):
            if ix.name == VECTOR_INDEX:
                return int(ix.num_unindexed_rows)
        return 0

    def search(self, vector, k: int, video_ids=None, exclude_video_ids=None) -> list[MomentHit]:
        """Cosine top-k over visible moments, best first; ``video_ids`` restricts, ``exclude_…`` drops."""
        include = None if video_ids is None else ids.check_video_ids(video_ids)
        exclude = ids.check_video_ids(exclude_video_ids) if exclude_video_ids else []
        k = int(k)
        with self._conn.reading():
            dim = self._conn.meta.dim
            if k <= 0 or not dim or self._conn.table(S.MOMENTS) is None:
                return []
            q = normalise(vector, dim, "query vector")
            state = self._videos.state()  # once: each look at a table's version costs a call into LanceDB
            visible, total = state.visible, state.visible_moments
            if include is not None:
                exset = set(exclude)
                include = [v for v in include if v in visible and v not in exset]
                if not include:
                    return []
                restricted = sum(visible[v][1] for v in include)
            if total < self.policy.ann_threshold or not self.has_ann_index():
                return self._search_exact(q, k, visible, include, exclude, state.version)
            self.exact = None  # above the threshold the in-memory matrix is not kept
            if include is not None and restricted <= self.policy.restricted_exact_limit:
                return self._search_subset(q, k, visible, include)
            return self._search_ann(q, k, visible, include, exclude)

    def best_videos(self, probes, n: int, video_ids=None, exclude_video_ids=None) -> list[str] | None:
        """The first ``n`` videos for each of ``probes`` by their best moment (``ExactMatrix.best_videos``),
        read under the library's read lock from the in-memory matrix as of now; None where there is no
        such matrix in step with the tables (above the ANN threshold, or no search yet): search each probe."""
        with self._conn.reading():
            ex = self.exact
            if ex is None or self._conn.table(S.MOMENTS) is None \
                    or ex.synced != self._versions(self._videos.state().version):
                return None
            return ex.best_videos(probes, n, video_ids, exclude_video_ids)

    def preload(self) -> None:
        """Load the in-memory search matrix now (e.g. from a GUI's background thread at startup)
        instead of on the first query; a no-op above the ANN threshold."""
        with self._conn.reading():
            dim, state = self._conn.meta.dim, self._videos.state()
            if not dim or self._conn.table(S.MOMENTS) is None:
                return
            if state.visible_moments < self.policy.ann_threshold or not self.has_ann_index():
                self._search_exact(np.zeros(dim, np.float32), 1, state.visible, None, [], state.version)

    def cached_moments(self, video_id: str, block_key: tuple, videos_version: int) -> list[MomentRecord] | None:
        """A video's moments from the search matrix when it holds that block as of these table
        versions (a reader's matrix: no table read), else None."""
        ex = self.exact
        if ex is None or ex.blocks.get(video_id, (None,))[0] != block_key \
                or ex.synced != self._versions(videos_version):
            return None
        return ex.records(video_id)

    def cached_many(self, blocks: dict, videos_version: int) -> dict[str, list[MomentRecord]]:
        """``cached_moments`` of several videos ({video_id: block_key}), the matrix's versions looked
        at once (a look costs a call into LanceDB: 3 ms each, 1 s for 350 videos on a loaded machine)."""
        ex = self.exact
        if ex is None or not blocks or ex.synced != self._versions(videos_version):
            return {}
        return {vid: ex.records(vid) for vid, key in blocks.items() if ex.blocks.get(vid, (None,))[0] == key}

    def _versions(self, videos_version: int) -> tuple:
        """The (videos, moments) table versions an in-memory matrix reflects."""
        return (videos_version, self._conn.table(S.MOMENTS).version)

    def _search_exact(self, q, k, visible, include, exclude, videos_version: int) -> list[MomentHit]:
        dim = self._conn.meta.dim
        ex = self.exact
        if ex is None or ex.dim != dim:
            ex = self.exact = ExactMatrix(dim)
        key = self._versions(videos_version)
        if ex.synced != key:  # only after a commit / refresh, and then only new blocks are read
            ex.sync(visible, lambda vids: read_rows(self._conn, vids, _HIT_COLUMNS + ["vector"]))
            ex.synced = key
        rows, scores = ex.search(q, k, include, exclude)
        cols = {name: column[rows].tolist() for name, column in ex.meta.items()}
        return _hits({**cols, "video_id": [ex.vid(r) for r in rows]}, scores, range(len(rows)))

    def _search_subset(self, q, k, visible, include) -> list[MomentHit]:
        """Exact search over the moments of a few videos, read on demand (no cache)."""
        rows = read_rows(self._conn, include, _HIT_COLUMNS + ["vector"])
        rows = rows.filter(pa.array(_visible_mask(rows, visible)))
        scores = S.fsl_to_numpy(rows.column("vector"), self._conn.meta.dim) @ q
        return _hits(rows.select(_HIT_COLUMNS).to_pydict(), scores, top_k(scores, k))

    def _search_ann(self, q, k, visible, include, exclude) -> list[MomentHit]:
        clauses = []
        if include is not None:
            clauses.append(ids.sql_in("video_id", include))
        if exclude:
            clauses.append("NOT (" + ids.sql_in("video_id", exclude) + ")")
        where = " AND ".join(clauses) or None
        table = self._conn.table(S.MOMENTS)
        n_rows = table.count_rows()
        fetch = max(2 * k + 32, 64)
        while True:
            rows = self._conn.read_table(S.MOMENTS, lambda t: ann_query(t, q, fetch, where, self.policy, _HIT_COLUMNS))
            got = rows.num_rows
            scores_all = 1.0 - rows.column("_distance").to_numpy(zero_copy_only=False)
            keep = _visible_mask(rows, visible)
            if keep.sum() >= k or got < fetch or fetch >= n_rows:
                break
            fetch *= 4  # too many hits were invisible (stale epochs): ask for more
        idx = np.flatnonzero(keep)
        order = idx[np.argsort(-scores_all[idx], kind="stable")][:k]
        return _hits(rows.select(_HIT_COLUMNS).to_pydict(), scores_all, order)


def _hits(cols: dict[str, list], scores: np.ndarray, order) -> list[MomentHit]:
    """The hits of rows ``order`` of these columns (``_HIT_COLUMNS``), scored."""
    return [MomentHit(moment_id=ids.moment_id(cols["video_id"][i], cols["epoch"][i], cols["index"][i]),
                      video_id=cols["video_id"][i], index=cols["index"][i], start=cols["start"][i],
                      end=cols["end"][i], thumb_time=cols["thumb_time"][i], score=float(scores[i]))
            for i in order]


def _visible_mask(rows: pa.Table, visible) -> np.ndarray:
    vids = rows.column("video_id").to_pylist()
    want = np.array([visible[v][0][1] if v in visible else -1 for v in vids], np.int64)
    return rows.column("epoch").to_numpy() == want
