"""One continuous time for a stream whose timestamps restart or jump part-way through the file.

Camcorder clips joined byte for byte (``copy /b 00000.MTS+00001.MTS``, ``cat *.MTS``), DVR and
broadcast recordings, concatenated DVD VOBs: formats FFmpeg flags as having timestamp
discontinuities (MPEG-TS, MPEG-PS, Ogg, Dahua DVR files…) may start their clock again mid-file.
FFmpeg reports such a file's length from its first and last timestamps (two joined clips of 10
and 8 s read as 10 s) and cannot seek in it by time, so a reader would see the first part only.

:func:`steady` first reads the PES timestamps at 64 places of the file (a few MB); only a file
whose clock they show jumping (or that has too few to tell) is scanned: :func:`scan` reads its
video packets once, without decoding (~0.1 s for three minutes of 1080p from the page cache), and cuts it into :class:`Segment`s where the decoding timestamps go back (more
than 0.1 s) or forward (more than 10 s: FFmpeg's own threshold for these formats); a run of a few
packets with stray timestamps is no segment. Players show the parts one after the other, so the
parts follow each other here: each segment starts where the one before it ends.
:class:`Timeline` maps a packet (by its byte position) and a decoded frame (by its timestamp and
the segments the decoder has been handed) to that time, and :meth:`core.packet_walk.Packets.walk` seeks without
FFmpeg: it reads packets without decoding them up to the keyframe before the wanted time.
"""

from __future__ import annotations

import bisect
import math
import os
from dataclasses import dataclass, field, replace

import av

from core import (clock_samples, dhav, file_open, ogg_chain, packet_records, part_cuts, part_ends, pes_dts, ps_genpts,
                  ps_keys, zero_bytes)
from core.bounded_read import open_bytes
from core.packet_walk import Packets, Restart  # noqa: F401 (the reader's: ``timeline.Packets``, ``timeline.Restart``)
from core.file_memo import FileMemo
from core.tracks import PROGRAM_GAP_S
from core.part_cuts import BACK_S, FORWARD_S, MIN_PACKETS  # noqa: F401 (the readers': ``timeline.BACK_S``)
from core.read_failure import read_failed, spare_memory  # noqa: F401 (the readers': ``timeline.read_failed``)

TS_DISCONT = 0x200  # AVFMT_TS_DISCONT: the format may have timestamp discontinuities


@dataclass
class Segment:
    pos: int  # byte position of its first packet
    start: int  # its earliest presentation timestamp (time base units)
    end: int  # its last frame's end
    at: float = 0.0  # seconds: where it starts in the continuous time
    packets: int = 0
    key: bool = True  # whether its first timed packet is a keyframe's (where a clip starts: ``part_cuts.kept``)
    restart: bool = False  # whether it begins where a keyframe started the clock again (``part_cuts.restarted``)
    key_delay: int | None = None  # the most its keyframes with their own stamps are shown after their decoding
    # (clips joined with other B-frames each have their own: ``untimed_keys.note``'s guess); None: none such
    knots: list = field(default_factory=list)  # (pts, seconds after start) from which the frames' own
    # clock times them, where FFmpeg's timestamps do not (``core.dhav.knots``)

    def seconds(self, pts: int, tb: float) -> float:
        k = bisect.bisect_right(self.knots, (pts, math.inf)) - 1
        pts0, s = self.knots[k] if k >= 0 else (self.start, 0.0)
        return self.at + s + (pts - pts0) * tb


def may_jump(container) -> bool:
    """Whether the container's format may restart or jump its timestamps mid-file."""
    return bool(getattr(container.format, "flags", 0) & TS_DISCONT)


def may_restart(container) -> bool:
    """Whether the container's clock may start again part-way though FFmpeg does not say so (an FLV:
    a recorder's appended stream, FLVs joined: ``core.flv_clock``); it walks only with a timeline."""
    return "flv" in str(container.format.name).split(",")


