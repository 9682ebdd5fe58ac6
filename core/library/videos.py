"""``VideoTable``: the videos table of a library, read through a cache of its latest version. A
writer is the only writer: it patches its cache after each write instead of reading the table again.
"""

from __future__ import annotations

import time
from dataclasses import replace

from core.library import ids
from core.library import schema as S
from core.library.connection import Connection
from core.library.records import DONE, FAILED, VideoCache, VideoRecord


class VideoTable:
    def __init__(self, conn: Connection):
        self._conn = conn
        self._cache: VideoCache | None = None
        self._hidden: str | None = None  # (a reader's: the folder being forgotten its cache leaves out)
        self._epochs_written: dict[str, int] = {}  # epochs committed, also those of failed flips
        # moments no done row points at may be left, for the writer's close to sweep: a write of
        # this handle failed part-way, or a done video's row became failed or pending (``upsert``)
        self.unswept = False

    def forget(self) -> None:
        """Read the table again on next use: it may be another table of the same version (set
        aside and made anew by a repair while this handle did not hold the writer lock)."""
        self._cache = None

    def state(self) -> VideoCache:
        """The table at its current version (read again only when the version moved)."""
        t = self._conn.table(S.VIDEOS)
        version = t.version if t is not None else -1
        # a reader does not see the videos of a folder whose forget is under way or was interrupted
        # (the next writer's open finishes it): they are forgotten as far as the user is concerned
        meta = self._conn.meta  # (not those of the folders it keeps: ``LibraryMeta.forgets``)
        hidden = (meta.forgetting, tuple(meta.keeping or ())) if self._conn.read_only and meta.forgetting else None
        if self._cache is None or self._cache.version != version or self._hidden != hidden:
            recs = S.videos_from_arrow(self._conn.read_table(S.VIDEOS, lambda t: t.to_arrow(), S.VIDEOS_SCHEMA.empty_table)) if t is not None else []
            self._cache = VideoCache(version, {r.video_id: r for r in recs if not (hidden and meta.forgets(r.path))})
            self._hidden = hidden
        return self._cache

    def all(self) -> list[VideoRecord]:
        with self._conn.reading():
            return [r.copy() for r in self.state().records]

    def view(self) -> VideoCache:
        """The videos by id as they are now, uncopied (a search needs a few of 20,000): a read-only
        snapshot mapping, also ``done_key``; its records are shared with this handle, never change them."""
        with self._conn.reading():
            return self.state()

    def get(self, video_id: str) -> VideoRecord | None:
        ids.check_video_id(video_id)
        with self._conn.reading():
            r = self.state().by_id.get(video_id)
            return replace(r) if r else None

    def by_path(self, path) -> VideoRecord | None:
        found = next((r for r in self.view().values() if r.path == str(path)), None)
        return replace(found) if found else None

    def last_epoch(self, video_id: str) -> int:
        """The highest epoch the video's moments were written with (a flip that failed counts:
        its moments are orphans the next epoch must not meet)."""
        old = self.state().by_id.get(video_id)
        return max(old.epoch if old else 0, self._epochs_written.get(video_id, 0))

    def note_epochs(self, records: list[VideoRecord]) -> None:
        """Moments of these records' epochs were written (before their rows flip)."""
        self._epochs_written.update((r.video_id, r.epoch) for r in records)

    def merge(self, records: list[VideoRecord]) -> None:
        """Insert or replace rows, in one table version."""
        for r in records:
            ids.check_video_id(r.video_id)
            if r.status not in S.VIDEO_STATUSES:
                raise ValueError(f"invalid video status {r.status!r}")
        cache = self.state()
        t = self._conn.table(S.VIDEOS)
        (t.merge_insert("video_id").when_matched_update_all().when_not_matched_insert_all()
         .execute(S.videos_to_arrow(records)))
        self._conn.written_commits += 1
        by_id = dict(cache.by_id)
        by_id.update((r.video_id, replace(r)) for r in records)
        self._cache = VideoCache(t.version, by_id)

    def upsert(self, record: VideoRecord) -> VideoRecord:
        """Insert or replace a video row. The epoch is the library's: a stored one is kept."""
        return self.upsert_many([record])[0]

    def upsert_many(self, records: list[VideoRecord]) -> list[VideoRecord]:
        """Insert or replace video rows, in one table version (each as ``upsert`` does it; of
        one video's rows, the last)."""
        with self._conn.writing():
            by_id, recs = self.state().by_id, []
            for record in {ids.check_video_id(r.video_id): r for r in records}.values():
                rec = replace(record, epoch=self.last_epoch(ids.check_video_id(record.video_id)))
                old = by_id.get(rec.video_id)
                if old is not None and old.status == DONE and old.n_moments > 0 and rec.status != DONE:
                    self.unswept = True  # its moments are no done row's now (a re-index that failed)
                recs.append(rec)
            if recs:
                self.merge(recs)
            return [replace(r) for r in recs]

    def record_failure(self, record: VideoRecord, error: str) -> VideoRecord:
        return self.record_failures([(record, error)])[0]

    def record_failures(self, failures: list[tuple[VideoRecord, str]]) -> list[VideoRecord]:
        """Failed videos, ``(record, error)`` each, recorded in one table version (an indexing
        run's batch: ``core.index_passes.CommitBatcher``): one write, not one per file; each row's
        ``indexed_at`` the time of it (a run reached it then: ``core.stopped_runs``)."""
        now = time.time()
        return self.upsert_many([replace(r, status=FAILED, error=str(e), n_moments=0, quick=False, indexed_at=now)
                                 for r, e in failures])

    def move(self, video_id: str, path, root, size: int, mtime: float) -> VideoRecord:
        """A renamed/moved file: new location, same moments."""
        return self.move_many([(video_id, path, root, size, mtime)])[0]

    def move_many(self, moves: list[tuple[str, object, object, int, float]]) -> list[VideoRecord]:
        """Renamed/moved files, ``(video_id, path, root, size, mtime)`` each, in one table version:
        two names swapped are never seen half done (one path held by two videos)."""
        with self._conn.writing():
            by_id = self.state().by_id
            recs = []
            for video_id, path, root, size, mtime in moves:
                old = by_id.get(ids.check_video_id(video_id))
                if old is None:
                    raise KeyError(f"unknown video {video_id}")
                recs.append(replace(old, path=str(path), root=str(root), size=int(size), mtime=float(mtime),
                                    offline=False))
            if recs:
                self.merge(recs)
            return [replace(r) for r in recs]

    def reroot(self, roots: dict) -> None:
        """``{video_id: folder}``: those videos are that library folder's now (a forget keeping the
        folders another took in), in one table version; the rest of their rows as it was."""
        with self._conn.writing():
            by_id = self.state().by_id
            if recs := [replace(by_id[v], root=str(r)) for v, r in roots.items() if v in by_id and by_id[v].root != r]:
                self.merge(recs)

    def set_offline(self, video_ids, offline: bool) -> None:
        self._set(video_ids, offline=bool(offline))

    def set_reader(self, video_ids, reader: int) -> None:
        """These videos' moments are as ``reader`` would make them (checked: ``core.sync``)."""
        self._set(video_ids, reader=int(reader))

    def _set(self, video_ids, **values) -> None:
        """These fields of the rows of those ids (unknown ids skipped), in one merge of the rows they change."""
        with self._conn.writing():
            by_id = self.state().by_id
            recs = [replace(by_id[v], **values) for v in ids.check_video_ids(video_ids)
                    if v in by_id and any(getattr(by_id[v], k) != x for k, x in values.items())]
            if recs:
                self.merge(recs)

    def delete(self, video_ids, moments: bool = True) -> None:
        """Remove rows and their moments (the row first: its moments vanish at once); ``moments``
        False: the rows alone (videos kept a while by their content, ``gone_kept``: their moments stay)."""
        with self._conn.writing():
            gone = ids.check_video_ids(video_ids)
            self._cache = None
            try:
                for where in ids.sql_in_chunks("video_id", gone):
                    self._conn.table(S.VIDEOS).delete(where)
                    t = self._conn.table(S.MOMENTS)
                    if t is not None and moments:
                        t.delete(where)
            except BaseException:
                self.unswept = True
                raise
            if gone:
                self._conn.written_commits += 1
