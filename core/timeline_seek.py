"""A seek by bytes in a file read through a timeline (``core.timeline``: joined MPEG-TS clips, an FLV
whose clock starts again): FFmpeg cannot seek it by time, so a reader walked its packets to the
keyframe before the wanted time (``core.reader_seek.walk``), from the file's start when the time was
behind it: a fresh reader (a result's thumbnail, the preview) asked for minute 50 of an hour-long
recording read 50 minutes of packets. The scan that made the timeline lists its keyframes (their
continuous time, byte position and timestamp: ``Timeline.keys``); :func:`jump` puts the demuxer at the
one the walk would have stopped at, by its byte position, and the walk goes on from there: the same
keyframe, the same packets after it, the same frames. Where the format cannot seek by bytes, or the
first packet read there is not that keyframe (its position, its timestamp), it reads from the file's
start as before.

A Dahua DVR file (``dhav``) is not sought so: FFmpeg refuses a byte seek in it, and its demuxer times
a packet by the one before (a chunk part-way through a second is timed on from the last one read),
so none read from elsewhere would be timed as a straight read times it. An Ogg chain's later links
need their own headers read first: not sought so either."""

from __future__ import annotations

import bisect
import itertools
import math

import av

from core import hwdecode, stray_times, timeline

FORMATS = {"mpegts", "flv"}  # (formats whose demuxer reads on from a byte position as from the start)
AHEAD_S = 2.0  # a walk ahead jumps where the keyframe lies further than this past the packets read (nearer, walked)


def key_before(tl: timeline.Timeline, t: float):
    """``(seconds, byte position, pts)`` of the keyframe a walk from the file's start stops at for
    ``t`` (the last before the first one past ``t``, in the file's order), or None when none is."""
    reach = list(itertools.accumulate((s for s, _, _ in tl.keys), max))
    k = bisect.bisect_right(reach, t)
    return tl.keys[k - 1] if k > 0 else None


def jump(reader, t: float, start: bool) -> bool | None:
    """Put ``reader``'s demuxer at the keyframe a walk to ``t`` stops at (``key_before``), by its
    bytes: True when it is there (its packets next); None when nothing was done (no such keyframe, a
    format not sought so, or, unless ``start``, the keyframe lies within ``AHEAD_S`` of the packets
    read, where walking on reads little); False when the seek failed or landed elsewhere: the file
    was then opened again, to be read from its start."""
    tl = reader.timeline
    if not tl or not tl.keys or FORMATS.isdisjoint(str(reader.container.format.name).split(",")):
        return None
    key = key_before(tl, t)
    if key is None or (not start and key[0] <= reader.packet_end + AHEAD_S):
        return None
    seconds, pos, pts = key
    try:
        reader.container.seek(pos, unsupported_byte_offset=True)
    except av.FFmpegError as e:
        timeline.read_failed(reader.path, e)  # (a read error of the moment raises: tried again later)
        reader._from_the_file_start()
        return False
    tl.restart(tl.segment_at(pos))
    reader.last_t, reader.ended, reader.settled, reader.sent = -math.inf, False, False, -math.inf
    stray_times.restart(reader, seconds)
    reader._it = hwdecode.guarded(reader, reader._frames())
    first = next(reader.packets, None)
    if first is None or isinstance(first, timeline.Restart) or not first.is_keyframe or (first.pos, first.pts) != (pos, pts):
        reader._from_the_file_start()
        return False
    reader.packets.ahead.appendleft(first)
    return True
