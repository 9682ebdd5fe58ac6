"""A pass's books (``PassBook``), the same for the local pipeline (``core.indexer``) and
``core.cluster``'s: its counts and ``IndexEvent``s, finished videos committed in batches, failures
recorded, and a file gone or changed while it was read told apart from a broken one."""

from __future__ import annotations

import time
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, Iterator

from . import failure_retry, reembed_failed
from .errors import EMPTY_FILE, EMPTY_REASON, is_not_video
from .index_passes import QUICK, CommitBatcher, with_info
from .library.records import MomentRecord, VideoRecord
from .as_scanned import hash_as_read, went_away
from .video_info import READER

if TYPE_CHECKING:
    from .indexer import MomentIndexer

PROGRESS_MIN_S = 60.0  # a file this long or longer says how far it is read (``PassBook.reading``) ...
PROGRESS_EVERY_S = 2.0  # ... at most this often, when no other event came meanwhile


@dataclass
class IndexEvent:
    # "scanned" | "pass_started" | "file_started" | "file_done" | "file_failed" | "file_checked"
    # (a video indexed by an earlier reader, kept as it was: core.sync; ``error``: it could not be
    # checked, and was kept all the same; "file_done"'s: it is cut short, and indexed as far as it
    # plays, core.errors.CutShort) | "file_away" (it could not be read and is no longer as
    # scanned, ``error`` says how: core.sync.went_away; kept as it was) | "file_progress" (a long
    # file read on: ``eta_s`` anew, ``PassBook.reading``) | "finished" | "cancelled"
    kind: str
    files_done: int = 0
    files_total: int = 0
    moments: int = 0  # moments committed so far in this run
    current: str = ""
    error: str = ""
    eta_s: float | None = None
    failed: list[tuple[str, str]] = field(default_factory=list)  # (path, reason), whole run so far
    # (path, why) given to index that are no file to read (a named pipe, a device: core.file_kinds.not_regular,
    # why without its SKIPPED): no failure, never retried nor recorded; whole run so far, apart from ``failed``
    skipped: list[tuple[str, str]] = field(default_factory=list)
    summary: dict = field(default_factory=dict)
    # "quick" (keyframes only, searchable soon) or "full"; files_done/files_total count this pass.
    # A two-pass run's "scanned" event has the quick pass's; "pass_started" opens the full one.
    phase: str = "full"


