"""The indexer's two passes and its batched commits (docs/architecture.md, "core.indexer").

A *quick* pass decodes keyframes only and commits each video with ``quick=True``, so a large
folder is searchable within seconds; the *full* pass then decodes every video again and replaces
its quick moments under a new epoch. Finished videos are committed in batches, so short files
pay the LanceDB writes once per batch.
"""

from __future__ import annotations

import errno
import math
import os
import re
import time
from dataclasses import replace

from .library.records import DONE, MomentRecord, VideoRecord
from .video_info import READER, REREAD_17

QUICK, FULL = "quick", "full"
# the quick pass decodes between keyframes further apart (core.sparse_keys): a frame at least this
# often. x264's default of 250 frames stays keyframes only down to 12.5 fps (16.7 s at the 15 fps
# of many home cameras): decoding between those would make the quick pass cost ~0.9x the full one
QUICK_KEY_GAP_S = 20.0
# the quick pass cuts a file into at most this many moments (wider windows past 10 min at 4 s:
# core.moments.MomentSegmenter.window_for), so a long file's first look costs ~150 frames, not one
# per window (1,800 for 2 hours), and every file of a folder is searchable soon; the full pass fills in
QUICK_MAX_MOMENTS = 150
TWO_PASS_MIN_FILES = 8
TWO_PASS_MIN_BYTES = 1 << 30
# ... or this many seconds of video, by the files' headers: what the full pass costs grows with
# the length, not the count or the bytes (a lone 2-hour lecture of 700 MB took its whole full pass,
# many minutes, to be searchable). Below it the quick pass embeds about as many moments as the full
# one (one frame each: QUICK_MAX_MOMENTS windows of 4 s), so a few clips' full pass is their first look
TWO_PASS_MIN_S = 600.0
# the headers of a run's few files (fewer than TWO_PASS_MIN_FILES) are looked at within this, all
# together: a file on a share that stalls counts as no length rather than hold the run's start
HEADER_LOOK_S = 3.0


def wants_two_passes(setting: bool | None, jobs: list[VideoRecord], length=None) -> bool:
    """``IndexOptions.two_pass`` for this run's files; None: two passes from ``TWO_PASS_MIN_FILES``
    files, ``TWO_PASS_MIN_BYTES`` or ``TWO_PASS_MIN_S`` of video to index (``length`` of a record:
    ``header_seconds``; a few short clips would pay for keyframes twice)."""
    if setting is not None:
        return bool(setting)
    fresh = [r for r in jobs if not is_quick(r)]
    if len(fresh) >= TWO_PASS_MIN_FILES or sum(r.size for r in fresh) >= TWO_PASS_MIN_BYTES:
        return True
    until, total = time.monotonic() + HEADER_LOOK_S, 0.0
    for rec in fresh:  # (each looked at until the run's length is reached)
        left = until - time.monotonic()
        if length is not None:
            total += length(rec)
        else:  # (the time to look spent: its record's length, if any)
            total += header_seconds(rec, left) if left > 0 else max(0.0, float(rec.duration or 0.0))
        if total >= TWO_PASS_MIN_S:
            return True
    return False


def header_seconds(rec: VideoRecord, timeout_s: float = HEADER_LOOK_S) -> float:
    """How long ``rec``'s file plays by its container's header (no frame decoded for it), else by
    its record (a changed file's earlier length); 0.0 where neither says (a raw stream, a file that
    does not open: its decode says why, later). The look is one ``bounded_meta`` call bounded by
    ``timeout_s``: an open on a share that stopped answering blocks in the system, where FFmpeg's
    interrupt callback cannot stop it; one that does not answer counts as its record. Keyed by the file
    itself (``header_key``), not its folder: while it is stuck the other files of its folder, the library
    folder's own included, are looked at as ever (a search's results), not said offline
    (``bounded_meta.stuck_in``)."""
    from . import bounded_meta

    try:
        seconds = bounded_meta.call(header_key(rec.path), _header_length, rec.path, timeout_s, timeout_s=timeout_s)
    except Exception:  # noqa: BLE001 (no answer, or any failure to open it: its decode fails with words)
        seconds = 0.0
    return seconds if seconds > 0 and math.isfinite(seconds) else max(0.0, float(rec.duration or 0.0))


