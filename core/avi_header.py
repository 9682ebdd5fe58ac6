"""An AVI's frame times: the frame rate of one whose headers give none (written by broken
software), and its frames' times when its video has B-frames.

An AVI times its frames by its header's rate alone; when it says 0, FFmpeg (and every player)
reads it at 25 fps. A soundtrack, when there is one, still tells how long the video lasts.

It stores no presentation times either: one chunk per frame, in decoding order. FFmpeg guesses each
packet's from its place and its kind, a frame late for every frame of a stream with B-frames
(MPEG-4 ASP from DivX or XviD, H.264), and for H.264 gives some frames their neighbour's (frame 3 at
frame 4's time): :func:`in_order` hands the times out in rising order, :func:`shift` starts them at
the first frame's chunk, as players show them.
"""

from __future__ import annotations

import heapq
import struct
from collections import deque

import av

from core import file_open
from core.bounded_read import open_bytes

REORDER_DEPTH = 8  # frames held to hand out their times in order (more than any run of B-frames)


def in_order(frames, depth: int = REORDER_DEPTH):
    """An AVI's decoded ``frames`` (in the order they are shown) with their timestamps given out
    in rising order: the set of times FFmpeg guessed is right, which frame holds each is not."""
    held, stamps = deque(), []
    for frame in frames:
        held.append(frame)
        if frame.pts is not None:
            heapq.heappush(stamps, frame.pts)
        if len(held) > depth:
            yield _stamped(held.popleft(), stamps)
    while held:
        yield _stamped(held.popleft(), stamps)


def times_need_every_frame(reader) -> bool:
    """Whether ``reader``'s video is an AVI's with B-frames: the times :func:`in_order` hands out
    are each frame's own only when every frame is decoded (skipping those no other refers to, the
    B-frames, leaves their times to the frames after them: a frame early)."""
    return bool(getattr(reader, "avi", False) and reader.stream.codec_context.has_b_frames)


def _stamped(frame, stamps):
    if frame.pts is not None:
        frame.pts = heapq.heappop(stamps)
    return frame


def shift(reader, frame) -> None:
    """At an AVI's first decoded ``frame``: its time is its keyframe's chunk's (``reader.first_dts``),
    not FFmpeg's guess, a frame or more later with B-frames (``reader.origin`` moved by that; not
    by more than a decoder's delay, as where the index calls a frame before it a keyframe)."""
    late = frame.pts - reader.first_dts if frame.pts is not None else 0
    if reader.origin is not None and 0 < late <= REORDER_DEPTH:
        reader.origin += late
    reader.first_dts = None  # (done)


def avi_header_lacks_rate(path) -> bool:
    """True when an AVI's main header (avih: microseconds per frame) and its video stream header
    (strh 'vids': scale, rate) both say nothing about the frame rate."""
    try:
        with open_bytes(path) as f:
            head = f.read(1 << 16)
    except OSError:
        return False
    i, j = head.find(b"avih"), head.find(b"strh")
    while j >= 0 and head[j + 8 : j + 12] != b"vids":  # chunk id, size, then fccType
        j = head.find(b"strh", j + 4)
    if i < 0 or j < 0 or len(head) < max(i + 12, j + 36):
        return False
    usec = struct.unpack_from("<I", head, i + 8)[0]
    scale, rate = struct.unpack_from("<II", head, j + 28)
    return usec == 0 and (scale == 0 or rate == 0)


def audio_seconds(path, timeout_s: float | None = None) -> float | None:
    """Length of the first audio stream, from its packets' timestamps (demuxed, not decoded)."""
    try:
        with file_open.open_file(path, timeout_s, pages=False) as c:
            if not c.streams.audio:
                return None
            audio, end = c.streams.audio[0], None
            for packet in c.demux(audio):
                if packet.pts is not None and packet.time_base:
                    stop = (packet.pts + (packet.duration or 0)) * float(packet.time_base)
                    end = stop if end is None else max(end, stop)
            return end
    except av.FFmpegError:
        return None


def avi_rate_from_audio(container, stream, path, max_fps: float,
                        timeout_s: float | None = None) -> float | None:
    """Its frame count over its soundtrack's length for an AVI whose headers give no rate; None
    otherwise (a video-only one: 25 fps it is)."""
    if container.format.name != "avi" or not avi_header_lacks_rate(path):
        return None
    count = int(stream.frames or 0)
    seconds = audio_seconds(path, timeout_s)
    if count <= 0 or not seconds or seconds <= 0:
        return None
    real = count / seconds
    return real if 0 < real <= max_fps else None
