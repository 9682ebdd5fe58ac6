"""Stray timestamps in a format whose clock may jump (MPEG-TS/PS, Ogg, Dahua DVR:
``timeline.may_jump``), for :class:`core.av_reader.FrameReader`.

A frame stamped more than ``timeline.FORWARD_S`` (10 s) past the frame decoded before it is either
a stray timestamp (one packet stamped hours off, which a timeline's scan keeps out of its segments:
timed by order, one frame after the last) or the next frame after frames the decoder skipped by
choice (keyframes only, ``skip="nonkey"``: a 15 s group of pictures; a keyframe more than 10 s
from the last one was read as stray, and an MPEG-TS with 15 s groups gave keyframes at 0.1 s and
0.2 s for 0 s and 15 s). The demuxer's packets tell them apart, since every packet goes by it,
decoded or skipped: ``reader.reach`` is how far the timestamps of the packets read since the
decoder started (a seek, a file opened again) run on, each at most ``FORWARD_S`` past the furthest
before it. A stray packet does not extend it (nor do the packets after a jump of the clock that no
timeline cuts: their frames stay timed by order, as before); the packets between two keyframes do.
"""

from __future__ import annotations

import math

from core.timeline import FORWARD_S


def restart(reader) -> None:
    """The demuxer starts again elsewhere (a seek, the file opened again): no packet read yet."""
    reader.reach = -math.inf


def note(reader, s: float) -> None:
    """A packet whose timestamp is ``s`` seconds (the frame times' clock) was read."""
    if not math.isfinite(reader.reach) or s <= reader.reach + FORWARD_S:
        reader.reach = max(reader.reach, s)


def stray(reader, t: float) -> bool:
    """Whether a frame of time ``t``, decoded next, has a stray timestamp: in a format whose clock
    may jump, more than ``FORWARD_S`` past the frame before it (none walked over between), and
    past what the packets read since run on to."""
    return (reader.walks and reader.settled and not reader.walked and math.isfinite(reader.last_t)
            and t > reader.last_t + FORWARD_S and t > reader.reach + FORWARD_S)
