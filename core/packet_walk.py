"""A walk over a reader's packets (:meth:`Packets.walk`): on to the last keyframe at or
before a time, reading the packets before it without decoding them, and holding a bounded share.

A walk holds the packets since the last keyframe met (they are decoded from it), at most the bound
its caller gives (``WALK_HOLD_BYTES``). A group of pictures bigger than that (4K HEVC, a
100 Mbit/s screen or game recording with long groups) is dropped, and its keyframe remembered
(``Packets.dropped``: its byte position and timestamp): a later keyframe at or before the time makes
the drop free; where the walk ends inside the dropped group, the caller puts the demuxer back where
the walk began and walks again with ``key``: on to that keyframe without holding anything, stopping
right after it, so the group is decoded as it streams (``core.reader_seek``). Before, a walk that
passed the bound stopped there and the frames from it on to the time were all decoded: a seek from
the file's start decoded minutes of video.
"""

from __future__ import annotations

from collections import deque
from typing import NamedTuple


class Restart(NamedTuple):
    """In :class:`Packets`: the decoder's frames are dropped; it starts again at keyframe ``key``."""
    key: object


OWN = "own"  # (``Packets.dropped``: the decoder's own group, the packets before the first keyframe met)


# What a walk holds at most: the packets since the last keyframe met (or since it began), charged
# their bytes and ``PACKET_COST`` each (PyAV's packet, FFmpeg's buffer and padding: ~1.7 KB measured
# beyond the data of 100-byte packets). Where no keyframe comes for a long stretch (H.264 in an
# MPEG-PS, whose small frames share a PES: its keyframes carry no timestamp; damage), a walk read to
# the file's end holding everything it read: GBs for a 4 GB recording.
WALK_HOLD_BYTES = 64 << 20
PACKET_COST = 2048


class Packets:
    """A reader's packets in file order: those a walk read ahead (and :class:`Restart`) first, then
    the demuxer's. Held by the reader rather than by a generator, so that no packet read ahead is
    lost when the reader walks again."""

    def __init__(self, demuxed):
        self._demuxed, self.ahead = demuxed, deque()
        self.dropped = None  # (byte position, timestamp) of the keyframe whose group the last walk dropped

    def __iter__(self):
        return self

    def __next__(self):
        return self.ahead.popleft() if self.ahead else next(self._demuxed)

    def walk(self, t: float, seconds, *, key=None, own: bool = True, drop: bool = True, drop_own: bool = True) -> bool:
        """On to the last keyframe at or before ``t``: the groups of pictures before it are read
        but will not be decoded (a :class:`Restart` before it). Packets before the first keyframe
        met end the group the decoder is in: they stay when ``t`` lies in that group (``own``).
        ``seconds``: a packet's time (a :class:`Timeline`'s, or the stream's). Whether a keyframe
        was met. It holds at most ``WALK_HOLD_BYTES``: a group past it is dropped, its keyframe
        kept in ``dropped`` where no later one at or before ``t`` comes (the decoder's own group:
        ``packet_walk.OWN``); the caller then walks again from where this walk began, with
        ``key=dropped`` on to that keyframe only (:func:`walk`)."""
        return walk(self, t, seconds, WALK_HOLD_BYTES, _cost, key=key, own=own, drop=drop,
                                drop_own=drop_own)


def _cost(packet) -> int:
    """What holding ``packet`` costs (:data:`WALK_HOLD_BYTES`)."""
    return 0 if isinstance(packet, Restart) else packet.size + PACKET_COST


def walk(packets, t: float, seconds, bound: int, cost, *, key=None, own: bool = True, drop: bool = True,
         drop_own: bool = True) -> bool:
    """:meth:`Packets.walk` over ``packets`` (its ``ahead`` and ``dropped`` set here).
    ``own``: packets before the first keyframe met end the decoder's own group (held, up to
    ``bound``); else (after FFmpeg's seek, where the decoder rejects them) they are read and let
    go. Past ``bound``, a group is dropped and its keyframe remembered (``drop``), the decoder's
    own group dropped (``drop_own``: ``dropped`` is ``OWN`` where no keyframe at or before ``t``
    follows); else the walk stops there and what it holds is decoded on to ``t``. ``key``: (byte
    position, timestamp) of the keyframe to stop right after, nothing held before it; False when
    it is not met before a keyframe past ``t`` or the end."""
    packets.dropped = None
    if key is not None:
        return _to_key(packets, t, seconds, key)
    passed: list = []
    group: list | None = None
    dropped, held = None, 0
    for packet in packets:
        if isinstance(packet, Restart) or not packet.is_keyframe or packet.pts is None:
            if dropped is not None or (group is None and not own):
                continue  # (not decoded: a dropped group's, or rejected after a seek)
            (passed if group is None else group).append(packet)
            held += cost(packet)
            if held <= bound:
                continue
            if not (drop if group is not None else drop_own):
                break
            dropped = (group[1].pos, group[1].pts) if group is not None else OWN
            group, passed, held = None, [], 0
        elif seconds(packet) > t:
            packets.ahead.appendleft(packet)
            break
        else:
            group, held, dropped = [Restart(packet), packet], cost(packet), None
    if dropped is not None:
        packets.dropped = dropped
        return dropped != OWN
    packets.ahead.extendleft(reversed(group or passed))
    return group is not None


def _to_key(packets, t: float, seconds, key) -> bool:
    for packet in packets:
        if isinstance(packet, Restart) or not packet.is_keyframe or packet.pts is None:
            continue
        if (packet.pos, packet.pts) == key:
            packets.ahead.extendleft((packet, Restart(packet)))
            return True
        if seconds(packet) > t:
            packets.ahead.appendleft(packet)
            return False
    return False
