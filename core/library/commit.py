"""Writes that change what a video shows: the epoch-based commit (one video or a batch),
failures, moves and offline flags. The visibility rule is in ``store.py``'s module doc."""

from __future__ import annotations

import time
from dataclasses import replace

import numpy as np

from core.library import schema as S
from core.library.records import DONE, FAILED, MomentRecord, VideoRecord
from core.library.vector_search import normalise

_DELETE_CHUNK = 100  # videos per delete of stale epochs


class CommitMixin:
    def commit_video(self, record: VideoRecord, moments: list[MomentRecord]) -> VideoRecord:
        """Make ``moments`` the video's visible moments, all at once (see store.py's doc)."""
        return self.commit_videos([(record, moments)])[0]

    def commit_videos(self, items: list[tuple[VideoRecord, list[MomentRecord]]]) -> list[VideoRecord]:
        """``commit_video`` for several videos in three LanceDB writes instead of three each:
        (1) one append of all their moments, each video under a new epoch, invisible until
        (2) one merge of their rows (``done``, the new epochs): a single table version, so every
        video of the batch becomes visible at once, whole, or (a crash before it) none does and
        the appended moments are orphans the next writer sweeps; (3) one delete of their
        earlier epochs. ``record.quick`` is stored as given (the first pass's moments)."""
        with self._mutex:
            self._check_writable()
            self._check_bound()
            dim, now = self._meta.dim, time.time()
            ready_all: list[MomentRecord] = []
            recs: list[VideoRecord] = []
            stale: list[tuple[str, int]] = []
            for record, moments in items:
                vid = S.check_video_id(record.video_id)
                if any(r.video_id == vid for r in recs):
                    raise ValueError(f"video {vid} committed twice in one batch")
                _check_moments(vid, moments)
                old = self._videos_state().by_id.get(vid)
                prev = max(old.epoch if old else 0, self._epochs_written.get(vid, 0))
                epoch = prev + 1
                ready_all += [replace(m, epoch=epoch, index=int(m.index),
                                      vector=normalise(m.vector, dim, f"moment {m.index} of {vid}"))
                              for m in moments]
                recs.append(replace(record, status=DONE, error="", epoch=epoch, n_moments=len(moments),
                                    indexed_at=now, model_id=self._meta.model_id))
                if prev > 0:  # a re-index (or the second pass), or orphans of a failed try
                    stale.append((vid, epoch))
            if not recs:
                return []
            moments_t = self._table(S.MOMENTS)
            if ready_all:
                moments_t.add(S.moments_to_arrow(ready_all, dim))  # (1) invisible until (2)
            for r in recs:
                self._epochs_written[r.video_id] = r.epoch
            self._merge_videos(recs)  # (2) the flip, one version for the whole batch
            for i in range(0, len(stale), _DELETE_CHUNK):  # (3) earlier epochs
                moments_t.delete(" OR ".join(f"(video_id = '{vid}' AND epoch <> {int(e)})"
                                             for vid, e in stale[i: i + _DELETE_CHUNK]))
            self._rows_since_opt += len(ready_all)
            return [replace(r) for r in recs]

    def record_failure(self, record: VideoRecord, error: str) -> VideoRecord:
        return self.upsert_video(replace(record, status=FAILED, error=str(error), n_moments=0, quick=False))

    def move_video(self, video_id: str, path, root, size: int, mtime: float) -> VideoRecord:
        """A renamed/moved file: new location, same moments."""
        with self._mutex:
            self._check_writable()
            old = self._videos_state().by_id.get(S.check_video_id(video_id))
            if old is None:
                raise KeyError(f"unknown video {video_id}")
            rec = replace(old, path=str(path), root=str(root), size=int(size), mtime=float(mtime),
                          offline=False)
            self._merge_videos([rec])
            return replace(rec)

    def set_offline(self, video_ids, offline: bool) -> None:
        with self._mutex:
            self._check_writable()
            by_id = self._videos_state().by_id
            ids = S.check_video_ids(video_ids)
            recs = [replace(by_id[v], offline=bool(offline)) for v in ids
                    if v in by_id and by_id[v].offline != bool(offline)]
            if recs:
                self._merge_videos(recs)


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
