"""Whether a video whose header claims a frame rate comes sparser than it says, for
:meth:`core.media.FrameSampler._open`'s choice to decode a slideshow whole (``media.SPARSE_FPS``).

A slideshow, or a screen or security recording that writes a frame only when something changes,
says 25 or 30 frames a second where its container's rate is a header's word: Matroska's
DefaultDuration, FLV's metadata, the first frames FFmpeg looks at in an MPEG-TS/PS. Its frames are
timed by their timestamps all the same, but a decoder that skips the frames no other refers to
(indexing's ``nonref``) left out B-frames that each stood for seconds: an MKV slideshow of a slide
every 3 s said to be 30 frames a second gave a slide early for 48 of 119 times half a second apart.
MP4/MOV (a rate from its samples' own durations), AVI (its header's rate is its clock) and Ogg (the
same) are not asked. A video of B-frames is asked too whether frames of it shown half a second or more hold
a share of its time (:func:`stills`: a screen recording at a varying rate, 60 frames a second while something
moves, one for a still): an MP4/MOV's sample table, which FFmpeg holds whole, says it; a claimed container's
first packets do.

The first ``PACKETS`` packets of the stream (or those of its first ``SPAN_S`` seconds) are demuxed, not
decoded: a few megabytes at most of a 4K file, read on from the reader's own demux and kept for its decoder
where it has not sought (``reader_packets.Head``: the file opened once) and need keep no more than ``AHEAD_BYTES``
(an MPEG-TS/PS stamped every so many frames: up to ``MAX_PACKETS`` whole frames), else by a demuxer of its own; once
for a reader, for :func:`sparser` and :func:`stills` both (:func:`_taken`). A read error or stall the look meets
fails its take, not the reader (``Head``: it reads on from the file opened again).
Packets without a timestamp between them (an MPEG-TS/PS stamping a PES every so many frames) count
as frames: a 25 fps TS stamped every 30 frames is no slideshow."""

from __future__ import annotations

import contextlib

import av
import numpy as np

from core import file_open, mp4_samples
from core.part_cuts import FORWARD_S

CLAIMED = frozenset({"matroska", "webm", "flv", "mpegts", "mpeg"})  # (FFmpeg's format names)
PACKETS = 16
MAX_PACKETS = 1024  # (an MPEG-TS/PS whose frames mostly come without a timestamp: read no further)
SPAN_S = 120.0


def claimed(container) -> bool:
    """Whether the container's rate is a header's word, not its frames' (see the module doc)."""
    return not CLAIMED.isdisjoint(str(container.format.name).split(","))


def sparser(reader, fps: float) -> bool:
    """Whether the first packets of ``reader``'s stream come fewer than ``fps`` a second on average,
    in a container whose rate is only claimed. False where they cannot be read here (the reader
    fails on them itself)."""
    if not claimed(reader.container) or not reader.tb:
        return False
    take = _taken(reader, _Sparse)
    if take.failed or len(take.times) < 2:
        return False
    return float((max(take.times) - min(take.times)) * reader.tb) / (take.last - take.first) > 1.0 / fps


STILL_S = 0.5  # a frame shown this long: a skipped B-frame there stood for a sampled moment or more
# the share of the stream's time such frames hold for it to be decoded whole: a phone clip with a stutter
# or two (a frame held 0.5 s in a minute) loses at most a sampled frame or two, not worth 1.7× its decoding
STILL_SHARE = 0.05


HEAD_PACKETS = 600  # packets of a claimed container read at most for its stills (10 s at 60 a second)
HEAD_BYTES = 16 << 20  # (a camera's high-rate file stops here within a second or two: no screen recording)


