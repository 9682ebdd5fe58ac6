"""Where a timeline's parts begin (``core.timeline.scan``): which jumps of the clock cut the file, and
which runs of packets are parts and which stray timestamps.

A jump is a decoding time more than ``BACK_S`` before the last one or ``FORWARD_S`` after it. Where
FFmpeg gives most frames no timestamp (H.264 in an MPEG-PS: small frames share a PES, one timed in
~20), a clip's clock can start again without a timed packet going back: a clip stopped at once (0.6 s,
one timed packet) and the next, both starting at the same time, read as one run. So a timed packet
whose decoding time does not move on by at least half the untimed frames since the one before it
(:func:`behind`, each frame the file's own step, :func:`frame_step`) has jumped back too, and so has a
keyframe going back to or before its run's first decoding time (:func:`restarted`: a clip of 2-3 frames).

A run of fewer than ``MIN_PACKETS`` timed packets is a few stray timestamps (a recorder's glitch: a
PES stamped hours off inside a part) where the clock after it comes back to the run before it; where it
does not, it is a part of its own (:func:`kept`): such a short clip was taken for strays, its frames
timed as the part before it, and a seek into it gave other pixels than the read straight through.
At the file's start nothing comes before it: a short first run is a part (a first clip stopped at once)
where it and the next longer run each begin at a keyframe, as clips do; stray stamps at a file's
start (a glitch, a recording's leftover packets) are followed by the rest of their group, no keyframe.
"""

from __future__ import annotations

import itertools
from collections import Counter

from core import part_ends
from core.packet_records import Records

BACK_S, FORWARD_S = 0.1, 10.0  # a jump: back more than this, forward more than that
MIN_PACKETS = 3  # fewer timed packets between two jumps: stray timestamps, unless the clock stays away