class PassBook:
    """A pass's bookkeeping, the same for the local pipeline and ``core.cluster``'s: its counts and
    events, the finished videos waiting in a ``CommitBatcher``, the failed ones recorded."""

    def __init__(self, indexer: MomentIndexer, jobs: list[VideoRecord], phase: str):
        opts, self.library = indexer.options, indexer.library
        self.failed, self.summary, self.broken = indexer.failed, indexer.summary, indexer.broken
        self.skipped = indexer.skipped
        self.rechecks = indexer.rechecks
        self.again = getattr(indexer, "reembedded", {})  # done videos embedded again (``SyncPlan.reembed``): {id: path}
        self.refailed = getattr(indexer, "reembed_failures", {})  # of those, the failed ones: {id: Failure}
        self.total, self.phase = len(jobs), phase
        self.done = self.moments = self.bytes_done = self.received = 0
        self.bytes_total = sum(r.size for r in jobs) or 1
        self.lengths: dict[str, float] = {}  # video id -> its header's length, files being read
        self.partly: dict[str, float] = {}  # video id -> bytes counted read of a file being read
        self.said_at = self.t0 = time.monotonic()  # (the latest event's time)
        self.commits = CommitBatcher(self.library, opts.commit_every_s, opts.commit_videos, opts.commit_moments)

    def event(self, kind: str, current: str = "", error: str = "") -> IndexEvent:
        self.said_at = time.monotonic()
        elapsed, done = self.said_at - self.t0, self.bytes_done + sum(self.partly.values())
        eta = None
        if done > 0 and elapsed > 0:
            eta = max(0.0, (self.bytes_total - done) / (done / elapsed))
        return IndexEvent(kind, files_done=self.done, files_total=self.total, moments=self.moments,
                          current=current, error=error, eta_s=eta, failed=list(self.failed),
                          skipped=list(self.skipped), summary=self.summary, phase=self.phase)

    def reading(self, kind: str, rec: VideoRecord, payload) -> Iterator[IndexEvent]:
        """A decode's message on the way: a long file's share read so far counts towards the ETA
        (its moments' end over the header's length, of its bytes), said as a "file_progress" event
        at most every ``PROGRESS_EVERY_S``: a 2-hour video among 2-second clips left the ETA where
        the clips had put it ("about 1 min left") for the minutes the video took."""
        if kind == "length":
            self.lengths[rec.video_id] = payload
        elif kind == "moment" and (length := self.lengths.get(rec.video_id, 0.0)) >= PROGRESS_MIN_S:
            self.partly[rec.video_id] = rec.size * min(1.0, max(0.0, payload.end / length))
            if time.monotonic() - self.said_at >= PROGRESS_EVERY_S:
                yield self.event("file_progress", current=rec.path)
        elif kind in ("lost", "differs"):  # (read again, or left for the next run)
            self.lengths.pop(rec.video_id, None)
            self.partly.pop(rec.video_id, None)

    def _read(self, rec: VideoRecord) -> None:
        """``rec`` is through: its bytes count whole."""
        self.lengths.pop(rec.video_id, None)
        self.partly.pop(rec.video_id, None)
        self.bytes_done += rec.size

    def finished(self, rec: VideoRecord, info, moments: list[MomentRecord]) -> None:
        """A decoded video, its ``VideoInfo`` and its moments: committed with the next batch."""
        with_info(rec, info).quick = self.phase == QUICK
        rec.content_hash = hash_as_read(rec)  # (replaced since the scan: not the scan's content)
        self.commits.add(rec, moments)
        self.received += 1
        self._read(rec)

    def kept(self, rec: VideoRecord) -> None:
        """A rechecked video shown as stored: its moments stay, its reader is recorded with the next batch."""
        self.commits.keep(rec)
        self.received += 1
        self._read(rec)

    def commit(self) -> Iterator[IndexEvent]:
        """The waiting finished videos: visible now, their "file_done" ("file_checked": kept) events after."""
        for rec, n in self.commits.commit():
            self.done += 1
            self.moments += n or 0
            yield self.event("file_done" if n is not None else "file_checked", current=rec.path,
                             error=rec.error if n is not None else "")  # (file_done: cut short)

    def fail(self, rec: VideoRecord, reason: str) -> IndexEvent:
        self.done += 1
        self.received += 1
        self._read(rec)
        if rec.video_id in self.rechecks:  # it was indexed: its moments are kept, checked again next run
            return self.event("file_checked", current=rec.path, error=reason)
        self.broken.add(rec.video_id)  # not decoded again in this run
        away = went_away(rec)
        if away:  # a drive unplugged, a file still being copied: kept as it was, tried next run
            return self.event("file_away", current=rec.path, error=f"{away}; reading it said: {reason}")
        if rec.video_id in self.again:  # (its file as it was when indexed: a failure keeps what it found then)
            before = reembed_failed.recorded(self.library.meta.settings).get(rec.video_id)
            reason = failure_retry.counted_after(before.reason if before else "", reason)
            fail = reembed_failed.Failure(rec.path, rec.size, rec.mtime, time.time(), reason,
                                          failure_retry.tries_again(reason))
            self.refailed[rec.video_id] = fail  # (recorded at the run's end: later plain runs pass it over)
            self.failed.append((rec.path, reembed_words(fail)))
            return self.event("file_failed", current=rec.path, error=self.failed[-1][1])
        reason = EMPTY_FILE if reason == EMPTY_REASON else reason  # (a 0-byte placeholder: no video yet)
        reason = failure_retry.recorded(rec, reason)  # (one of the moment: in how many runs in a row)
        self.commits.fail(replace(rec, reader=READER), reason)  # (with the batch; a later reader tries again)
        kind = "file_skipped" if is_not_video(reason) else "file_failed"  # (an audio file: recorded, never read again)
        self.failed += [(rec.path, reason)] if kind == "file_failed" else []
        return self.event(kind, current=rec.path, error=reason)


def reembed_words(fail: reembed_failed.Failure) -> str:
    """A run's words for a video whose embedding again failed (``fail``), or that it passed over so
    (``core.reembed_failed``): why, that its earlier moments are kept, and what tries it again."""
    n = failure_retry.runs(fail.reason)
    then = ("the next index tries it again" if fail.again
            else f"not tried again until the file changes: {reembed_failed.RETRY_WORDS}")
    runs = f"in {n} runs; " if n > 1 else ""
    return f"{failure_retry.bare(fail.reason)} ({runs}{reembed_failed.KEPT_WORDS}; {then})"