def stills(reader) -> bool:
    """Whether ``reader``'s stream, one of reordered frames (B-frames), has frames shown ``STILL_S`` or more for
    ``STILL_SHARE`` of its time or more: a decoder skipping B-frames (indexing's ``nonref``) showed the frame
    before for the whole still (a screen recording at a varying rate and a slide every few seconds: for 26 of 86
    times half a second apart the frame before, up to 0.65 s). An MP4/MOV's sample table (the container's index,
    every frame; a fragmented one's with its fragments' tables, ``core.mp4_samples``: FFmpeg's index at open lists
    only the fragments its open read, the first few of a segment-indexed one, whose later stills reader 20 never
    saw) says it; a Matroska, FLV or MPEG-TS/PS file's first packets (:func:`_head_times`: a screen recording
    remuxed to MKV or TS missed 9 of its 50 stills' frames), read as :func:`sparser` reads them."""
    if not _reordered(reader):
        return False
    if _mov(reader):
        whole = mp4_samples.fragments_durations(reader.path, reader.stream.id)
        if whole is None:
            return index_stills(reader)
        runs, scale = whole
        counts = runs[:, 0].copy()
        counts[-1:] -= 1  # (the last sample's duration: no step to a next one, as in its index's times)
        return _held(runs[:, 1] / scale, counts)
    if claimed(reader.container):
        return _held_times(_head_times(reader), reader.tb)
    return False


def index_stills(reader) -> bool:
    """:func:`stills` of an MP4/MOV as the samples FFmpeg's index holds at open say it (reader 20's answer: all
    of them but in a fragmented file, see :func:`stills`)."""
    if not _reordered(reader) or not _mov(reader):
        return False
    try:
        times = np.fromiter((e.timestamp for e in reader.stream.index_entries if not e.is_discard), dtype=np.int64)
    except (AttributeError, TypeError, ValueError, OverflowError):  # (a PyAV without index_entries)
        return False
    return _held_times(times, reader.tb)


def _reordered(reader) -> bool:
    return bool(reader.tb) and bool(getattr(reader.stream.codec_context, "has_b_frames", False))


def _mov(reader) -> bool:
    return "mov" in str(reader.container.format.name).split(",")


def _held_times(times: np.ndarray, tb) -> bool:
    """:func:`_held` of the steps between these timestamps (in ``tb``), in order."""
    if len(times) < 2:
        return False
    gaps = np.diff(np.sort(times)) * float(tb)
    return _held(gaps, np.ones(len(gaps), np.int64))


def _held(gaps: np.ndarray, counts: np.ndarray) -> bool:
    """Whether frames shown ``STILL_S`` or more hold ``STILL_SHARE`` of the time: ``counts`` frames shown ``gaps``
    seconds each."""
    keep = gaps <= FORWARD_S  # (a clock that jumps, a dropout, a 33-bit MPEG clock wrapping: no still)
    time = gaps[keep] * counts[keep]
    held = float(time[gaps[keep] >= STILL_S].sum())
    return held > 0 and held >= STILL_SHARE * float(time.sum())


def _head_times(reader) -> np.ndarray:
    """The presentation times of the first ``HEAD_PACKETS`` packets of ``reader``'s stream (or of its first
    ``HEAD_BYTES``, or ``SPAN_S`` seconds), demuxed, not decoded; none where a packet among them has no
    timestamp (an MPEG-TS/PS stamping a PES every so many frames: its gaps are no stills) or they cannot be
    read here (the reader fails on them itself)."""
    take = _taken(reader, _Head)
    return np.zeros(0, np.int64) if take.failed or take.untimed else np.asarray(take.times, np.int64)


class _Sparse:
    """What :func:`sparser` takes of the first packets: the timestamps of the first ``PACKETS`` timed ones (or
    of ``SPAN_S`` seconds), and the counts of packets up to the first and the last (untimed ones between);
    ``MAX_PACKETS`` read at most."""

    def __init__(self, tb):
        self.tb, self.times, self.first, self.last, self.n = tb, [], 0, 0, 0
        self.done = self.failed = False

    def feed(self, pts, dts, size) -> None:
        self.n += 1
        t = pts if pts is not None else dts
        if t is not None:
            self.times.append(int(t))
            self.first, self.last = self.first or self.n, self.n
            self.done = len(self.times) >= PACKETS or (max(self.times) - min(self.times)) * self.tb > SPAN_S
        self.done = self.done or self.n >= MAX_PACKETS