def steady(path, samples: int = 64, window: int = 1 << 16) -> bool:
    """Whether the file's video clock runs on without a jump, judged from the PES timestamps
    (``00 00 01 E0``-``EF`` headers: MPEG-TS and -PS alike) found at ``samples`` places spread
    over its bytes: a few MB read, where ``scan`` reads the whole file. False when they jump, or
    when too few are found to tell (``scan`` then reads it all). An Ogg file's are the granule
    positions of its video's pages (:func:`core.ogg_chain.clock`: Theora, VP8; a chained one's
    never steady), in the same 90 kHz units; a Dahua DVR file's its frames' dates
    (:func:`core.dhav.clock`); each clock is given a window of bytes and where it lies
    (:mod:`core.clock_samples`). Two places whose times lie further apart than a jump (``FORWARD_S``)
    but not so far as to show one (a long file's: a minute apart) are read again between, until
    none could hide one: a 60 s dropout in an hour's recording read as steady. Once per
    file in a process (by its size and modification time), as :func:`scan`: every open of it asked
    again, each thumbnail and probe reading its 64 places (4 MB, at a network share's pace)."""
    # (sampled where the data is: a preallocated file's trailing hole would leave it undecided)
    size = lambda st: zero_bytes.data_end(path) or st.st_size  # noqa: E731
    return _STEADY.get(path, lambda st: _steady(path, size(st), samples, window), samples, window)


_STEADY: FileMemo[bool] = FileMemo()  # steady's answers by file


def _steady(path, size: int, samples: int, window: int) -> bool:
    with open_bytes(path) as f:
        return clock_samples.steady(f, size, samples, window, FORWARD_S)


def steady_by_10(path, samples: int = 64, window: int = 1 << 16) -> bool:
    """Whether reader 10 took the file for steady (its ``samples`` places alone, none read between:
    a jump narrower than 4 times their spacing unseen), for a recheck (``core.media.reads_as_by``)."""
    with open_bytes(path) as f:
        return clock_samples.steady(f, zero_bytes.data_end(path) or f.raw.size(),
                                    samples, window, FORWARD_S, between=False)


def scan_budget(path):
    """A scan's own time bound (it reads the whole file: never the probe's 20 s): 20 s, and 1 s per
    5 MB; ``check`` raises ``DecodeTimeout`` past it."""
    from core.video_open import Budget

    return Budget(path, 20.0 + os.path.getsize(path) / 5e6).check


_SCANNED: FileMemo[tuple[list[Segment], list[int], list] | None] = FileMemo()  # scan's answers by file and stream


def scan(path, index: int, tb: float, origin: int | None, check=lambda: None, also=(),
         timeout_s: float | None = None) -> Timeline | None:
    """:func:`_scan`, once per file (by its size and modification time) and stream in a process:
    a joined 1 GB MPEG-TS takes ~3 s to read (from the page cache), and every thumbnail opens it.
    ``timeout_s``: the most a read may bring nothing (``core.file_open``; then ``DecodeTimeout``)."""
    def work(_):
        try:
            tl = _scan(path, index, tb, origin, check, also, timeout_s)
        except av.ExitError as e:  # (a share that stopped answering: no timeline known, none kept)
            read_failed(path, e, timeout_s)
        if tl is None:
            return None
        return tl.segments, tl.streams, tl.keys, tl.reorder, {name: getattr(tl, name) for name in _FOUND}

    found = _SCANNED.get(path, work, index, tuple(also), tb, origin)
    if found is None:
        return None
    segments, streams, keys, reorder, facts = found
    tl = Timeline([replace(seg) for seg in segments], tb, streams, keys, reorder)
    for name, value in facts.items():
        setattr(tl, name, value)
    return tl


_FOUND = ("moved_by_13", "moved_by_14", "far", "own", "origin", "lead", "frame_s", "pts_delay")  # (what else a scan finds)


