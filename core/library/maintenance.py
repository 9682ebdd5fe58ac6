"""Compaction, ANN index upkeep and statistics of a ``VideoLibrary``.

Policy: ``maybe_optimize()`` (called by the indexer after each commit) runs ``optimize()`` only
every ``SearchPolicy.optimize_every_commits`` writes or ``optimize_every_rows`` moments, or when
the visible moments crossed ``ann_threshold`` and no ANN index exists yet. At the end of a run
(``seekframe index``, a writer's ``close()``) ``optimize_needed()`` adds one case: a table that
piled up more than ``max_fragments`` fragments over many small runs; a run that changed little
optimizes nothing. ``optimize()`` compacts the tables, folds new rows into existing indices
(LanceDB's incremental index update), prunes old versions, keeps a scalar index on the moments'
``video_id`` (one video's moments without a full read), and creates the IVF_HNSW_SQ index once;
it rebuilds it only when the table grew by ``rebuild_growth`` since the build (the IVF
partitioning was trained on far fewer rows).
"""

from __future__ import annotations

import os
import time

from core.library import schema as S
from core.library.records import DONE
from core.library.vector_search import hnsw_sq_config

VECTOR_INDEX = "vector_idx"
VIDEO_ID_INDEX = "video_id_idx"


class MaintenanceMixin:
    def _index_names(self) -> set[str]:
        t = self._table(S.MOMENTS)
        if t is None:
            return set()
        return {ix.name for ix in t.list_indices()}

    def _has_ann_index(self) -> bool:
        key = self._table(S.MOMENTS).version if self._table(S.MOMENTS) is not None else None
        cached = getattr(self, "_ann_cache", None)
        if cached is None or cached[0] != key:
            self._ann_cache = (key, VECTOR_INDEX in self._index_names())
        return self._ann_cache[1]

    def _ann_unindexed(self) -> int:
        """Moments the ANN index does not cover yet (committed since its last build or update):
        LanceDB searches them exactly beside the index and merges by score, so they are found at
        once; ``optimize()`` folds them in. 0 without an index."""
        t = self._table(S.MOMENTS)
        for ix in (t.list_indices() if t is not None else []):
            if ix.name == VECTOR_INDEX:
                return int(ix.num_unindexed_rows)
        return 0

    def _visible_count(self) -> int:
        return self._videos_state().visible_moments

    def optimize(self, *, build_index: bool = True, cleanup_older_than=None) -> dict:
        """Compact all tables, update indices, drop old versions; create/rebuild the ANN index.

        Versions younger than ``cleanup_older_than`` (default ``policy.cleanup_older_than``,
        1 hour) are kept so read-only handles in other processes keep working.
        """
        with self._mutex:
            self._check_writable()
            t0 = time.perf_counter()
            older = cleanup_older_than if cleanup_older_than is not None \
                else self.policy.cleanup_older_than
            for name in (S.VIDEOS, S.MOMENTS, S.CAPTIONS):
                t = self._table(name)
                if t is not None:
                    t.optimize(cleanup_older_than=older)
            report = {"index": "none"}
            moments = self._table(S.MOMENTS)
            if build_index and moments is not None:
                report["index"] = self._maintain_ann_index(moments)
            if moments is not None and moments.count_rows() and VIDEO_ID_INDEX not in self._index_names():
                from lancedb.index import BTree  # one video's moments without reading the table

                moments.create_index("video_id", config=BTree(), replace=True, name=VIDEO_ID_INDEX)
            self._commits_since_opt = 0
            self._rows_since_opt = 0
            report["seconds"] = round(time.perf_counter() - t0, 3)
            return report

    def _maintain_ann_index(self, moments) -> str:
        visible = self._visible_count()
        has = VECTOR_INDEX in self._index_names()
        if visible < self.policy.ann_threshold:
            return "kept" if has else "none"
        n_rows = moments.count_rows()
        built_rows = int(self._meta.extra.get("ann_rows", 0) or 0)
        if has and (not built_rows or n_rows <= self.policy.rebuild_growth * built_rows):
            return "updated"  # t.optimize() above already indexed the new rows
        moments.create_index("vector", config=hnsw_sq_config(n_rows, self.policy),
                             replace=True, name=VECTOR_INDEX)
        self._write_meta(extra={**self._meta.extra, "ann_rows": n_rows})
        return "rebuilt" if has else "created"

    def optimize_due(self) -> bool:
        """Whether ``maybe_optimize()`` would run now."""
        with self._mutex:
            p = self.policy
            if (self._commits_since_opt >= p.optimize_every_commits
                    or self._rows_since_opt >= p.optimize_every_rows):
                return True
            return bool(self._commits_since_opt) and self.index_build_due()

    def optimize_needed(self) -> bool:
        """Whether a writer ending a run (``seekframe index``, ``close()``) should optimize: when
        ``optimize_due()``, or when a table holds more than ``policy.max_fragments`` fragments
        (small runs add up). A run that changed little (a re-scan, a few videos) leaves the tables
        as they are: compacting costs more than a few fragments do."""
        with self._mutex:
            if self.read_only or self._closed:
                return False
            if self.optimize_due():
                return True
            for name in (S.VIDEOS, S.MOMENTS, S.CAPTIONS):
                t = self._table(name)
                fragments = ((t.stats() or {}).get("fragment_stats") or {}) if t is not None else {}
                if int(fragments.get("num_fragments", 0)) > self.policy.max_fragments:
                    return True
            return False

    def index_build_due(self) -> bool:
        """Whether the next ``optimize()`` builds or rebuilds the ANN index (can take minutes:
        ~40 s at 100k 512-d moments on 2 cores); lets a caller tell the user first."""
        with self._mutex:
            if self.read_only or not self._meta.dim or self._visible_count() < self.policy.ann_threshold:
                return False
            if not self._has_ann_index():
                return True
            built = int(self._meta.extra.get("ann_rows", 0) or 0)
            t = self._table(S.MOMENTS)
            return bool(built) and t.count_rows() > self.policy.rebuild_growth * built

    def maybe_optimize(self) -> bool:
        """Cheap check after each commit; optimizes only every N commits / rows (see module doc)."""
        with self._mutex:
            self._check_writable()
            due = self.optimize_due()
            if due:
                self.optimize()
            return due

    def stats(self) -> dict:
        with self._mutex:
            self._check_open()
            vids = self._videos_state().records
            by_status: dict[str, int] = {s: 0 for s in S.VIDEO_STATUSES}
            for v in vids:
                by_status[v.status] = by_status.get(v.status, 0) + 1
            captions = self._table(S.CAPTIONS)
            size = 0
            for dirpath, _, files in os.walk(self.root):
                for f in files:
                    try:
                        size += os.path.getsize(os.path.join(dirpath, f))
                    except OSError:
                        pass
            return {
                "videos": len(vids),
                "by_status": by_status,
                "offline": sum(1 for v in vids if v.offline),
                "moments": sum(v.n_moments for v in vids if v.status == DONE),
                "captions": captions.count_rows() if captions is not None else 0,
                "model_id": self._meta.model_id,
                "model_source": self._meta.model_source,
                "dim": self._meta.dim,
                "ann_index": self._has_ann_index() if self._meta.dim else False,
                "ann_unindexed": self._ann_unindexed() if self._meta.dim else 0,
                "size_bytes": size,
            }
