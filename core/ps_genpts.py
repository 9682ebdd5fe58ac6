"""FFmpeg's ``genpts`` done by Seekframe, for an MPEG-PS read through a timeline (clips joined byte for
byte: ``core.timeline.scan``'s read, and the reader's, ``core.reader_packets``).

PyAV opens every file with ``AVFMT_FLAG_GENPTS``: FFmpeg gives an I/P-frame without a timestamp of its
own (an MPEG-2 frame in a PES stamped for an earlier one; most, where small frames share a PES) the
decoding time of the next I/P-frame after it (``av_read_frame``), holding the packets read until that one
comes. At a join of clips (``cat`` of VOBs) none comes: the clock starts again lower, so FFmpeg held the
rest of the file, comparing each packet read with all it held: two joined 20 min 64x48 MPEG-2 clips
stalled 6.9 s at the join, three took minutes, past the scan's time bound (``DecodeTimeout``, the file
failed), and a read crossing a join stalled alike. Here genpts is off (:func:`off`) and the packets get
the very times FFmpeg's would, by its rule: the scan after its read of every packet (:func:`filled`),
noting those whose time comes from past a join (``Timeline.far``); the reader as its packets come
(:func:`streamed`), each held only until the packet that times it, or, past a join, given the scan's.
``core.ps_clock`` works on those times as FFmpeg gave them.
"""

from __future__ import annotations

from collections import deque
from dataclasses import dataclass

import av

from core import part_cuts
from core.packet_records import NONE, Records

WRAP = 1 << 33  # an MPEG-PS's timestamps wrap at 33 bits (FFmpeg's ``pts_wrap_bits``)
HALF = WRAP >> 1  # (a clock further on than this has gone back across the wrap: ``_compare``)
GENPTS = int(av.container.Flags.gen_pts.value)
BACK_RUN = 3  # packets in a row back: a join, where a packet's clip ends (fewer: stray stamps, ``part_cuts``)


def off(container) -> None:
    """FFmpeg's genpts off for ``container`` (opened: it is read at each packet read)."""
    container.flags = int(container.flags) & ~GENPTS


@dataclass(slots=True)
class Packet:
    """What the scan reads of a packet (not its data: the whole file would be held), given to the scan
    one at a time; the file's are held as :class:`core.packet_records.Records` (~50 bytes each)."""

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


def filled(packets, check=lambda: None, far: dict | None = None, jump: float = 0, own: dict | None = None):
    """``packets`` (read with genpts :func:`off`) as :class:`Packet`\\ s, each I/P-frame without a
    presentation time given the one FFmpeg's genpts gives: the decoding time of the first packet of its
    stream after it whose decoding time is later, that is no B-frame (its times not the same; one still
    without a time counts); none: at the end (or where the read failed, which FFmpeg takes as the end),
    the last such later packet's decoding time, or its own, plus its duration. A read's error is raised
    once the packets before it are given. ``far``: filled with those whose time comes from past a
    jump back of their stream's clock by more than ``jump`` (a join), by :func:`anchored` key, for
    :func:`streamed`. ``own``: filled alike with the time genpts gives each of them where its clip ends
    at the join (its clip read alone: :func:`_first_after`), and given it (the scan's)."""
    read = Records("qqqqqib")  # (stream, pos, pts, dts, duration, size, keyframe; None: NONE)
    add = read._appends
    streams, failed = {}, None
    try:
        for p in packets:
            check()
            k, pos, pts, dts = p.stream.index, p.pos, p.pts, p.dts
            if k not in streams:
                streams[k] = p.stream
            add[0](k), add[1](NONE if pos is None else pos), add[2](NONE if pts is None else pts)
            add[3](NONE if dts is None else dts), add[4](int(p.duration or 0)), add[5](p.size), add[6](p.is_keyframe)
    except av.FFmpegError as e:  # (the read failed there: the packets before it are given first)
        failed = e
    ks, poss, ptss, dtss, keys = read.cols[0], *read.cols[1:4], read.cols[6]
    anchor, firsts, lasts = None, {}, {}  # (each stream's run's first decoding time, where its clock started again
    for i in range(len(read)):  # (a jump back, ``part_cuts.restarted``), and its last; compared only going back)
        anchor = poss[i] if poss[i] != NONE and poss[i] >= 0 else anchor
        if (d := dtss[i]) == NONE:
            continue
        k, last = ks[i], lasts.get(ks[i])
        if last is None or (d < last or d - last > HALF) and (  # (back, or back across the wrap)
                (back := _compare(d, last)) < -jump or part_cuts.restarted(last + back, last, firsts[k], keys[i])):
            firsts[k] = d
        lasts[k] = d
        if ptss[i] == NONE:
            ptss[i], joined, alone = _first_after(read.cols, i, check, jump, firsts[k])
            if joined and far is not None:
                far[(anchor, dtss[i])] = ptss[i]
            if joined and own is not None:
                own[(anchor, dtss[i])] = ptss[i] = alone
    for k, pos, pts, dts, duration, size, key in zip(*read.cols):
        yield Packet(streams[k], None if pos == NONE else pos, None if pts == NONE else pts,
                     None if dts == NONE else dts, duration, size, bool(key))
    if failed is not None:
        raise failed


