"""Moments of a ``VideoLibrary``: orphan sweep, reads and search (commits: ``commit.py``)."""

from __future__ import annotations

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from core.library import schema as S
from core.library.records import MomentHit, MomentRecord
from core.library.vector_search import ExactMatrix, ann_query, normalise, top_k

_HIT_COLUMNS = ["video_id", "epoch", "index", "start", "end", "thumb_time"]


class MomentsMixin:
    def _visible(self) -> dict[str, tuple[tuple, int]]:
        return self._videos_state().visible

    def sweep_orphans(self) -> int:
        """Delete moments that no done video row points at; returns how many."""
        with self._mutex:
            self._check_writable()
            t = self._table(S.MOMENTS)
            if t is None or t.count_rows() == 0:
                return 0
            rows = t.search().select(["video_id", "epoch"]).limit(None).to_arrow()
            enc = pc.dictionary_encode(rows.column("video_id")).combine_chunks()
            vids = enc.dictionary.to_pylist()
            visible = self._visible()
            want = np.array([visible[v][0][1] if v in visible else -1 for v in vids], np.int64)
            codes = enc.indices.to_numpy(zero_copy_only=False)
            epochs = rows.column("epoch").to_numpy()
            bad = epochs != want[codes]
            n = int(bad.sum())
            if not n:
                return 0
            whole = [v for i, v in enumerate(vids) if want[i] < 0]
            partial = sorted({vids[c] for c in np.unique(codes[bad]) if want[c] >= 0})
            for i in range(0, len(whole), 500):
                t.delete(S.sql_in("video_id", whole[i: i + 500]))
            for v in partial:
                t.delete(f"video_id = '{S.check_video_id(v)}' AND epoch <> {int(visible[v][0][1])}")
            self._commits_since_opt += 1
            return n

    def _moments_rows(self, video_ids: list[str] | None, columns=None) -> pa.Table:
        t = self._table(S.MOMENTS)
        q = t.search().limit(None)
        if columns:
            q = q.select(columns)
        if video_ids is not None:
            q = q.where(S.sql_in("video_id", video_ids))
        return self._read(q.to_arrow)

    def moments_of(self, video_id: str) -> list[MomentRecord]:
        S.check_video_id(video_id)
        with self._mutex:
            self._check_open()
            state = self._videos_state()
            v = state.visible.get(video_id)
            if v is None or self._table(S.MOMENTS) is None:
                return []
            ex = self._exact  # a reader's search matrix holds them already: no table read
            if ex is not None and ex.blocks.get(video_id, (None,))[0] == v[0] \
                    and ex.synced == self._exact_key(state.version):
                return ex.records(video_id)
            rows = self._moments_rows([video_id])  # the video_id index finds them (maintenance)
            rows = rows.filter(pc.equal(rows.column("epoch"), v[0][1]))
            out = S.moments_from_arrow(rows, self._meta.dim)
            return sorted(out, key=lambda m: m.index)

    def moment(self, moment_id: str) -> MomentRecord | None:
        vid, epoch, index = S.parse_moment_id(moment_id)
        with self._mutex:
            self._check_open()
            v = self._visible().get(vid)
            t = self._table(S.MOMENTS)
            if v is None or v[0][1] != epoch or t is None:
                return None
            rows = self._read(t.search().where(
                f"video_id = '{vid}' AND epoch = {epoch} AND `index` = {index}").limit(1).to_arrow)
            got = S.moments_from_arrow(rows, self._meta.dim)
            return got[0] if got else None

    # ------------------------------------------------------------------ search
    def search_moments(self, vector, k: int, video_ids=None, exclude_video_ids=None) -> list[MomentHit]:
        """Cosine top-k over visible moments, best first; ``video_ids`` restricts, ``exclude_…`` drops."""
        include = None if video_ids is None else S.check_video_ids(video_ids)
        exclude = S.check_video_ids(exclude_video_ids) if exclude_video_ids else []
        k = int(k)
        with self._mutex:
            self._check_open()
            if k <= 0 or not self._meta.dim or self._table(S.MOMENTS) is None:
                return []
            q = normalise(vector, self._meta.dim, "query vector")
            state = self._videos_state()  # once: each look at a table's version costs a call into LanceDB
            visible, total = state.visible, state.visible_moments
            if include is not None:
                exset = set(exclude)
                include = [v for v in include if v in visible and v not in exset]
                if not include:
                    return []
                restricted = sum(visible[v][1] for v in include)
            if total < self.policy.ann_threshold or not self._has_ann_index():
                return self._search_exact(q, k, visible, include, exclude, state.version)
            self._exact = None  # above the threshold the in-memory matrix is not kept
            if include is not None and restricted <= self.policy.restricted_exact_limit:
                return self._search_subset(q, k, visible, include)
            return self._search_ann(q, k, visible, include, exclude)

    def _exact_key(self, videos_version: int | None = None) -> tuple:
        """The (videos, moments) table versions an in-memory matrix reflects."""
        if videos_version is None:
            videos_version = self._videos_state().version
        return (videos_version, self._table(S.MOMENTS).version)

    def _search_exact(self, q, k, visible, include, exclude, videos_version=None) -> list[MomentHit]:
        ex = self._exact
        if ex is None or ex.dim != self._meta.dim:
            ex = self._exact = ExactMatrix(self._meta.dim)
        key = self._exact_key(videos_version)
        if ex.synced != key:  # only after a commit / refresh, and then only new blocks are read
            ex.sync(visible, lambda vids: self._moments_rows(vids, _HIT_COLUMNS + ["vector"]))
            ex.synced = key
        rows, scores = ex.search(q, k, include, exclude)
        m = ex.meta
        return [MomentHit(moment_id=f"{ex.vid(r)}:{int(m['epoch'][r])}:{int(m['index'][r])}",
                          video_id=ex.vid(r), index=int(m["index"][r]), start=float(m["start"][r]),
                          end=float(m["end"][r]), thumb_time=float(m["thumb_time"][r]),
                          score=float(s)) for r, s in zip(rows, scores)]

    @staticmethod
    def _hits_from_rows(rows: pa.Table, scores: np.ndarray, order) -> list[MomentHit]:
        cols = {c: rows.column(c).to_pylist() for c in _HIT_COLUMNS}
        return [MomentHit(moment_id=f"{cols['video_id'][i]}:{cols['epoch'][i]}:{cols['index'][i]}",
                          video_id=cols["video_id"][i], index=cols["index"][i],
                          start=cols["start"][i], end=cols["end"][i],
                          thumb_time=cols["thumb_time"][i], score=float(scores[i]))
                for i in order]

    def _visible_mask(self, rows: pa.Table, visible) -> np.ndarray:
        vids = rows.column("video_id").to_pylist()
        want = np.array([visible[v][0][1] if v in visible else -1 for v in vids], np.int64)
        return rows.column("epoch").to_numpy() == want

    def _search_subset(self, q, k, visible, include) -> list[MomentHit]:
        """Exact search over the moments of a few videos, read on demand (no cache)."""
        rows = self._moments_rows(include, _HIT_COLUMNS + ["vector"])
        rows = rows.filter(pa.array(self._visible_mask(rows, visible)))
        scores = S.fsl_to_numpy(rows.column("vector"), self._meta.dim) @ q
        return self._hits_from_rows(rows, scores, top_k(scores, k))

    def _search_ann(self, q, k, visible, include, exclude) -> list[MomentHit]:
        clauses = []
        if include is not None:
            clauses.append(S.sql_in("video_id", include))
        if exclude:
            clauses.append("NOT (" + S.sql_in("video_id", exclude) + ")")
        where = " AND ".join(clauses) or None
        table = self._table(S.MOMENTS)
        n_rows = table.count_rows()
        fetch = max(2 * k + 32, 64)
        while True:
            rows = self._read(lambda: ann_query(table, q, fetch, where, self.policy, _HIT_COLUMNS))
            got = rows.num_rows
            scores_all = 1.0 - rows.column("_distance").to_numpy(zero_copy_only=False)
            keep = self._visible_mask(rows, visible)
            if keep.sum() >= k or got < fetch or fetch >= n_rows:
                break
            fetch *= 4  # too many hits were invisible (stale epochs): ask for more
        idx = np.flatnonzero(keep)
        order = idx[np.argsort(-scores_all[idx], kind="stable")][:k]
        return self._hits_from_rows(rows, scores_all, order)

    def preload(self) -> None:
        """Load the in-memory search matrix now (e.g. from a GUI's background thread at startup)
        instead of on the first query; a no-op above the ANN threshold."""
        with self._mutex:
            self._check_open()
            if not self._meta.dim or self._table(S.MOMENTS) is None:
                return
            visible = self._visible()
            if self._visible_count() < self.policy.ann_threshold \
                    or not self._has_ann_index():
                self._search_exact(np.zeros(self._meta.dim, np.float32), 1, visible, None, [])