class _Head:
    """What :func:`_head_times` takes: the presentation times of the first ``HEAD_PACKETS`` packets (or
    ``HEAD_BYTES``, or ``SPAN_S`` seconds); ``untimed`` where one among them has none."""

    def __init__(self, tb):
        self.tb, self.times, self.size = tb, [], 0
        self.done = self.failed = self.untimed = False

    def feed(self, pts, dts, size) -> None:
        if pts is None:
            self.untimed = self.done = True
            return
        self.times.append(int(pts))
        self.size += size
        self.done = (len(self.times) >= HEAD_PACKETS or self.size >= HEAD_BYTES
                     or abs(self.times[-1] - self.times[0]) * self.tb > SPAN_S)


def _taken(reader, kind):
    """``kind``'s take of the first packets of ``reader``'s stream, read once for the reader's file: the one
    demux (by a demuxer of its own, as the reader opened the file) feeds :func:`sparser`'s take and, for a
    stream of B-frames, :func:`stills`' too, each as far as it reads (one demux of a B-frame MKV/TS's head where
    each opened and read it again). A take its read failed before it was done is ``failed``."""
    key = (reader.path, reader.index)
    kept = getattr(reader, "_head_takes", None)
    if kept is None or kept[0] != key:
        kept = reader._head_takes = (key, {})
    takes = kept[1]
    if kind not in takes:
        wanted = [kind] + ([_Head] if kind is _Sparse and _head_wanted(reader) else [])
        takes.update(_read(reader, [k for k in wanted if k not in takes]))
    return takes[kind]


def _head_wanted(reader) -> bool:
    """Whether :func:`stills` will ask for the head too (a stream of B-frames; not known of a closed reader)."""
    try:
        return bool(getattr(reader.stream.codec_context, "has_b_frames", False))
    except ValueError:  # (its reader is closed)
        return False


AHEAD_BYTES = HEAD_BYTES  # the most the reader's own demux keeps read ahead for it (a frame or two of 4K past it)


def _read(reader, kinds: list) -> dict:
    """Each of ``kinds``' take, fed the stream's packets with data in order until it is done: those of the reader's
    own demux from the file's start where it can still give them (``reader_packets.Head``: an open reader that has
    not sought) and need not keep more than ``AHEAD_BYTES`` read ahead for it (an MPEG-TS/PS of 4K frames stamped
    every so many: up to ``MAX_PACKETS`` whole frames), else of the file opened again as the reader opened it."""
    head = getattr(reader, "head", None)
    if head is not None and head.whole and not reader.closed:
        with contextlib.suppress(type(head).Full):
            return _fed(reader.tb, kinds, lambda: head.ahead(AHEAD_BYTES))
    return _fed(reader.tb, kinds, lambda: _own(reader))


def _own(reader):
    with file_open.open_file(reader.path, reader.budget.timeout_s) as container:  # (as the reader opened it)
        for p in container.demux(container.streams[reader.index]):
            yield p.pts, p.dts, p.size


def _fed(tb, kinds: list, packets) -> dict:
    """Takes of ``kinds`` fed ``packets()``; those not done where it failed are ``failed``."""
    takes = {k: k(tb) for k in kinds}
    open_ = [t for t in takes.values() if not t.done]
    try:
        with contextlib.closing(packets()) as given:
            for pts, dts, size in given:
                if not size:
                    continue
                for take in open_:
                    take.feed(pts, dts, size)
                open_[:] = [t for t in open_ if not t.done]
                if not open_:
                    break
    except (av.FFmpegError, OSError, IndexError):
        for take in open_:
            take.failed = True
    return takes