def frame_step(packets, parts) -> int:
    """A frame's decoding step in ``packets`` (the scan's ``(stream, pos, pts, dts, duration, untimed
    before)``): the median step between timed packets of a stream of ``parts``, each divided by the
    frames it spans (0 where none tells)."""
    steps, last = Counter(), {}
    for k, _, _, dts, _, before in packets:
        if k in parts:
            if k in last and dts > last[k]:
                steps[(dts - last[k]) // (before + 1)] += 1
            last[k] = dts
    return part_ends.median(steps)


def behind(dts: int, last: int, before: int, frame: int, back: float) -> bool:
    """Whether a timed packet at ``dts``, ``before`` untimed frames after the timed one at ``last`` (of
    its stream), went back: less than half those frames on, by more than ``back`` (a jump's)."""
    return before > 0 and dts < last + before * frame // 2 - back


def restarted(dts: int, last: int, first: int, key: bool, before: int = 0) -> bool:
    """Whether a keyframe at ``dts`` started its clock again: it goes back from the timed packet before it
    (``last``; or stays at its time, ``before`` untimed frames after it) to or before the first decoding
    time of its own run (``first``). A clip of 2-3 frames and the next, both clocks from the same time,
    step back a frame or two, under a jump (``BACK_S``); a keyframe FFmpeg's muxer stamped a frame off
    (``core.ps_clock``) stays far past its run's first frame."""
    return key and (dts < last or dts == last and before > 0) and dts <= first


def _runs_on(prev, seg, tb: float) -> bool:
    return prev.end - BACK_S / tb <= seg.start <= prev.end + FORWARD_S / tb


def kept(segments: list, tb: float, short_parts: bool = True) -> tuple[list, int]:
    """The parts of ``segments`` (``core.timeline.Segment``\\ s in the file's order): those that run on
    from the one before joined to it, and the short ones (under ``MIN_PACKETS``) left out as stray
    timestamps where the next longer one runs on from the part before them, at the file's start unless
    it and the next longer one each begin at a keyframe (``Segment.key``), and at its end unless their
    clock started again (back); with ``short_parts`` False, every short one (reader 13's rule). And how
    many short ones are parts."""
    out: list = []
    shorts = 0
    for i, seg in enumerate(segments):
        prev = out[-1] if out else None
        if seg.packets < MIN_PACKETS:
            after = next((s for s in segments[i + 1:] if s.packets >= MIN_PACKETS), None)
            last = after is None and prev is not None and seg.start < prev.end - BACK_S / tb  # (the file's last
            # run, its clock started again: a last clip stopped at once; one stamped on, a stray)
            if prev is None:  # (the file's first: a clip where it and the next each begin at a keyframe)
                if not (short_parts and after is not None and seg.key and after.key):
                    continue
            elif not short_parts or (after is None and not last) or after and _runs_on(prev, after, tb):
                continue
            shorts += 1
        if prev is not None and not seg.restart and _runs_on(prev, seg, tb):
            prev.end, prev.packets = max(prev.end, seg.end), prev.packets + seg.packets
            prev.key_delay = max((d for d in (prev.key_delay, seg.key_delay) if d is not None), default=None)
        else:
            out.append(seg)
    return out, shorts


def stamp_shared(packets, i: int) -> bool:
    """Whether the next packet of packet ``i``'s stream has its byte position and timestamp (a scan's
    records): the two share a PES, whose stamp is the later frame's, beginning there
    (``untimed_keys.paired``); a keyframe ending in it is shown no such time after its decoding."""
    if i + 1 >= len(packets):
        return False
    k, pos, pts = packets[i][:3]
    nxt = packets[i + 1]
    return pos >= 0 and nxt[0] == k and nxt[1] == pos and nxt[2] == pts


def parts(packets, index: int) -> list[int]:
    """The streams of ``packets`` that are parts of stream ``index`` (see ``core.timeline.scan``), in
    the file's order: it and those next to it in the bytes, each wholly before or after the next."""
    spans: dict[int, list[int]] = {}
    for k, pos, *_ in packets:
        span = spans.setdefault(k, [pos, pos])
        span[0], span[1] = min(span[0], pos), max(span[1], pos)
    order = sorted(spans, key=lambda k: spans[k][0])
    if index not in spans or any(spans[k][0] < 0 for k in order):
        return [index]
    at = order.index(index)
    lo = hi = at
    while lo > 0 and spans[order[lo - 1]][1] < spans[order[lo]][0]:
        lo -= 1
    while hi + 1 < len(order) and spans[order[hi]][1] < spans[order[hi + 1]][0]:
        hi += 1
    return order[lo:hi + 1]


def stray_origin(packets, first, frame: int, tb: float) -> int | None:
    """Where the video of a file whose first timed packets were stray stamps, left out of its parts
    (``kept``; ``first``: the first part kept), starts: FFmpeg starts the file at its first timestamp, a
    stray one (a single clip whose first PES was stamped 60 s on read 0.04 s long, its frames all at 0 s),
    and with sound, which starts the file, the stray frames stood 60 s on. The first stray packet's decoding
    time counted back from the first part's first timed packet, a frame (``frame``) for each frame between,
    and shown as far after it as its own stamps say (a frame's delay: the stamp is off, not the delay; else
    the most of the part's), less the frames before it. None where none was left out."""
    k = next((p[0] for p in packets if p[1] >= first.pos), None)
    dropped = [p for p in packets if p[0] == k and 0 <= p[1] < first.pos]
    if not dropped:
        return None
    run = [p for p in packets if p[0] == k and p[1] >= first.pos][:MIN_PACKETS * 8]
    head = dropped[0]
    delay = head[2] - head[3] if 0 <= head[2] - head[3] <= 1 / tb else max(0, *(p[2] - p[3] for p in run))
    between = sum(1 + p[5] for p in dropped[1:]) + run[0][5] + 1
    return run[0][3] - between * frame + delay - head[5] * frame


def pts_strays(packets, keyed, index: int, tb: float, reorder: int) -> tuple[int, int]:
    """How many of the first timed packets of stream ``index`` have a PTS off their DTS (before it by more than a
    jump, ``BACK_S``, or after it by more than a jump forward, ``FORWARD_S``, past the most the packets after them
    are: a recorder's glitch in the PTS alone, its DTS right; a slideshow's frames are shown seconds after
    their decoding), and
    the delay each is given: the most common of the stream's keyframes (``keyed``: their indexes in
    ``packets``), less the frames of the group before shown before each (:func:`_shown_before`); where none other is timed, the stream's reorder depth (``reorder``: FFmpeg's ``has_b_frames``,
    the frames its decoder holds back, a file's first keyframe's delay as x264 and FFmpeg's MPEG-2 encoder
    stamp it: 2 with B-pyramids, 1 without or for MPEG-2) in frames of the stream's step, at most a frame
    more than the least of the packets after them (the guess before: the B-frame decoded after the keyframe's
    P-frame is shown a frame after it; with no B-frame timed, the P-frame's 4 frames made it 5 where the
    keyframe's was 2, and a seek into the last groups gave frames 3 early); 0 without B-frames, its
    DTS set that far before its PTS, so that the scan leaves them out as stray stamps at the
    file's start (``kept``) and :func:`stray_origin` starts the file at their frame counted back from the
    first part, shown that delay after its decoding: FFmpeg started the file at the stray PTS (a 20 s clip
    whose first PTS was 60 s on read 0.04 s long; the scan, cut by DTS, saw one part)."""
    first = list(itertools.islice((i for i, p in enumerate(packets) if p[0] == index), MIN_PACKETS * 8))
    most = max((d for i in first if 0 <= (d := packets[i][2] - packets[i][3]) <= FORWARD_S / tb), default=0)
    sane = lambda p: -BACK_S / tb <= p[2] - p[3] <= most + FORWARD_S / tb  # noqa: E731 (a slideshow's B-frames:
    off = list(itertools.takewhile(lambda i: not sane(packets[i]), first))  # shown seconds after their decoding)
    if not off:
        return 0, 0
    step = frame_step(packets, [index])
    delays = Counter(d for i in keyed if packets[i][0] == index and i not in off
                     and 0 <= (d := packets[i][2] - packets[i][3] - _shown_before(packets, i) * step) <= most)
    least = [d for i in first[len(off):] if 0 <= (d := packets[i][2] - packets[i][3]) <= most]
    known = [d for d in (reorder * step, min(least) + step if least else 0) if d]  # (the depth; the most it can
    delay = delays.most_common(1)[0][0] if delays else min(known) if reorder and known else 0  # be, from those after)
    for i in off:
        k, pos, pts, _, duration, before = packets[i]
        packets[i] = (k, pos, pts, pts - delay, duration, before)
    return len(off), delay


def untimed_after(packets, keyed: list[int], index: int, off: int):
    """``packets`` and ``keyed`` (:func:`pts_strays`' own) without the packets of stream ``index`` that
    follow its first ``off`` (stray PTS) with no position of their own (inside their PES), counted as
    untimed frames before the next with one: FFmpeg times an MPEG-2 stream's every frame on from the last
    stamp it read, a stray PTS's (the first PES's 16 frames of a 20 s clip 60 s on, a part of their own
    placed whole before the next: every later frame a frame late, read through and sought)."""
    mine = [i for i, p in enumerate(packets) if p[0] == index]
    drop = set(itertools.takewhile(lambda i: packets[i][1] < 0, mine[off:]))
    if not drop:
        return packets, keyed
    out = packets.empty() if isinstance(packets, Records) else []  # (a scan's records, or a list)
    moved, count = {}, 0
    for i, p in enumerate(packets):
        if i in drop:
            count += 1 + p[5]
            continue
        if count and p[0] == index:
            p, count = (*p[:5], p[5] + count), 0
        moved[i] = len(out)
        out.append(p)
    return out, [moved[i] for i in keyed if i in moved]


LEAD_LOOK = 1024  # packets of the stream ``stray_lead`` looks at


def stray_lead(packets, keyed: list[int], index: int, tb: float) -> int:
    """1 where the first timed packet of stream ``index`` is a stray stamp, PTS and DTS alike (a recorder's
    glitch at the file's start), whose PES holds frames of their own position none that FFmpeg timed on from
    it: the next packet with a position jumps from them (back more than ``BACK_S``, on more than
    ``FORWARD_S``) and is no keyframe (the rest of their group: a clip joined after begins at one); else 0.
    Those frames are then untimed (:func:`untimed_after`) as a stray PTS's are: they made a first run of
    17 timed packets, a part of its own (no stray stamp: ``stray_origin`` never came in), and an MPEG-2
    clip's every later frame stood a frame late, read through and sought."""
    mine = list(itertools.islice((i for i, p in enumerate(packets) if p[0] == index), LEAD_LOOK))  # (the first
    # few: a PES's positionless frames are a group at most, and nearly every scan has no such lead)
    if len(mine) < 3 or packets[mine[0]][1] < 0 or packets[mine[1]][1] >= 0:
        return 0
    inside = list(itertools.takewhile(lambda i: packets[i][1] < 0, mine[1:]))
    after = mine[len(inside) + 1] if len(inside) + 1 < len(mine) else None
    if after is None or after in keyed:
        return 0
    last, dts = packets[inside[-1]][3], packets[after][3]
    return int(dts < last - BACK_S / tb or dts > last + FORWARD_S / tb)


def _shown_before(packets, key: int) -> int:
    """How many frames decoded right after the keyframe at ``packets[key]`` (each timed, none untimed
    between) are shown before it: B-frames of the group before (an MPEG-2 stream's later keyframes stand
    after them by the anchor spacing, 3 frames with 2 B-frames, where a file's first, with no group before
    it, stands a frame after its decoding)."""
    k, pts, n = packets[key][0], packets[key][2], 0
    for j in range(key + 1, len(packets)):
        p = packets[j]
        if p[0] != k:
            continue
        if p[5] or p[2] >= pts:
            break
        n += 1
    return n

