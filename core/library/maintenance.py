"""``Maintenance``: compaction, ANN index upkeep and statistics of a library.

A refresh after a small run costs about the new rows: compaction merges only fragments covered by
the same indices, so the indexed fragments stay as they are, and the ANN index gets a delta index
over the new rows (its partitions are too large for LanceDB to join: ``hnsw_sq_config``). Each
delta covers its own fragments, which compaction then keeps apart until a rebuild.

An index covers the fragments it was built or updated over: rows written since (new videos, or a
video's new epoch: a re-index, a two-pass run's full pass replacing its quick pass) are scanned
exactly beside it until the next ``optimize()``, and the rows it covered are gone once their
videos were written again. A writer ending a run optimizes when more than
``policy.max_unindexed_rows`` wait beside an index, and the ANN index is rebuilt (not given a
delta over most of the table) once it covers under ``1 / rebuild_growth`` of the rows. A writer
closing or letting go of its lock (``optimize(build_index=False)``) creates no index, but rebuilds
a collapsed one by that same rule rather than give it a delta.
"""

from __future__ import annotations

import time
from collections import Counter
from datetime import timedelta

from core.errors import disk_full_message, is_disk_full
from core.library import schema as S
from core.library.connection import Connection
from core.library.moment_search import MomentSearch
from core.library.records import DONE
from core.library.vector_search import VECTOR_INDEX, SearchPolicy, hnsw_sq_config
from core.library.videos import VideoTable

VIDEO_ID_INDEX = "video_id_idx"


CLI_AFTER, CLI_LATER = "after this", "a later `seekframe index`"  # (``put_off_text``: the CLI's words)


def put_off_text(where, after: str = CLI_AFTER, later: str = CLI_LATER) -> str:
    """What a writer says when a full disk put off the library's optimize ``after`` its writes
    (``Maintenance.optimize_if_needed``): no failure, its exit code its own; ``later``: what optimizes
    it then, in this front end's words (the CLI's, or the window's re-scan: ``app.engine.let_go``)."""
    full = disk_full_message(where).split(". ")[0]  # ("the disk holding … is full (or … was reached)")
    return (f"{full}, so the library could not be optimized {after}; nothing was lost: every video is in "
            f"it and searchable as before. Free some space (or raise the limit), and {later} optimizes it.")


