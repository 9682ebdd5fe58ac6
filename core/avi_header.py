"""The frame rate of an AVI whose headers give none (written by broken software).

An AVI times its frames by its header's rate alone; when it says 0, FFmpeg (and every player)
reads it at 25 fps. A soundtrack, when there is one, still tells how long the video lasts.
"""

from __future__ import annotations

import struct

import av


def avi_header_lacks_rate(path) -> bool:
    """True when an AVI's main header (avih: microseconds per frame) and its video stream header
    (strh 'vids': scale, rate) both say nothing about the frame rate."""
    try:
        with open(path, "rb") as f:
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


def audio_seconds(path) -> float | None:
    """Length of the first audio stream, from its packets' timestamps (demuxed, not decoded)."""
    try:
        with av.open(str(path), metadata_errors="ignore") as c:
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


def avi_rate_from_audio(container, stream, path, max_fps: float) -> float | None:
    """Its frame count over its soundtrack's length for an AVI whose headers give no rate; None
    otherwise (a video-only one: 25 fps it is)."""
    if container.format.name != "avi" or not avi_header_lacks_rate(path):
        return None
    count = int(stream.frames or 0)
    seconds = audio_seconds(path)
    if count <= 0 or not seconds or seconds <= 0:
        return None
    real = count / seconds
    return real if 0 < real <= max_fps else None