def header_key(path: str) -> str:
    """``header_seconds``'s ``bounded_meta`` key for ``path``: never a library folder's own, even where the
    library entry is this one video (``seekframe index ~/lecture.mp4``), which a stuck read would otherwise
    say offline, and missing in the window's status."""
    return "header:" + str(path)


def _header_length(path: str, timeout_s: float) -> float:
    """``header_seconds``'s look, in ``bounded_meta``'s thread: the file opened as it is (a header's
    length needs no chained Ogg's pages nor a hole's end: ``file_open.source``'s looks are passed over).
    An MP4 or QuickTime file (a camera's, a phone's) is read by its own index ('moov', ``core.mp4_header``)
    without FFmpeg: the indexing process never decodes and keeps PyAV out (tests/test_decode_pool.py)."""
    if os.path.splitext(path)[1].lower() in REREAD_17:
        from .mp4_header import video_seconds

        if (seconds := video_seconds(path)) > 0:
            return seconds
    from .file_open import open_source  # (PyAV: not loaded by a run with nothing to index, core.cli_models.noop_rescan)

    with open_source(str(path), timeout_s) as box:
        if box.duration and box.duration > 0:
            return box.duration / 1e6  # (AV_TIME_BASE)
        return max((float(s.duration * s.time_base) for s in box.streams.video if s.duration and s.time_base),
                   default=0.0)


def quick_spec(spec):
    """The quick pass's ``DecodeSpec`` from the full pass's: keyframes only, and between them where
    they lie more than ``QUICK_KEY_GAP_S`` apart; at most ``QUICK_MAX_MOMENTS`` moments a file."""
    return replace(spec, skip="nonkey", key_gap_s=QUICK_KEY_GAP_S, max_moments=QUICK_MAX_MOMENTS)


def is_quick(rec: VideoRecord) -> bool:
    """Searchable through its first pass's moments, waiting for the full pass."""
    return rec.status == DONE and rec.quick


def passes(jobs: list[VideoRecord], two: bool, rechecks: list[VideoRecord] = ()) -> list[tuple[str, list[VideoRecord]]]:
    """(phase, files) in order; quick videos of an earlier run skip the quick pass, and so do
    ``rechecks`` (``core.sync``: searchable already, most of them kept as they are)."""
    if not two:
        return [(FULL, list(jobs) + list(rechecks))]
    return [(QUICK, [r for r in jobs if not is_quick(r)]), (FULL, list(jobs) + list(rechecks))]