def _first_after(cols, i: int, check, jump: float, first: int) -> tuple[int, bool, int]:
    """The time genpts gives packet ``i`` of ``cols`` (:func:`filled`'s records; see there), whether it
    comes from past a jump back, and the time it gives where its clip ends at the first such jump (as read
    alone: an MPEG-2 clip's last P-frame, after its B-frames; from past the join, the next clip's first
    later I/P-frame's decoding time, a frame late or more: a 0.6 s clip between two ended at 0.64 s). A
    keyframe going back to or before ``first``, the first decoding time of ``i``'s run, is a join too
    (``part_cuts.restarted``: a clip of 2-3 frames, the next clip's clock from the same time)."""
    ks, ptss, dtss, durations, keys = cols[0], cols[2], cols[3], cols[4], cols[6]
    k, dts = ks[i], dtss[i]
    last, joined, alone, back = dts, False, None, 0  # (``back``: packets in a row back since the first)
    for j in range(i + 1, len(ks)):
        if not j & 4095:
            check()
        q = dtss[j]
        if ks[j] != k or q == NONE:
            continue
        if _compare(dts, q) < 0:
            if back < BACK_RUN:  # (back fewer times in a row: stray stamps, no join)
                alone, back = None, 0
            if ptss[j] == NONE or _compare(ptss[j], q):  # (no B-frame: its time its decoding time's after)
                return q, joined, (q if alone is None else alone)
            last = q
        elif _compare(q, dts) < -jump or part_cuts.restarted(q, dts, first, keys[j]):
            alone = last + durations[i] if alone is None else alone
            joined, back = True, (back + 1 if _compare(q, dts) < -jump else BACK_RUN)  # (a restart: no stray)
    return last + durations[i], True, (last + durations[i] if alone is None else alone)


def streamed(packets, far: dict, jump: float):
    """The reader's ``packets`` (read with genpts :func:`off`) with the times genpts gives, as they come:
    a packet without a presentation time is held, with those after it, until a later packet gives it its
    time (:func:`filled`'s rule), or, past a jump back of its clock (a join), the scan's (``far``: the
    time genpts gives it from the rest of the file; one the scan did not see so is held on, as FFmpeg
    holds it). At the end, or a read's error (raised once the packets held are given), :func:`filled`'s."""
    held: deque[list] = deque()  # [packet, its anchor, the last later decoding time, whether timed]
    waiting: list[list] = []  # (those of them without a time yet)
    anchor = None
    while True:
        try:
            q = next(packets)
        except StopIteration:
            break
        except av.FFmpegError:
            yield from _flushed(held)
            raise
        if q.dts is not None:
            for h in waiting:
                p = h[0]
                if q.stream.index != p.stream.index:
                    continue
                if _compare(p.dts, q.dts) < 0:
                    if q.pts is None or _compare(q.pts, q.dts):
                        p.pts, h[3] = q.dts, True
                    else:
                        h[2] = q.dts
                elif ((_compare(q.dts, p.dts) < -jump or q.is_keyframe and _compare(q.dts, p.dts) < 0)  # (a join;
                      and (h[1], p.dts) in far):  # a keyframe back at all, the scan's join: ``part_cuts.restarted``)
                    p.pts, h[3] = far[(h[1], p.dts)], True
            waiting = [h for h in waiting if not h[3]]
        anchor = q.pos if q.pos is not None and q.pos >= 0 else anchor
        held.append([q, anchor, q.dts, not (q.pts is None and q.dts is not None)])
        if not held[-1][3]:
            waiting.append(held[-1])
        while held and held[0][3]:
            yield held.popleft()[0]
    yield from _flushed(held)


def _flushed(held):
    """What genpts gives the packets held at the end: each without a time, the last later decoding time
    (or its own) plus its duration."""
    for p, _, last, timed in held:
        if not timed:
            p.pts = last + int(p.duration or 0)
        yield p
    held.clear()
