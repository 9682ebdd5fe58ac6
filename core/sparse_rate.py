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

The first ``PACKETS`` packets of the stream (or those of its first ``SPAN_S`` seconds) are read by a
demuxer of its own, not decoded: a few megabytes at most of a 4K file, which the reader reads next.
Packets without a timestamp between them (an MPEG-TS/PS stamping a PES every so many frames) count
as frames: a 25 fps TS stamped every 30 frames is no slideshow."""

from __future__ import annotations

import av
import numpy as np

from core import file_open
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
    times: list[int] = []
    first = last = n = 0  # (the packets counted up to the first and the last timed one: untimed ones between)
    try:
        with file_open.open_file(reader.path, reader.budget.timeout_s) as container:  # (as the reader opened it)
            stream = container.streams[reader.index]
            for packet in container.demux(stream):
                if not packet.size:
                    continue
                n += 1
                t = packet.pts if packet.pts is not None else packet.dts
                if t is not None:
                    times.append(int(t))
                    first, last = first or n, n
                    if len(times) >= PACKETS or (max(times) - min(times)) * reader.tb > SPAN_S:
                        break
                if n >= MAX_PACKETS:
                    break
    except (av.FFmpegError, OSError, IndexError):
        return False
    if len(times) < 2:
        return False
    return float((max(times) - min(times)) * reader.tb) / (last - first) > 1.0 / fps


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
    every frame) says it; a Matroska, FLV or MPEG-TS/PS file's first packets (:func:`_head_times`: a screen
    recording remuxed to MKV or TS missed 9 of its 50 stills' frames), read as :func:`sparser` reads them."""
    stream = reader.stream
    if not reader.tb or not getattr(stream.codec_context, "has_b_frames", False):
        return False
    if "mov" in str(reader.container.format.name).split(","):
        try:
            times = np.fromiter((e.timestamp for e in stream.index_entries if not e.is_discard), dtype=np.int64)
        except (AttributeError, TypeError, ValueError, OverflowError):  # (a PyAV without index_entries)
            return False
    elif claimed(reader.container):
        times = _head_times(reader)
    else:
        return False
    if len(times) < 2:
        return False
    gaps = np.diff(np.sort(times)) * float(reader.tb)
    gaps = gaps[gaps <= FORWARD_S]  # (a clock that jumps, a dropout, a 33-bit MPEG clock wrapping: no still)
    held = float(gaps[gaps >= STILL_S].sum())
    return held > 0 and held >= STILL_SHARE * float(gaps.sum())


def _head_times(reader) -> np.ndarray:
    """The presentation times of the first ``HEAD_PACKETS`` packets of ``reader``'s stream (or of its first
    ``HEAD_BYTES``, or ``SPAN_S`` seconds), demuxed, not decoded; none where a packet among them has no
    timestamp (an MPEG-TS/PS stamping a PES every so many frames: its gaps are no stills) or they cannot be
    read here (the reader fails on them itself)."""
    times: list[int] = []
    size = 0
    try:
        with file_open.open_file(reader.path, reader.budget.timeout_s) as container:  # (as the reader opened it)
            for packet in container.demux(container.streams[reader.index]):
                if not packet.size:
                    continue
                if packet.pts is None:
                    return np.zeros(0, np.int64)
                times.append(int(packet.pts))
                size += packet.size
                if (len(times) >= HEAD_PACKETS or size >= HEAD_BYTES
                        or abs(times[-1] - times[0]) * reader.tb > SPAN_S):
                    break
    except (av.FFmpegError, OSError, IndexError):
        return np.zeros(0, np.int64)
    return np.asarray(times, np.int64)