class Twins:
    """A pass's files of one content (the same content hash and size: hard links in one folder,
    byte-identical copies found new together): the first is decoded (``decode``), the others wait
    and take its moments (``copies``), as ``core.sync`` copies an indexed twin's, each committed
    whole; a run stopped before leaves them new, and the next run's plan copies them. A twin that
    fails on its content (a decode error, a crash: the same bytes fail the same way) fails its
    waiting twins with the same reason at once (``failed``); one that fails on its own file
    (``of_the_file``: unreadable, gone, replaced while it was read) or whose decode stopped
    unexpectedly hands its group on (``hand_on``): the next is decoded itself. A failure that may
    be the moment's rather than the bytes' (``of_the_moment``: a hang, a time bound, a process
    killed) hands on once, to a twin on another drive first: only when that one fails so too do
    the others fail with it. A waiting twin whose own file changed is decoded itself. Rechecked
    videos (indexed already) are never grouped."""

    def __init__(self, jobs: list[VideoRecord], rechecks=()):
        groups: dict[tuple[str, int], list[VideoRecord]] = {}
        self.decode: list[VideoRecord] = []  # the files to decode, in order
        for rec in jobs:
            if rec.content_hash and rec.video_id not in rechecks:
                group = groups.setdefault((rec.content_hash, rec.size), [])
                group.append(rec)
                if len(group) > 1:
                    continue
            self.decode.append(rec)
        # video id of the twin decoded -> the twins waiting for it (read by the decoding threads)
        self.waiting = {g[0].video_id: g[1:] for g in groups.values() if len(g) > 1}
        self.second: set[str] = set()  # twins decoded after a twin's failure ``of_the_moment``

    def pending(self) -> bool:
        """Whether twins wait on a decode, so more files may come to decode."""
        return bool(self.waiting)

    def copies(self, rec: VideoRecord, moments: list[MomentRecord], changed, put) -> list[tuple[VideoRecord, list[MomentRecord]]]:
        """``rec`` decoded into ``moments``: its waiting twins, each with its copy of them; a twin
        whose file ``changed`` since the scan (replaced, deleted) is ``put`` to decode itself
        (before ``rec`` stops waiting), as its content may no longer be ``rec``'s."""
        same = self._release(rec, changed, put)
        return [(t, [replace(m, video_id=t.video_id) for m in moments]) for t in same]

    def failed(self, rec: VideoRecord, reason: str, changed, put) -> list[VideoRecord]:
        """``rec``'s decode failed with ``reason``: its waiting twins that fail with it, as the
        failure is their content's; none when it is ``rec``'s file's (``of_the_file``, or its file
        ``changed`` since the scan): then its group is handed on. A twin whose own file ``changed``
        is ``put`` to decode itself (its content may no longer be ``rec``'s)."""
        if of_the_file(reason) or changed(rec):
            self.hand_on(rec, put)
            return []
        if of_the_moment(reason) and rec.video_id not in self.second:  # (a stall, a kill: tried once more)
            self.hand_on(rec, put, elsewhere=True)
            return []
        return self._release(rec, changed, put)

    def _release(self, rec: VideoRecord, changed, put) -> list[VideoRecord]:
        """``rec``'s waiting twins stop waiting: those whose file ``changed`` since the scan are ``put``
        to decode themselves (before ``rec`` stops waiting); the others are returned."""
        twins = self.waiting.get(rec.video_id, ())
        same = [t for t in twins if not changed(t)]
        for t in twins:
            if t not in same:
                put(t)
        self.waiting.pop(rec.video_id, None)
        return same

    def hand_on(self, rec: VideoRecord, put, elsewhere: bool = False) -> None:
        """``rec`` gave no moments to copy: its next twin is ``put`` to decode, the others wait for it
        (put before ``rec`` stops waiting: a decoding thread never finds nothing pending meanwhile).
        ``elsewhere``: ``rec`` failed ``of_the_moment``; the next is one on another drive when one
        is (a share that stalled stalls its other files too), and a failure of its own so is shared."""
        rest = self.waiting.get(rec.video_id)
        if rest:
            if elsewhere:
                rest = _other_drive_first(rec, rest)
            head, tail = rest[0], rest[1:]
            if elsewhere or rec.video_id in self.second:
                self.second.add(head.video_id)
            if tail:
                self.waiting[head.video_id] = tail
            put(head)
        self.waiting.pop(rec.video_id, None)


# what a decode's failure says when the file could not be read, whatever it holds (an OS error's
# text: core.video_open, core.unopenable.unopenable_reason, an OSError out of the decoder): its twin,
# another file of the same bytes, may read
_OF_THE_FILE = ("file not found", "not a regular file", "cannot read the file", "no such file",
                "permission denied", "operation not permitted", "input/output error", "stale file handle",
                "transport endpoint is not connected")
# an OS error's number as Python writes it ("[Errno 5] ..."); FFmpeg's errors (PyAV's) write theirs
# so too, a tag of its own far above any OS's (InvalidDataError: "[Errno 1094995529] Invalid data
# found when processing input": the content's)
_ERRNO = re.compile(r"\[errno (-?\d+)\]")


def of_the_file(reason: str) -> bool:
    """Whether a failed decode's ``reason`` is its file's (it could not be read), not its content's."""
    text = str(reason).lower()
    return any(s in text for s in _OF_THE_FILE) or any(int(n) in errno.errorcode for n in _ERRNO.findall(text))


# what a decode's failure says when it may be the moment's, not the bytes': out of time (a share
# or a disk that stalled, a machine too busy: core.errors.hung_reason, core.video_open.Budget),
# its process killed or gone (the OS's memory killer for another program's memory, a lost Ray
# worker: core.decode_pool, core.cluster.WORKER_DIED), out of the machine's memory (no bound set)
_OF_THE_MOMENT = ("decoding hung for more than", "decoding took longer than", "the decoder was killed",
                  "the decoder exited unexpectedly", "decoding ran out of memory", "its ray task failed")