def scan_as_15(reader) -> Timeline | None:
    """The timeline reader 15 found of the file ``reader`` (``core.av_reader.FrameReader``) has open
    (``core.reader_recheck.moved_by_15``): an MPEG-PS's packets before a join timed by genpts from past
    it, as FFmpeg's (``Timeline.far``), not where their clip ends. Read as the reader's own scan reads
    it: with its other video streams (``reader.also``) and each read bounded by its budget's timeout
    (a file that stops answering ends in ``DecodeTimeout``, never a hang)."""
    path, timeout_s = reader.path, reader.budget.timeout_s
    try:
        return _scan(path, reader.index, reader.tb, reader.origin, scan_budget(path), reader.also, timeout_s,
                     alone=False)
    except av.ExitError as e:
        read_failed(path, e, timeout_s)


def _scan(path, index: int, tb: float, origin: int | None, check=lambda: None, also=(),
          timeout_s: float | None = None, alone: bool = True) -> Timeline | None:
    """The timeline of video stream ``index`` of ``path`` (its time base ``tb``; ``origin``: where
    the file's time starts, as ``core.tracks.file_origin`` says), or None when its timestamps run
    on without a jump (the common case: nothing changes). ``check`` is called for each packet (a
    decoding budget's). ``also``: other video streams like it (:func:`others`); those that lie
    before or after it in the file's bytes, none overlapping another, are its parts (an MPEG-TS
    whose video changes PID part-way: recordings joined, a DVR that started its stream again):
    the timeline then goes through them all (``Timeline.streams``), in the file's order."""
    packets = packet_records.Records("qqqqqq")  # (stream, byte position, pts, dts, duration, untimed before)
    keyed: list[int] = []  # (those of keyframes, by their index in ``packets``)
    untimed, last = False, {}  # (a packet without a timestamp, or sharing its PES's: ``core.untimed_keys``)
    count: dict[int, int] = {}  # (each stream's frames without a timestamp since its last timed packet)
    with file_open.open_file(path, timeout_s) as container:  # (a chained Ogg's video pages; no trailing hole)
        ogg, dav, fmt = ogg_chain.is_ogg(container), container.format.name == "dhav", container.format.name
        others_start = [round(s.start_time * float(s.time_base) / tb) for s in container.streams  # (``stray_origin``'s)
                        if s.index != index and s.start_time is not None and s.time_base]
        ps = ps_keys.Keys(container.streams[index]) if ps_keys.is_ps(container) else None  # (its keyframes' anchors)
        reorder = container.streams[index].codec_context.reorder_depth  # (``part_cuts.pts_strays``': has_b_frames)
        far, own = ({}, {}) if ps is not None else (None, None)  # (FFmpeg's genpts held the rest of the file at each join:
        if ps is not None:  # done after the read, the times it gives from past a join kept for the reader)
            ps_genpts.off(container)
        try:
            read = container.demux([container.streams[i] for i in (index, *also)])
            if pes_dts.applies(container, container.streams[index]):  # (PTS-only PES: decoded when shown)
                read = pes_dts.fixed(path, read, index, timeout_s)  # (its reads bounded as the scan's)
            for packet in (ps_genpts.filled(read, check, far, BACK_S / tb, own if alone else None) if ps is not None else read):
                check()
                if ps is not None:
                    ps.note(packet)
                k = packet.stream.index
                shared = bool(packet.size) and (packet.pts is None or last.get(k) == (packet.pos, packet.pts))
                untimed, last[k] = untimed or shared, (packet.pos, packet.pts)
                dts = packet.dts if packet.dts is not None else packet.pts
                if ogg and ogg_chain.is_link_header(packet):  # (a chained Ogg's part's headers: no frames)
                    continue
                if dts is not None and packet.pts is not None:
                    pos = int(packet.pos if packet.pos is not None else -1)
                    if shared and packets[-1][0] == k:  # (a PES's stamp given again: it is this frame's, the
                        # one before was the frame before it, untimed; counted after it, a part ending in
                        # untimed frames was a frame long: ``tests/test_ps_shared_stamp.py``)
                        packets[-1] = (*packets[-1][:5], packets[-1][5] + 1)
                    if packet.is_keyframe:
                        keyed.append(len(packets))
                    packets.append((k, pos, packet.pts, dts, packet.duration or 0, 0 if shared else count.get(k, 0)))
                    count[k] = 0
                elif packet.size:
                    count[k] = count.get(k, 0) + 1
        except av.FFmpegError as e:  # what FFmpeg reads of it (the reader stops there too), unless a
            if isinstance(e, av.ExitError):  # read failed: its timeline is not known (a joined file read
                raise  # as its first part), or brought nothing for ``timeout_s`` (``scan`` says so)
            read_failed(path, e)
    mpeg = not {"mpegts", "mpegtsraw", "mpeg"}.isdisjoint(str(fmt).split(","))  # (its untimed frames timed back)
    pts_off, delay = part_cuts.pts_strays(packets, keyed, index, tb, reorder) if mpeg else (0, 0)  # (first PTS stray: strays)
    off = pts_off or (part_cuts.stray_lead(packets, keyed, index, tb) if mpeg else 0)  # (or its DTS too)
    if off:  # (the frames FFmpeg timed on from it, inside its PES: untimed)
        packets, keyed = part_cuts.untimed_after(packets, keyed, index, off)
    parts = part_cuts.parts(packets, index) if also else [index]  # (one stream: its own parts alone)
    segments: list[Segment] = []
    ends = part_ends.Ends()  # (where each ends: its last frames may have no timestamp)
    last, last_k, top, frame, behind, run_dts = None, None, 0, part_cuts.frame_step(packets, parts), 0, 0
    keyed = set(keyed)
    for i, (k, pos, pts, dts, duration, before) in enumerate(packets):
        if k not in parts or parts.index(k) < top:  # (a part's last packet, flushed at the file's end)
            continue
        dts = pts if mpeg and pts < dts else dts  # (a PES of a PTS alone, so its DTS the same, given one FFmpeg's
        # parser guessed from the clip before: an H.264 clip of 2 frames stamped 0.9 s before it was decoded)
        jumped = last is not None and (dts < last - BACK_S / tb or dts > last + FORWARD_S / tb)
        cut = not jumped and k == last_k and part_cuts.behind(dts, last, before, frame, BACK_S / tb)
        restart = (not (jumped or cut) and k == last_k and dts <= run_dts  # (back to its run's start: rare)
                   and part_cuts.restarted(dts, last, run_dts, i in keyed, before))
        if cut or restart:  # (untimed frames since the last timed one, yet no time on; a keyframe back to its
            # run's start)
            jumped, behind = True, behind + 1
        top = parts.index(k)
        if jumped or not segments:
            run_dts = dts
            segments.append(Segment(pos, pts, pts, key=i in keyed, restart=restart))
            ends.begin(k, pts, dts, before, count, i in keyed)
        else:
            ends.on(pts, dts, before)
        seg, last, last_k = segments[-1], dts, k
        if i in keyed and 0 <= (pts - dts) * tb <= 1 and not part_cuts.stamp_shared(packets, i):
            seg.key_delay = max(seg.key_delay or 0, pts - dts)
        seg.packets += 1
        seg.start = min(seg.start, pts)
        seg.end = max(seg.end, pts + duration)
    by_13 = ends.finish(segments, count)
    segments, shorts = part_cuts.kept(segments, tb)
    start = part_cuts.stray_origin(packets, segments[0], frame, tb) if segments and mpeg else None  # (stray stamps first)
    if start is not None:  # (the file's start then: its sound's where that starts before, as ``tracks.file_origin``)
        start = min([start, *(t for t in others_start if 0 <= (start - t) * tb <= PROGRAM_GAP_S)])
    if (len(segments) < 2 and len(parts) < 2 and start is None) or not segments or any(s.pos < 0 for s in segments):
        return None  # (no byte positions: nothing to map by)
    origin = origin if start is None else start
    if dav:  # (times its chunks' own counter gives)
        dhav.knots(path, segments, [p for p in packets if p[0] == index], tb)
    _place(segments, tb, origin, ends.step)
    if by_13 is not None:  # (how far reader 13 put its parts: ``media.reads_as_by``)
        ends.compare(segments, _place(part_cuts.kept(by_13, tb, short_parts=False)[0], tb, origin, ends.step_13), tb)
    tl = Timeline(segments, tb, parts)
    tl.origin, tl.lead, tl.frame_s = start, (segments[0].pos if start is not None else 0), frame * tb
    tl.pts_delay = delay if start is not None and pts_off else None
    tl.moved_by_13, tl.far, tl.own = (ends.moved_by_13 if not (shorts or behind) else math.inf), far, own  # (13 had no such part)
    tl.moved_by_14 = (math.inf if shorts or behind else 0.0 if ends.by_14 is None else  # (nor 14: ``part_cuts``)
                      part_ends.moved(segments, _place(part_cuts.kept(ends.by_14, tb, short_parts=False)[0], tb, origin,
                                                       ends.step), tb))
    keys = [packets[i] for i in sorted(keyed) if packets[i][0] in parts]  # (the keyframes a walk meets, in its order)
    if ps is not None:  # (an MPEG-PS's keyframes, by the PES each begins in or after)
        tl.keys, tl.reorder = ps.keys(tl), ps.reorder
    elif not untimed and all(pos >= 0 for _, pos, *_ in keys):  # (else a walk times one by the segment handed last,
        # or by counting: ``core.untimed_keys``; none sought by its bytes)
        tl.keys = [(tl.segments[tl.segment_at(pos)].seconds(pts, tb), pos, pts) for _, pos, pts, *_ in keys]
    tl.keys = [key for key in tl.keys if key[1] >= tl.lead]  # (none in the stray stamps left out: walked from the start)
    return tl


