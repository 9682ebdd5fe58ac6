"""FFmpeg's ``genpts`` done after the read, for ``core.timeline.scan``'s read of an MPEG-PS.

PyAV opens every file with ``AVFMT_FLAG_GENPTS``: FFmpeg gives an I/P-frame without a timestamp of its
own (an MPEG-2 frame in a PES stamped for an earlier one; most, where small frames share a PES) the
decoding time of the next I/P-frame after it (``av_read_frame``), holding the packets read until that one
comes. At a join of clips (``cat`` of VOBs) none comes: the clock starts again lower, so FFmpeg holds the
rest of the file, comparing each packet read with all it holds: two joined 20 min 64x48 MPEG-2 clips
stalled 6.9 s at the join, three took 36 s, past the scan's time bound (``DecodeTimeout``, the file
failed). The scan reads every packet anyway: here genpts is off (:func:`off`) and :func:`filled` gives
the packets the very times FFmpeg's would (the same rule, on the packets read after each), each join
costing one pass over the packets after it (:func:`_first_after`). The reader keeps FFmpeg's genpts:
``core.ps_clock`` works on its times as it gives them, packet by packet.
"""

from __future__ import annotations

from dataclasses import dataclass

import av

WRAP = 1 << 33  # an MPEG-PS's timestamps wrap at 33 bits (FFmpeg's ``pts_wrap_bits``)
GENPTS = int(av.container.Flags.gen_pts.value)


def off(container) -> None:
    """FFmpeg's genpts off for ``container`` (opened: it is read at each packet read)."""
    container.flags = int(container.flags) & ~GENPTS


@dataclass(slots=True)
class Packet:
    """What the scan reads of a packet (not its data: the whole file would be held; ~100 bytes each)."""

    stream: object
    pos: int | None
    pts: int | None
    dts: int | None
    duration: int
    size: int
    is_keyframe: bool


def _compare(a: int, b: int) -> int:
    """FFmpeg's ``av_compare_mod(a, b, WRAP)``: a's place before (< 0) or after b's on a wrapping clock."""
    c = (a - b) & (WRAP - 1)
    return c - WRAP if c > WRAP >> 1 else c


def filled(packets, check=lambda: None):
    """``packets`` (read with genpts :func:`off`) as :class:`Packet`\\ s, each I/P-frame without a
    presentation time given the one FFmpeg's genpts gives: the decoding time of the first packet of its
    stream after it whose decoding time is later, that is no B-frame (its times not the same; one still
    without a time counts); none: at the end (or where the read failed, which FFmpeg takes as the end),
    the last such later packet's decoding time, or its own, plus its duration. A read's error is raised
    once the packets before it are given."""
    read: list[Packet] = []
    failed = None
    try:
        for p in packets:
            check()
            read.append(Packet(p.stream, p.pos, p.pts, p.dts, int(p.duration or 0), p.size, p.is_keyframe))
    except av.FFmpegError as e:  # (the read failed there: the packets before it are given first)
        failed = e
    for i, p in enumerate(read):
        if p.pts is None and p.dts is not None:
            p.pts = _first_after(read, i, check)
    yield from read
    if failed is not None:
        raise failed


def _first_after(read: list[Packet], i: int, check) -> int:
    """The time genpts gives ``read[i]`` (see :func:`filled`)."""
    p, last = read[i], read[i].dts
    for j in range(i + 1, len(read)):
        q = read[j]
        if not j & 4095:
            check()
        if q.stream.index == p.stream.index and q.dts is not None and _compare(p.dts, q.dts) < 0:
            if q.pts is None or _compare(q.pts, q.dts):  # (no B-frame: its time its decoding time's after)
                return q.dts
            last = q.dts
    return last + p.duration
