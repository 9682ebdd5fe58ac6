"""``MomentTable``: the moments of a library: the epoch-based commit, reads, the orphan sweep."""

from __future__ import annotations

import time
from dataclasses import replace

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from core.library import gone_kept, ids
from core.library import schema as S
from core.library.connection import Connection
from core.library.records import DONE, PENDING, MomentRecord, VideoRecord
from core.library.vector_search import normalise
from core.library.videos import VideoTable

_STALE_CHUNK = 100  # videos per delete of earlier epochs


def read_rows(conn: Connection, video_ids: list[str] | None, columns=None) -> pa.Table:
    """Moments rows of these videos (None: all), every epoch; ``columns`` only, when given."""
    def query(t):
        q = t.search().limit(None)
        if columns:
            q = q.select(columns)
        if video_ids is not None:
            q = q.where(ids.sql_in("video_id", video_ids))
        return q.to_arrow()
    return conn.read_table(S.MOMENTS, query, lambda: S.moments_schema(conn.meta.dim).empty_table())


class MomentTable:
    def __init__(self, conn: Connection, videos: VideoTable, cache):
        """``cache``: the search matrix that may hold moments already (``MomentSearch``): its
        ``cached_moments(video_id, block_key, videos_version)``, a video's or None, and
        ``cached_many({video_id: block_key}, videos_version)``, those of several it holds, by id."""
        self._conn = conn
        self._videos = videos
        self._cache = cache

    def commit(self, items: list[tuple[VideoRecord, list[MomentRecord]]]) -> list[VideoRecord]:
        """Several videos' moments made visible in three LanceDB writes: (1) one append of all
        their moments, each video under a new epoch, invisible until (2) one merge of their rows
        (``done``, the new epochs): a single table version, so every video of the batch becomes
        visible at once, whole, or (a crash before it) none does and the appended moments are
        orphans the next writer sweeps; (3) one delete of their earlier epochs. ``record.quick``
        (the first pass's moments) and ``record.error`` (a done video's: it is cut short,
        ``core.errors.CutShort``) are stored as given."""
        conn = self._conn
        with conn.writing():
            conn.check_bound()
            dim, now = conn.meta.dim, time.time()
            ready_all: list[MomentRecord] = []
            recs: list[VideoRecord] = []
            stale: list[tuple[str, int]] = []
            for record, moments in items:
                vid = ids.check_video_id(record.video_id)
                if any(r.video_id == vid for r in recs):
                    raise ValueError(f"video {vid} committed twice in one batch")
                _check_moments(vid, moments)
                prev = self._videos.last_epoch(vid)
                epoch = prev + 1
                ready_all += [replace(m, epoch=epoch, index=int(m.index),
                                      vector=normalise(m.vector, dim, f"moment {m.index} of {vid}"))
                              for m in moments]
                recs.append(replace(record, status=DONE, error=record.error, epoch=epoch, n_moments=len(moments),
                                    indexed_at=now, model_id=conn.meta.model_id))
                if prev > 0:  # a re-index (or the second pass), or orphans of a failed try
                    stale.append((vid, epoch))
            if not recs:
                return []
            table = conn.table(S.MOMENTS)
            try:
                if ready_all:
                    table.add(S.moments_to_arrow(ready_all, dim))  # (1) invisible until (2)
                self._videos.note_epochs(recs)
                self._videos.merge(recs)  # (2) the flip, one version for the whole batch
                for part in ids.chunks(stale, _STALE_CHUNK):  # (3) earlier epochs
                    table.delete(" OR ".join(f"(video_id = '{vid}' AND epoch <> {int(e)})" for vid, e in part))
            except BaseException:
                self._videos.unswept = True
                raise
            conn.written_rows += len(ready_all)
            return [replace(r) for r in recs]

    def of(self, video_id: str) -> list[MomentRecord]:
        """A video's visible moments, by index."""
        ids.check_video_id(video_id)
        with self._conn.reading():
            state = self._videos.state()
            v = state.visible.get(video_id)
            if v is None or self._conn.table(S.MOMENTS) is None:
                return []
            cached = self._cache.cached_moments(video_id, v[0], state.version)
            if cached is not None:
                return cached
            rows = read_rows(self._conn, [video_id])  # the video_id index finds them (maintenance)
            rows = rows.filter(pc.equal(rows.column("epoch"), v[0][1]))
            return sorted(S.moments_from_arrow(rows, self._conn.meta.dim), key=lambda m: m.index)

    def of_videos(self, video_ids) -> dict[str, list[MomentRecord]]:
        """Several videos' visible moments, by index, by video id (none: left out): from the search
        matrix where it holds them, the others in one read (a whole video's similar videos)."""
        video_ids = ids.check_video_ids(list(video_ids))
        out: dict[str, list[MomentRecord]] = {}
        with self._conn.reading():
            state = self._videos.state()
            if self._conn.table(S.MOMENTS) is None:
                return out
            wanted = {vid: state.visible[vid] for vid in video_ids if vid in state.visible}
            out.update(self._cache.cached_many({vid: v[0] for vid, v in wanted.items()}, state.version))
            left = [vid for vid in wanted if vid not in out]
            if left:
                got: dict[str, list[MomentRecord]] = {}
                for m in S.moments_from_arrow(read_rows(self._conn, left), self._conn.meta.dim):
                    if m.epoch == wanted[m.video_id][0][1]:
                        got.setdefault(m.video_id, []).append(m)
                out.update((vid, sorted(ms, key=lambda m: m.index)) for vid, ms in got.items())
        return out

    def get(self, moment_id: str) -> MomentRecord | None:
        """The visible moment of that id, or None (another epoch is no longer visible)."""
        vid, epoch, index = ids.parse_moment_id(moment_id)
        with self._conn.reading():
            v = self._videos.state().visible.get(vid)
            t = self._conn.table(S.MOMENTS)
            if v is None or v[0][1] != epoch or t is None:
                return None
            rows = self._conn.read_table(S.MOMENTS, lambda t: t.search().where(
                f"video_id = '{vid}' AND epoch = {epoch} AND `index` = {index}").limit(1).to_arrow(),
                lambda: S.moments_schema(self._conn.meta.dim).empty_table())
            got = S.moments_from_arrow(rows, self._conn.meta.dim)
            return got[0] if got else None

    def counts(self, video_ids: list[str]) -> dict[tuple[str, int], int]:
        """How many moment rows the table holds of these videos, per (video id, epoch): one query
        of two columns, however many videos (``core.sync_gone.revive``)."""
        with self._conn.reading():
            if not video_ids or self._conn.table(S.MOMENTS) is None:
                return {}
            rows = read_rows(self._conn, list(video_ids), ["video_id", "epoch"])
            counts = rows.group_by(["video_id", "epoch"]).aggregate([("epoch", "count")])
            return dict(zip(zip(counts.column("video_id").to_pylist(), counts.column("epoch").to_pylist()),
                            counts.column("epoch_count").to_pylist()))

    def epochs(self) -> pa.Table | None:
        """Each moment's ``video_id`` and ``epoch`` (None without a table): what ``short_videos``
        and ``sweep_orphans`` read, once for both at a writer's open."""
        with self._conn.reading():
            t = self._conn.table(S.MOMENTS)
            return None if t is None else self._conn.read_table(
                S.MOMENTS, lambda t: t.search().select(["video_id", "epoch"]).limit(None).to_arrow())

    def short_videos(self, rows: pa.Table | None = None) -> set[str]:
        """The done videos whose moments the table holds fewer of than their row says: lost to a
        table rolled back to an earlier version (its latest version file gone) or a data file gone.
        Not searchable as they are: their caller embeds them again. ``rows``: ``epochs()``, read."""
        with self._conn.reading():
            want = {v: (key[1], n) for v, (key, n) in self._videos.state().visible.items() if n > 0}
            rows = rows if rows is not None else self.epochs()
            if not want or rows is None:
                return set(want)
            counts = rows.group_by(["video_id", "epoch"]).aggregate([("epoch", "count")])
            have = dict(zip(zip(counts.column("video_id").to_pylist(), counts.column("epoch").to_pylist()),
                            counts.column("epoch_count").to_pylist()))
            return {v for v, (epoch, n) in want.items() if have.get((v, epoch), 0) < n}

    def mark_short(self, rows: pa.Table | None = None) -> set[str]:
        """``short_videos`` made pending (a writer's open): the next index embeds them again (what
        is left of their moments is swept). Which they were."""
        short = self.short_videos(rows)
        if short:
            self._videos.merge([replace(v, status=PENDING, n_moments=0, model_id="")
                                for v in self._videos.state().records if v.video_id in short])
        return short

    def lost_videos(self) -> set[str]:
        """``short_videos`` as a reader sees them (a writer's open makes them pending): read only
        when the table holds fewer rows than the done videos' moments (a count from its metadata),
        so a status of a whole library costs nothing more."""
        with self._conn.reading():
            want = sum(n for _key, n in self._videos.state().visible.values())
            have = self._conn.read_table(S.MOMENTS, lambda t: t.count_rows(), lambda: 0)
            return self.short_videos() if have < want else set()

    def sweep_orphans(self, rows: pa.Table | None = None) -> int:
        """Delete moments that no done video row points at; returns how many. ``rows``: ``epochs()``,
        read since the last write of moments."""
        with self._conn.writing():
            t = self._conn.table(S.MOMENTS)
            rows = rows if rows is not None or t is None else t.search().select(["video_id", "epoch"]).limit(None).to_arrow()
            if t is None or rows.num_rows == 0:
                return 0
            enc = pc.dictionary_encode(rows.column("video_id")).combine_chunks()
            vids = enc.dictionary.to_pylist()
            visible = self._videos.state().visible
            kept = gone_kept.epochs(self._conn.meta, visible)  # (a video removed, kept a while: ``gone_kept``)
            want = np.array([visible[v][0][1] if v in visible else kept.get(v, -1) for v in vids], np.int64)
            codes = enc.indices.to_numpy(zero_copy_only=False)
            bad = rows.column("epoch").to_numpy() != want[codes]
            n = int(bad.sum())
            if not n:
                return 0
            for where in ids.sql_in_chunks("video_id", [v for i, v in enumerate(vids) if want[i] < 0]):
                t.delete(where)
            for c in sorted({int(c) for c in np.unique(codes[bad]) if want[c] >= 0}, key=lambda c: vids[c]):
                t.delete(f"video_id = '{ids.check_video_id(vids[c])}' AND epoch <> {int(want[c])}")
            self._conn.written_commits += 1
            return n


def _check_moments(vid: str, moments: list[MomentRecord]) -> None:
    seen = set()
    for m in moments:
        if m.video_id != vid:
            raise ValueError(f"moment of video {m.video_id!r} committed with video {vid}")
        if not isinstance(m.index, (int, np.integer)) or m.index < 0:
            raise ValueError(f"invalid moment index {m.index!r}")
        if m.index in seen:
            raise ValueError(f"duplicate moment index {m.index} for video {vid}")
        seen.add(m.index)
