"""The search policy over the moments table, and its exact search.

Below ``SearchPolicy.ann_threshold`` visible moments (or while no ANN index exists) a query is
answered exactly by an in-memory float32 matrix (``ExactMatrix``): ~8 ms at 100k moments against
~340 ms for LanceDB's unindexed scan. Above it, LanceDB's IVF_HNSW_SQ index answers, which
``optimize()`` builds once and then extends with delta indices; rows committed since are scanned
exactly beside it. The measurements (latency, float16, partition sizes): ``benchmarks/RESULTS.md``.

``ExactMatrix`` caches vectors per *block* = one committed epoch of one video. A block never
changes once its video row points at it (a re-index writes a new epoch), so after a commit or a
``refresh()`` only the new blocks are read from disk and dropped blocks are tombstoned.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from core.library.ids import chunks
from core.library.records import MomentRecord
from core.library.schema import fsl_to_numpy

BlockKey = tuple  # (video_id, epoch, indexed_at)
VECTOR_INDEX = "vector_idx"  # the ANN index of the moments table


@dataclass
class SearchPolicy:
    ann_threshold: int = 250_000  # visible moments at/above which the ANN index is used
    nprobes: int = 20  # IVF partitions probed per query
    ef: int = 120  # HNSW candidate list size
    refine_factor: int | None = 3  # re-rank 3*k candidates with full vectors: SQ alone caps recall
    restricted_exact_limit: int = 100_000  # a video_ids filter covering fewer rows → exact search
    rebuild_growth: float = 2.0  # rebuild the index when the table grew this much since the build
    rows_per_partition: int = 1 << 20  # IVF partitions of the HNSW-SQ index (never below LANCE_PARTITION_ROWS)
    max_delta_indices: int = 16  # rebuild once the updates left more delta indices than this (each searched)
    max_unindexed_rows: int = 10_000  # a writer ending a run that left more rows beside the ANN index optimizes
    optimize_every_commits: int = 50
    optimize_every_rows: int = 20_000
    max_fragments: int = 64  # a table with more fragments is compacted at the end of a run


LANCE_PARTITION_ROWS = 1 << 20  # LanceDB's IVF_HNSW_SQ target partition size (LanceDB 0.40)


def hnsw_sq_config(n_rows: int, policy: SearchPolicy):
    """IVF partitions of at least ``LANCE_PARTITION_ROWS`` rows (one up to 2M rows): at every update
    LanceDB joins away any partition under a quarter of its target, whatever the index was built
    with, and a join rewrites the whole index, HNSW graphs included; a large one gets a delta."""
    from lancedb.index import HnswSq

    rows = max(policy.rows_per_partition, LANCE_PARTITION_ROWS)
    return HnswSq(distance_type="cosine", num_partitions=max(1, n_rows // rows), m=20,
                  ef_construction=300, target_partition_size=rows)


def ann_query(table, vector: np.ndarray, limit: int, where: str | None, policy: SearchPolicy,
              columns: list[str]) -> pa.Table:
    q = (
        table.search(vector.astype(np.float32), vector_column_name="vector")
        .distance_type("cosine")
        .nprobes(policy.nprobes)
        .ef(max(policy.ef, limit * (policy.refine_factor or 1)))  # lance needs ef >= candidates
        .select(list(columns) + ["_distance"])
        .limit(limit)
    )
    if policy.refine_factor:
        q = q.refine_factor(policy.refine_factor)
    if where:
        q = q.where(where, prefilter=True)
    return q.to_arrow()


def normalise(v: np.ndarray, dim: int, what: str) -> np.ndarray:
    v = np.asarray(v, np.float32).reshape(-1)
    if v.shape[0] != dim:
        raise ValueError(f"{what} has dimension {v.shape[0]}, the library's model uses {dim}")
    n = float(np.linalg.norm(v))
    if not np.isfinite(n) or n == 0.0:
        raise ValueError(f"{what} is zero or not finite")
    return v / n


def top_k(scores: np.ndarray, k: int) -> np.ndarray:
    """Indices of the k largest finite scores, best first."""
    if k <= 0 or scores.size == 0:
        return np.zeros(0, np.int64)
    idx = np.argpartition(-scores, k - 1)[:k] if k < scores.size else np.arange(scores.size)
    idx = idx[np.argsort(-scores[idx], kind="stable")]
    return idx[np.isfinite(scores[idx])]


class ExactMatrix:
    """In-memory matrix of the visible moments, synced block by block."""

    _META = ("index", "epoch", "start", "end", "thumb_time")

    def __init__(self, dim: int):
        self.dim = dim
        self.size = 0  # rows used (alive + dead)
        self.dead = 0
        self.synced = None  # (videos version, moments version) the matrix reflects
        self.blocks: dict[str, tuple[BlockKey, int, int]] = {}  # video_id -> (key, start, count)
        self._vid_code: dict[str, int] = {}
        self._vids: list[str] = []
        self._alloc(1024)

    def _alloc(self, cap: int) -> None:
        self.mat = np.zeros((cap, self.dim), np.float32)
        self.alive = np.zeros(cap, bool)
        self.vcode = np.zeros(cap, np.int32)
        self.meta = {n: np.zeros(cap, np.int64 if n in ("index", "epoch") else np.float64)
                     for n in self._META}

    def _rebuild(self, new_cap: int) -> None:
        """Re-allocate with ``new_cap`` rows, dropping dead rows."""
        old = (self.mat, self.alive, self.vcode, self.meta)
        keep = np.flatnonzero(old[1][: self.size])
        self._alloc(new_cap)
        n = len(keep)
        self.mat[:n] = old[0][keep]
        self.alive[:n] = True
        self.vcode[:n] = old[2][keep]
        for name in self._META:
            self.meta[name][:n] = old[3][name][keep]
        # blocks are contiguous and kept in order, so their new starts follow from the remap
        remap = np.full(self.size + 1, -1, np.int64)
        remap[keep] = np.arange(n)
        self.blocks = {v: (key, int(remap[s]), c) for v, (key, s, c) in self.blocks.items()}
        self.size, self.dead = n, 0

    def _code(self, vid: str) -> int:
        code = self._vid_code.get(vid)
        if code is None:
            code = self._vid_code[vid] = len(self._vids)
            self._vids.append(vid)
        return code

    @property
    def count(self) -> int:
        return self.size - self.dead

    def sync(self, visible: dict[str, tuple[BlockKey, int]],
             fetch: Callable[[list[str] | None], pa.Table]) -> None:
        """Make the matrix hold exactly the ``visible`` blocks ({video_id: (key, n_moments)});
        ``fetch(video_ids)`` returns the moments rows of those videos (``None``: all rows)."""
        for vid, (key, start, cnt) in list(self.blocks.items()):
            if vid not in visible or visible[vid][0] != key:
                self.alive[start: start + cnt] = False
                self.dead += cnt
                del self.blocks[vid]
        missing = [v for v, (key, n) in visible.items() if v not in self.blocks and n > 0]
        if not missing:
            return
        need = self.count + sum(visible[v][1] for v in missing)
        if need > len(self.alive):  # room for them all now: no copy of the matrix per part read
            self._rebuild(max(need + need // 8, 1024))
        # a bounded read each (``ID_CHUNK`` videos): the whole table read at once (every moment's
        # vector, then again in order) left the allocator holding ~3x the matrix for good: 1.3 GB
        # resident at 200,000 moments of 256 floats, a matrix of 0.2 GB
        for part in chunks(missing):
            self._append(fetch(part), visible)
        if self.dead > 10_000 and self.dead > self.size // 4:
            self._rebuild(max(int(self.count * 1.25), 1024))

    def _append(self, rows: pa.Table, visible: dict[str, tuple[BlockKey, int]]) -> None:
        if rows.num_rows == 0:
            return
        enc = pc.dictionary_encode(rows.column("video_id")).combine_chunks()
        dict_vids = enc.dictionary.to_pylist()
        want = np.array([visible[v][0][1] if v in visible and v not in self.blocks else -1
                         for v in dict_vids], np.int64)
        codes = enc.indices.to_numpy(zero_copy_only=False)
        epochs = rows.column("epoch").to_numpy()
        keep = np.flatnonzero(epochs == want[codes])
        if keep.size == 0:
            return
        # group rows by video, ordered by moment index, so each block is contiguous
        index = rows.column("index").to_numpy()[keep]
        order = keep[np.lexsort((index, codes[keep]))]
        vecs = fsl_to_numpy(rows.column("vector").take(pa.array(order)), self.dim)
        n = len(order)
        if self.size + n > len(self.alive):  # grow, dropping dead rows
            self._rebuild(max(int((self.count + n) * 1.5), 1024))
        s = self.size
        self.mat[s: s + n] = vecs
        self.alive[s: s + n] = True
        for name in self._META:
            self.meta[name][s: s + n] = rows.column(name).to_numpy()[order]
        ocodes = codes[order]
        bounds = np.flatnonzero(np.diff(ocodes)) + 1
        starts = np.concatenate([[0], bounds])
        ends = np.concatenate([bounds, [n]])
        for a, b in zip(starts, ends):
            vid = dict_vids[ocodes[a]]
            self.vcode[s + a: s + b] = self._code(vid)
            self.blocks[vid] = (visible[vid][0], s + int(a), int(b - a))
        self.size += n

    def _rows_of(self, vids) -> np.ndarray:
        parts = [np.arange(s, s + c) for v in vids if v in self.blocks
                 for _, s, c in [self.blocks[v]]]
        return np.concatenate(parts) if parts else np.zeros(0, np.int64)

    def search(self, q: np.ndarray, k: int, video_ids=None, exclude_video_ids=None):
        """(rows, scores) of the k best alive rows, best first."""
        q = np.asarray(q, np.float32).reshape(-1)
        ex = np.array([self._vid_code.get(v, -1) for v in exclude_video_ids or ()], np.int32)
        if video_ids is not None:
            rows = self._rows_of(video_ids)
            rows = rows[~np.isin(self.vcode[rows], ex)]
            scores = self.mat[rows] @ q
            best = top_k(scores, k)
            return rows[best], scores[best]
        scores = self.mat[: self.size] @ q
        hidden = ~self.alive[: self.size]
        if ex.size:  # most searches exclude nothing: no extra pass over every row then
            hidden |= np.isin(self.vcode[: self.size], ex)
        scores[hidden] = -np.inf
        best = top_k(scores, k)
        return best, scores[best]

    def best_videos(self, probes: np.ndarray, n: int, video_ids=None, exclude_video_ids=None) -> list[str]:
        """The first ``n`` videos for each of ``probes`` by their best alive moment, in one product;
        ``video_ids`` (None: any) and ``exclude_video_ids`` as ``search``'s."""
        if self.size == 0:
            return []
        scores = self.mat[: self.size] @ np.asarray(probes, np.float32).T
        codes = self.vcode[: self.size]
        hidden = ~self.alive[: self.size]
        if exclude_video_ids:
            hidden |= np.isin(codes, [self._vid_code.get(v, -1) for v in exclude_video_ids])
        if video_ids is not None:
            hidden |= ~np.isin(codes, [self._vid_code[v] for v in video_ids if v in self._vid_code])
        scores[hidden] = -np.inf
        order = np.argsort(codes, kind="stable")  # (a video's rows together: its best moment a probe)
        codes = codes[order]
        starts = np.flatnonzero(np.r_[True, codes[1:] != codes[:-1]])
        best = np.maximum.reduceat(scores[order], starts, axis=0)
        out = []
        for col in best.T:
            top = np.argsort(-col, kind="stable")[:n]
            out.extend(self._vids[codes[starts[c]]] for c in top if np.isfinite(col[c]))
        return out

    def records(self, vid: str) -> list[MomentRecord]:
        """The moments of a video's block, by index, as ``MomentRecord``s (vectors copied)."""
        _, start, count = self.blocks[vid]
        m = self.meta
        return [MomentRecord(vid, int(m["epoch"][r]), int(m["index"][r]), float(m["start"][r]),
                             float(m["end"][r]), float(m["thumb_time"][r]), self.mat[r].copy())
                for r in range(start, start + count)]

    def vid(self, row: int) -> str:
        return self._vids[self.vcode[row]]