def _place(segments: list[Segment], tb: float, origin: int | None, step: int) -> list[Segment]:
    """Each segment's place in the continuous time (``at``): after the one before it ends (``step``:
    a frame's, what a part lasts at least); the first where the file's time starts (``origin``)."""
    at = max(0.0, (segments[0].start - (origin if origin is not None else segments[0].start)) * tb)
    for seg in segments:
        seg.end = max(seg.end, seg.start + step)  # (the last packet's duration, when the file has none)
        seg.at = at
        at = seg.seconds(seg.end, tb)
    return segments


def others(container, stream) -> list[int]:
    """The indices of the other video streams of an MPEG-TS that may be parts of ``stream``'s video
    (:func:`scan`'s ``also``): the same codec and time base, no cover art."""
    if "mpegts" not in str(getattr(container.format, "name", "")).split(","):
        return []
    return [s.index for s in container.streams.video if s.index != stream.index and s.time_base == stream.time_base
            and s.codec_context.name == stream.codec_context.name and not s.disposition & av.stream.Disposition.attached_pic]


def decoded(stream, packet) -> list:
    """The frames of ``packet`` from ``stream``'s decoder: a packet of another part of its video
    (``streams_of``) too, one video, one decoder (its skip mode, its threads)."""
    return packet.decode() if packet.stream.index == stream.index else stream.codec_context.decode(packet)


