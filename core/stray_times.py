"""Stray timestamps in a format whose clock may jump (MPEG-TS/PS, Ogg, Dahua DVR:
``timeline.may_jump``), for :class:`core.av_reader.FrameReader`.

A frame stamped more than ``timeline.FORWARD_S`` (10 s) past the frame decoded before it is either
a stray timestamp (one packet stamped hours off, which a timeline's scan keeps out of its segments:
timed by order, one frame after the last) or the next frame after frames the decoder skipped by
choice (keyframes only, ``skip="nonkey"``: a 15 s group of pictures; a keyframe more than 10 s
from the last one was read as stray, and an MPEG-TS with 15 s groups gave keyframes at 0.1 s and
0.2 s for 0 s and 15 s). The demuxer's packets tell them apart, since every packet goes by it,
decoded or skipped: ``reader.reach`` is how far the timestamps of the packets read since the
decoder started (from the time a seek went to; the file opened again: from its first packet) run
on, each at most ``FORWARD_S`` past the furthest before it. A stray packet does not extend it (nor
do the packets after a jump of the clock that no timeline cuts: their frames stay timed by order, as
before); the packets between two keyframes do.

How far the stream plays (``reader.packet_end``: ``played_s``, the end ``at`` answers None past)
counts a packet past that reach only once ``MIN_PACKETS`` (3) in a row lie past it, as a timeline's
scan keeps no segment of fewer (``note``): one packet stamped hours off made a 20 s MPEG-PS whose
last packet it was play 3 hours (its moments and recorded length ran to 3:00:20), and a 20 s
MPEG-TS read through answered its last frame, not its end, for any time up to 3 hours. A clock that
jumps and runs on from there (one no timeline cuts) still counts, as before.
"""

from __future__ import annotations

import math

from core.timeline import FORWARD_S, MIN_PACKETS


def restart(reader, at: float = -math.inf) -> None:
    """The demuxer starts again elsewhere: no packet read yet. After a seek, ``at`` is the time it
    went to, from which the packets run on: a first packet stamped far past it is stray too (one
    stamped 3 hours on, read first after a seek back, made a 20 s MPEG-TS play 3 hours); the file
    opened again: ``-inf``, its first packet taken as it comes."""
    reader.reach = at
    reader.past = (0, -math.inf)  # packets in a row read past the reach, and how far they go
    reader.read_to = -math.inf  # where the packets read since end (``reader_packets``; ``timeline_seek.jump``'s ahead)
    reader.untimed_from = (-math.inf, 0)  # (the last timed packet's time, and frames without one since: ``reader_packets``)


def note(reader, s: float, end: float) -> float:
    """A packet whose timestamp is ``s`` seconds (the frame times' clock), ending at ``end``, was
    read: how far it shows the stream plays (``-inf`` for a stray one, not yet known a jump). For a
    reader that ``walks`` only (the reader asks nothing of the others: their timestamps are the frames' times)."""
    if not math.isfinite(reader.reach) or s <= reader.reach + FORWARD_S:
        reader.reach = max(reader.reach, s)
        reader.past = (0, -math.inf)  # (those read past it, if any, were stray: the clock came back)
        return end
    n, far = reader.past
    reader.past = (n + 1, max(far, end))
    return reader.past[1] if n + 1 >= MIN_PACKETS else -math.inf


def stray(reader, t: float) -> bool:
    """Whether a frame of time ``t``, decoded next, has a stray timestamp: in a format whose clock
    may jump, more than ``FORWARD_S`` past the frame before it (none walked over between), and
    past what the packets read since run on to."""
    return (reader.walks and reader.settled and not reader.walked and math.isfinite(reader.last_t)
            and t > reader.last_t + FORWARD_S and t > reader.reach + FORWARD_S)