def of_the_moment(reason: str) -> bool:
    """Whether a failed decode's ``reason`` may not come again for the same bytes read again."""
    return any(s in str(reason).lower() for s in _OF_THE_MOMENT)


def _other_drive_first(rec: VideoRecord, twins: list[VideoRecord]) -> list[VideoRecord]:
    """``twins`` with the first one on another device than ``rec``'s file moved to the front."""
    def device(r: VideoRecord):
        try:
            return os.stat(r.path).st_dev
        except OSError:
            return None

    own = device(rec)
    for i, t in enumerate(twins):
        if own is not None and device(t) not in (own, None):
            return [t, *twins[:i], *twins[i + 1:]]
    return list(twins)


class CommitBatcher:
    """Finished videos waiting, up to ``every_s`` and at most ``max_videos`` / ``max_moments``, to
    be committed together in one ``MomentTable.commit`` (each video whole or absent); rechecked
    videos kept as they are (``keep``) have their reader recorded with them, failed ones (``fail``)
    their failure, in one write for the batch (a run killed before it leaves them as they were:
    the next run tries them again)."""

    def __init__(self, library, every_s: float, max_videos: int, max_moments: int):
        self.library, self.every_s = library, float(every_s)
        self.max_videos, self.max_moments = max(1, int(max_videos)), max(1, int(max_moments))
        self.items: list[tuple[VideoRecord, list[MomentRecord]]] = []
        self.failures: list[tuple[VideoRecord, str]] = []  # (record, reason) to record as failed
        self.moments = 0
        self.since: float | None = None

    def add(self, rec: VideoRecord, moments: list[MomentRecord] | None) -> None:
        self._started()
        self.items.append((rec, moments))
        self.moments += len(moments or ())

    def keep(self, rec: VideoRecord) -> None:
        """A rechecked video whose moments stay: ``READER`` is recorded for it."""
        self.add(rec, None)

    def fail(self, rec: VideoRecord, reason: str) -> None:
        """A video that failed: recorded so (``VideoTable.record_failures``) with the batch."""
        self._started()
        self.failures.append((rec, reason))

    def _started(self) -> None:
        if not (self.items or self.failures):
            self.since = time.monotonic()

    def due(self) -> bool:
        waiting = len(self.items) + len(self.failures)
        return bool(waiting) and (waiting >= self.max_videos or self.moments >= self.max_moments
                                  or time.monotonic() - self.since >= self.every_s)

    def commit(self) -> list[tuple[VideoRecord, int | None]]:
        """Commit what waits; returns (the caller's record, moments; None: kept) of each video
        finished or kept (not of those failed: their events were said when they failed)."""
        items, failures = self.items, self.failures
        self.items, self.failures, self.moments, self.since = [], [], 0, None
        written = [(rec, moments) for rec, moments in items if moments is not None]
        if written:
            self.library.moment_table.commit(written)
        kept = [rec.video_id for rec, moments in items if moments is None]
        if kept:  # (after the moments: a crash between them checks these again, nothing lost)
            self.library.video_table.set_reader(kept, READER)
        if failures:  # (no video is both finished and failed in one pass)
            self.library.video_table.record_failures(failures)
        if written:
            self.library.maintenance.maybe_optimize()
        return [(rec, None if moments is None else len(moments)) for rec, moments in items]


def with_info(rec: VideoRecord, info) -> VideoRecord:
    """``rec`` with the decoded file's ``VideoInfo`` on it (changed in place, returned), as a
    full pass's video (``quick`` False: one left quick by an interrupted run would be planned
    again by every run; a quick pass marks it after)."""
    rec.duration, rec.fps, rec.frame_count = info.duration, info.fps, info.frame_count
    rec.width, rec.height, rec.codec = info.width, info.height, info.codec
    # a done video's ``error`` says it is cut short (core.errors.CutShort): indexed as far as it plays
    rec.error, rec.quick, rec.reader = info.cut_short, False, READER
    return rec