def streams_of(timeline: Timeline | None, container, stream):
    """What a reader demuxes: ``stream``, or the parts of its video (``scan``) when it has more."""
    return [container.streams[i] for i in timeline.streams] if timeline is not None and len(timeline.streams) > 1 else stream


class Timeline:
    """The continuous time of a stream cut into :class:`Segment`s, and where its reader is in it:
    the segment of the last packet handed to the decoder (``sent``) and of the last frame it gave
    (``shown``)."""

    def __init__(self, segments: list[Segment], tb: float, streams: list[int] = (), keys: list = (), reorder: int = 0):
        self.segments, self.tb, self.streams = segments, tb, list(streams)
        self._pos = [s.pos for s in segments]
        self.keys = list(keys)  # (seconds, byte position, pts) of the keyframes the scan read (``core.timeline_seek``)
        self.reorder = reorder  # (an MPEG-PS's: the most a timed packet is shown after its decoding, ``ps_keys``)
        self.shift = 0  # (what the reader's packets' byte positions lack: a file opened part-way, ``timeline_seek``)
        self.moved_by_13 = 0.0  # (seconds: how far reader 13 put its parts, ``core.part_ends``)
        self.moved_by_14 = 0.0  # (and reader 14: a short part it took for strays, ``core.part_cuts``)
        self.far = None  # (an MPEG-PS's: the times genpts gives from past a join, ``core.ps_genpts.streamed``)
        self.own = None  # (and those it gives where the clip ends at the join, which the reader gives: ``ps_genpts``)
        self.origin = None  # (where the file's time starts, when its first stamps were stray: ``part_cuts.stray_origin``)
        self.lead = 0  # (and where its first part begins: the packets before it untimed, ``reader_packets``)
        self.pts_delay = None  # (where their PTS alone was stray, the delay they were given: ``part_cuts.pts_strays``)
        self.frame_s = 0.0  # (a frame's step, as the scan found it)
        self.restart(0)

    @property
    def duration(self) -> float:
        last = self.segments[-1]
        return last.seconds(last.end, self.tb)

    def restart(self, segment: int) -> None:
        """The decoder starts again (a file opened again, a walk to a keyframe) at ``segment``."""
        self.sent = self.shown = self.read = segment
        self.last_pts: int | None = None

    def note(self, packet) -> None:
        """``packet`` comes from the demuxer (in the file's order): one without a byte position (an
        MPEG-PS's but for the first of a PES with a timestamp) lies in the segment of the last one
        read with one (``opaque``): walked over, none handed, it was taken for the first part's."""
        if packet.pos is not None and packet.pos >= 0:
            self.read = self.segment_at(packet.pos + self.shift)
        else:
            packet.opaque = self.read

    def segment_of(self, packet) -> int:
        """The segment ``packet`` lies in, by its byte position (without, ``note``'s; the last handed)."""
        if packet.pos is None or packet.pos < 0:
            return packet.opaque if isinstance(packet.opaque, int) else self.sent
        return self.segment_at(packet.pos + self.shift)

    def key_delay(self, packet) -> int | None:
        """The delay of the keyframes of ``packet``'s part (``Segment.key_delay``: clips joined may each have their own)."""
        return self.segments[self.segment_of(packet)].key_delay

    def segment_at(self, pos: int) -> int:
        """The segment in which byte position ``pos`` lies."""
        return max(0, bisect.bisect_right(self._pos, pos) - 1)

    def packet_start(self, packet) -> float:
        """The continuous time of ``packet`` (one with a timestamp)."""
        return self.segments[self.segment_of(packet)].seconds(packet.pts, self.tb)

    def packet_end(self, packet) -> float:
        """The continuous time at which ``packet`` (one with a timestamp) ends."""
        return self.segments[self.segment_of(packet)].seconds(packet.pts + (packet.duration or 0), self.tb)

    def hand(self, packet) -> bool:
        """``packet`` goes to the decoder; False for one of a segment before the last handed (a
        part's last packet, which an MPEG-TS demuxer gives at the file's end: ``scan`` leaves it out)."""
        if self.segment_of(packet) < self.sent:
            return False
        self.sent = max(self.sent, self.segment_of(packet))
        return True

    def frame_seconds(self, pts: int) -> float:
        """The continuous time of a decoded frame: in the segment of the frame before it unless its
        timestamp went back (at all, where the next segment's keyframe started the clock again, a
        frame or two back: ``Segment.restart``) or past that segment's end, and a later segment has
        been handed to the decoder (frames come out a few packets after theirs)."""
        k, seg = self.shown, self.segments[self.shown]
        restart = k + 1 < len(self.segments) and self.segments[k + 1].restart  # (its clock from a frame or two back)
        jumped = self.last_pts is not None and (pts < self.last_pts - BACK_S / self.tb
                                                or restart and pts <= self.last_pts)
        if (jumped or pts > seg.end + BACK_S / self.tb) and k < self.sent:
            k = self.shown = k + 1
            seg = self.segments[k]
        self.last_pts = pts
        return seg.seconds(pts, self.tb)