class Maintenance:
    def __init__(self, conn: Connection, videos: VideoTable, search: MomentSearch, policy: SearchPolicy):
        self._conn = conn
        self._videos = videos
        self._search = search
        self.policy = policy
        self.put_off = False  # a full disk stopped this handle's optimize: it does not try again (until it
        # writes again after letting go of its lock: ``VideoLibrary.take_writer``)

    def optimize_if_needed(self, *, build_index: bool = True) -> bool:
        """``optimize()`` when ``optimize_needed()`` (a writer ending a run, closing or letting go of
        its lock); False when a full disk stopped it, now or before on this handle (``put_off``: not
        tried again by it, a later writer's run does it). It is upkeep: its writes are whole or not
        made, so nothing is lost and the library stays as it was, searched as before."""
        if self.put_off or not self.optimize_needed():
            return not self.put_off
        try:
            self.optimize(build_index=build_index)
        except Exception as exc:
            if not is_disk_full(exc):
                raise
            self.put_off = True
            return False
        return True

    def optimize(self, *, build_index: bool = True, cleanup_older_than=timedelta(hours=1)) -> dict:
        """Compact all tables, fold new rows into their indices, drop old versions, keep a scalar
        index on the moments' ``video_id``; build the ANN index once, rebuild it when due.
        Versions younger than ``cleanup_older_than`` are kept so read-only handles in other
        processes keep working."""
        with self._conn.writing():
            t0 = time.perf_counter()
            moments = self._conn.table(S.MOMENTS)
            # decided first: a rebuild replaces the index, so the moments' own update does not
            # build a delta over the rows the index lacks (after a re-index, nearly all) before it
            plan = self._ann_plan(moments, build_index) if moments is not None else "none"
            for name in (S.VIDEOS, S.MOMENTS, S.CAPTIONS):
                t = self._conn.table(name)
                if t is not None and not (name == S.MOMENTS and plan == "rebuilt"):
                    t.optimize(cleanup_older_than=cleanup_older_than)
            report = {"index": plan}
            moments = self._conn.table(S.MOMENTS)
            if plan in ("created", "rebuilt"):
                self._build_ann_index(moments, cleanup_older_than, rebuild=plan == "rebuilt")
            if moments is not None and moments.count_rows() and VIDEO_ID_INDEX not in self._search.index_names():
                self._build_video_id_index(moments)
            self._conn.written_commits = self._conn.written_rows = 0
            report["seconds"] = round(time.perf_counter() - t0, 3)
            return report

    def _ann_plan(self, moments, build: bool) -> str:
        """What ``optimize()`` does to the ANN index: ``none`` / ``kept`` (below the threshold,
        without / with one), ``created``, ``rebuilt``, or ``updated`` (the table's own optimize
        folds the new rows in: a delta index). Without ``build`` (a writer closing or letting go
        of its lock) none is created and the index is rebuilt only when it ``_collapsed()``: a
        delta would then cost about what a rebuild does and keep the gone rows' entries."""
        has = VECTOR_INDEX in self._search.index_names()
        if self._videos.state().visible_moments < self.policy.ann_threshold:
            return "kept" if has else "none"
        if not has:
            return "created" if build else "none"
        n_rows = moments.count_rows()
        due = self._rebuild_due(moments, n_rows) if build else self._collapsed(moments, n_rows)
        return "rebuilt" if due else "updated"

    def _build_ann_index(self, moments, older, *, rebuild: bool) -> None:
        n_rows = moments.count_rows()
        moments.create_index("vector", config=hnsw_sq_config(n_rows, self.policy),
                             replace=True, name=VECTOR_INDEX)
        self._conn.write_meta(ann_rows=n_rows)
        if rebuild:  # the fragments the deltas kept apart now share one index: compact them here,
            self._build_video_id_index(moments)  # not in the next small run's refresh (both indices
            moments.optimize(cleanup_older_than=older)  # over every fragment: compaction joins them all)

    @staticmethod
    def _build_video_id_index(moments) -> None:
        from lancedb.index import BTree  # one video's moments without reading the table

        moments.create_index("video_id", config=BTree(), replace=True, name=VIDEO_ID_INDEX)

    def maybe_optimize(self) -> bool:
        """The indexer's cheap check after each commit: ``optimize()`` when ``optimize_due()``."""
        with self._conn.writing():
            due = self.optimize_due()
            if due:
                self.optimize()
            return due

    def optimize_due(self) -> bool:
        """Every ``optimize_every_commits`` writes or ``optimize_every_rows`` moments, or once the
        ANN index is due (``index_build_due``)."""
        with self._conn.mutex:
            p, conn = self.policy, self._conn
            if conn.written_commits >= p.optimize_every_commits or conn.written_rows >= p.optimize_every_rows:
                return True
            return bool(conn.written_commits) and self.index_build_due()

    def optimize_needed(self) -> bool:
        """Whether a writer ending a run (``seekframe index``, ``close()``) should optimize: when
        ``optimize_due()`` or ``too_many_fragments()`` (small runs add up). A run that changed
        little leaves the tables as they are: compacting costs more than a few fragments do; or
        when it left more rows than ``too_many_unindexed()`` beside an index of the moments."""
        with self._conn.mutex:
            if self._conn.read_only or self._conn.closed:
                return False
            return self.optimize_due() or self.too_many_fragments() or self.too_many_unindexed()

    def too_many_fragments(self) -> bool:
        """Whether a table holds more than ``policy.max_fragments`` fragments."""
        with self._conn.mutex:
            for name in (S.VIDEOS, S.MOMENTS, S.CAPTIONS):
                t = self._conn.table(name)
                fragments = ((t.stats() or {}).get("fragment_stats") or {}) if t is not None else {}
                if int(fragments.get("num_fragments", 0)) > self.policy.max_fragments:
                    return True
            return False

    def too_many_unindexed(self) -> bool:
        """Whether an index of the moments (the ANN index, the ``video_id`` one) leaves more than
        ``policy.max_unindexed_rows`` rows uncovered: each search scans those exactly."""
        with self._conn.mutex:
            t = self._conn.table(S.MOMENTS)
            return t is not None and any(int(ix.num_unindexed_rows or 0) > self.policy.max_unindexed_rows
                                         for ix in t.list_indices())

    def index_build_due(self) -> bool:
        """Whether the next ``optimize()`` builds or rebuilds the ANN index (can take minutes:
        ~40 s at 100k 512-d moments on 2 cores); lets a caller tell the user first."""
        with self._conn.mutex:
            if (self._conn.read_only or not self._conn.meta.dim
                    or self._videos.state().visible_moments < self.policy.ann_threshold):
                return False
            if not self._search.has_ann_index():
                return True
            t = self._conn.table(S.MOMENTS)
            return self._rebuild_due(t, t.count_rows())

    def _rebuild_due(self, moments, n_rows: int) -> bool:
        """An existing ANN index is rebuilt when the table grew by ``rebuild_growth`` since the
        build (its partitions were trained on far fewer rows), when it covers under
        ``1 / rebuild_growth`` of the rows (the rest were written since: a re-index, a two-pass
        run's full pass; a delta would be most of the table and keep the gone rows' entries), or
        when its updates, the next one counted, leave more than ``max_delta_indices`` deltas."""
        built, growth = self._conn.meta.ann_rows, self.policy.rebuild_growth
        if built and n_rows > growth * built:
            return True
        stats = moments.index_stats(VECTOR_INDEX)
        if not stats:
            return False
        if self._collapsed(moments, n_rows, stats):
            return True
        pending = 1 if stats.num_unindexed_rows else 0  # the delta the next update adds
        return (stats.num_indices or 1) - 1 + pending > self.policy.max_delta_indices

    def _collapsed(self, moments, n_rows: int, stats=None) -> bool:
        """Whether the ANN index covers under ``1 / rebuild_growth`` of the rows (most were written
        since it was built or updated)."""
        stats = stats or moments.index_stats(VECTOR_INDEX)
        return bool(stats) and n_rows > self.policy.rebuild_growth * int(stats.num_indexed_rows or 0)

    def stats(self) -> dict:
        conn = self._conn
        with conn.reading():
            vids = self._videos.state().records
            by_status = {s: 0 for s in S.VIDEO_STATUSES} | Counter(v.status for v in vids)
            captions = conn.table(S.CAPTIONS)
            return {
                "videos": len(vids),
                "by_status": by_status,
                "offline": sum(1 for v in vids if v.offline),
                "moments": sum(v.n_moments for v in vids if v.status == DONE),
                "captions": captions.count_rows() if captions is not None else 0,
                "model_id": conn.meta.model_id,
                "model_source": conn.meta.model_source,
                "dim": conn.meta.dim,
                "ann_index": self._search.has_ann_index() if conn.meta.dim else False,
                "ann_unindexed": self._search.ann_unindexed() if conn.meta.dim else 0,
                "size_bytes": conn.location.size_bytes(),  # a folder's, or its objects' under a URI
            }
