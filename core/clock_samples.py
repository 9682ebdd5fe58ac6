"""A file's video clock read at places of its bytes, without demuxing it: whether it runs on without
a jump, for :func:`core.timeline.steady` (which reads a whole file, ``timeline.scan``, only when not).

The clock is read at ``samples`` places spread over the bytes (a window of bytes each: the first
MPEG-1/MPEG-2 video PES header's PTS in it, :func:`pes_pts`, TS and PS alike; an Ogg's video pages'
granule positions, ``ogg_chain.clock``; a Dahua DVR file's chunk dates, ``dhav.clock``; an FLV's video
tags' timestamps, ``flv_clock.clock``). Two places
far apart in a long file lie minutes apart in time, and how many seconds a stretch of bytes holds
varies with the picture (a still scene takes few bytes a second): a gap between two samples tells
a forward jump of the clock only when it is far wider than the samples' usual spacing (4 times).
A narrower gap that is still wider than the jump a scan cuts at (``forward``: ``timeline.FORWARD_S``)
could hide one: a one-hour broadcast recording with a 60 s dropout read as steady, so no timeline
was made and every frame after the dropout was timed by order (keyframes 0.1 s apart, a seek
landing a minute off). Such a gap is read again at places between (:func:`_gaps_close`), halving
it until each part is a second under ``forward`` (a part that short holds no jump the scan would
cut, B-frames' reordering of the headers included), or two timestamps in a row stand that far apart
(a jump, or a still that long: either way the scan decides). About one place per 7 s of a long
file is read (~500 windows of 64 KB for an hour: ~30 MB, where the scan reads the hour's GBs),
never more than 4 per 9 s (past that, as when a window's bytes are damaged, the scan decides).
"""

from __future__ import annotations

from core import dhav, flv_clock, ogg_chain

TICKS = 90_000  # the clocks' units (90 kHz), a second
WRAP = 1 << 33  # (an MPEG timestamp's 33 bits wrap: on, not back)
OVERLAP = 1024  # bytes each window read on from a place shares with the one before (a header across both)
SEARCH_WINDOWS = 16  # windows read on from a place for the next timestamp (a large keyframe's bytes)


def steady(f, size: int, samples: int, window: int, forward: float, between: bool = True) -> bool:
    """Whether the video clock of the file open as ``f`` (binary; its data ``size`` bytes) runs on
    without going back more than a second or forward more than ``forward`` seconds, judged from
    ``samples`` places (a ``window`` of bytes each) and, where two of them leave it unsure, places
    between them (``between`` False: the samples alone, as reader 10 judged it). False when it
    jumps, or when too few timestamps are found to tell."""
    head = f.read(window)
    clock = ogg_chain.clock(head) or dhav.clock(head) or flv_clock.clock(head) or pes_pts

    def read(at: int) -> int | None:
        f.seek(at)
        return clock(f.read(window), at)

    try:
        return _steady(read, size, samples, window, forward * TICKS, between)
    except ogg_chain.Chained:
        return False


def _steady(read, size: int, samples: int, window: int, forward: float, between: bool = True) -> bool:
    found = [(at, pts) for k in range(samples) if (pts := read(at := size * k // samples)) is not None]
    if len(found) < min(samples, 3):
        return False
    spacing = (found[-1][1] - found[0][1]) % WRAP / max(1, len(found) - 1)
    places = [found[0]]
    for at, pts in found[1:]:  # (times unwrapped: each from the one before)
        prev = places[-1][1]
        places.append((at, pts := _after(prev, pts)))
        if pts < prev - TICKS or pts > prev + max(forward, 4 * spacing):
            return False
    if not between:
        return True
    near = max(TICKS, forward - TICKS)
    budget = 4 * (places[-1][1] - places[0][1]) / near
    return _gaps_close(read, list(zip(places, places[1:])), window, near, budget)


def _after(prev: int, pts: int) -> int:
    """``pts`` (33 bits) unwrapped next to ``prev``: the nearer way, on or back."""
    return prev + (pts - prev + WRAP // 2) % WRAP - WRAP // 2


def _gaps_close(read, gaps: list, window: int, near: float, budget: float) -> bool:
    """Whether each gap ((place, time), (place, time)) holds no jump: split in two at the bytes'
    middle until each part's times lie at most ``near`` apart (back a second at most), ``budget``
    places read at most."""
    while gaps:
        (qa, pa), (qb, pb) = gaps.pop()
        if pb < pa - TICKS:
            return False
        if pb <= pa + near:
            continue
        if qb - qa <= 1 or budget <= 0:  # (two timestamps in a row that far apart: the scan decides)
            return False
        budget -= 1
        mid = (qa + qb) // 2
        pm = _next(read, mid, qb, pb, window)
        if pm is None:
            return False
        pm = _after(pa, pm)
        gaps += [((qa, pa), (mid, pm)), ((mid, pm), (qb, pb))]
    return True


def _next(read, at: int, end: int, then: int, window: int) -> int | None:
    """The time of the first timestamp at or after place ``at``: read on in windows up to ``end``,
    whose first timestamp is ``then``; None when ``SEARCH_WINDOWS`` hold none before it."""
    for k in range(SEARCH_WINDOWS):
        if at + k * (window - OVERLAP) >= end:
            return then
        pts = read(at + k * (window - OVERLAP))
        if pts is not None:
            return pts
    return None


def pes_pts(data: bytes, where: int = 0) -> int | None:
    """The PTS (90 kHz) of the first MPEG-2 video PES header in ``data`` (``where`` in the file) that has one."""
    at = data.find(b"\x00\x00\x01")
    while 0 <= at <= len(data) - 40:
        if 0xE0 <= data[at + 3] <= 0xEF:
            i = at + 6
            if data[i] & 0xC0 == 0x80:  # MPEG-2: flags, header length, then the PTS when flagged
                i = at + 9 if data[at + 7] & 0x80 else -1
            else:  # MPEG-1 (a VCD's .mpg): stuffing, a buffer size, then '001x' and the PTS
                while data[i] == 0xFF and i < at + 22:
                    i += 1
                i += 2 if data[i] & 0xC0 == 0x40 else 0
                i = i if data[i] & 0xE0 == 0x20 else -1
            b = data[i:i + 5] if i > 0 else b""
            if len(b) == 5 and b[0] & 1 and b[2] & 1 and b[4] & 1:  # (marker bits: a header, not chance bytes)
                return ((b[0] >> 1) & 7) << 30 | b[1] << 22 | (b[2] >> 1) << 15 | b[3] << 7 | b[4] >> 1
        at = data.find(b"\x00\x00\x01", at + 3)
    return None
