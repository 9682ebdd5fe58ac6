"""MPEG-1/2 video in an MPEG-PS whose keyframes FFmpeg's muxer stamped otherwise than its demuxer
reads the stamps, timed as the muxer meant them, for :class:`core.av_reader.FrameReader`.

FFmpeg's muxer (``mpegenc.c``: ``output_packet``) stamps a PES with the time of the first frame
whose *first byte* is in it; its demuxer gives a PES's stamp to the first picture whose *picture
start code* is in it (``mpegvideo_parser``: ``ff_fetch_timestamp`` at the picture start code, the
reading of MPEG-2 Systems, which other muxers follow). The two differ only for a picture with
headers before its picture start code (a keyframe's sequence and GOP headers) that begin in one PES
while its picture start code is in the next: that PES is stamped with the frame after it in decode
order, and the keyframe is given that time. FFmpeg's fill-in (``compute_pkt_fields``, and genpts:
an I/P-frame's decoding time is the time the one before is shown, and its time the next one's
decoding time; a B-frame's is the last decoding time plus a frame) carries it on to the packets
without a stamp: with B-frames the keyframe had the B-frame after it's time, and it and the frames
after it came two frames early (three B-frames: three) until a stamp the fill-in does not carry the
wrong time past; where an I/P-frame follows it (no B-frames), it and the frames after it a frame
late, and the I/P-frame before it too. A seek landed on the keyframe at the wrong time, without the
frames a read straight through shows before it (``tests/test_seek_matrix.py``'s 30 s MPEG-PS).

Here (``packets``), before anything reads a packet's time, such a keyframe (stamped: it has the
PES's byte position; headed) opens a :class:`Window` where the stamp is that of the frame after it:

- (b1) the B-frame after it, unstamped, has the same time (two frames cannot be shown at one time:
  no doubt);
- (b2) its decoding time (the stamp's) is one I/P-frame past FFmpeg's clock before it (the I/P-frame
  before it is shown then): the next frame is an I/P-frame whose decoding time is this one's time;
- without B-frames (every frame shown as decoded), its time is the frame before's plus two frames.

A window holds the packets and times them as FFmpeg would had the stamp been given to the frame
after the keyframe: in decode order a B-frame is shown at the clock, an I/P-frame when the next
I/P-frame comes (the one before is then shown), each for its packet's duration. It ends where
FFmpeg's times run with the clock again (an I/P-frame whose decoding time is the clock; without
B-frames, a stamped packet at the clock), its packets then going on with the clock's times. A stamp
that fits neither the clock nor the fault (a clock that truly jumps), more than ``HOLD_PACKETS``
held, or the stream's end in a window not opened by (b1): FFmpeg's times are kept. An I/P-frame
and the B-frames after it are held until the next I/P-frame (for (b2)). Other codecs and containers,
and a PES stamped as the standard reads it, are not touched.
"""

from __future__ import annotations

MPEG_VIDEO = ("mpeg1video", "mpeg2video")
PICTURE_START = b"\x00\x00\x01\x00"
B_TYPE = 3  # (picture_coding_type)
HEAD_BYTES = 1024  # where a picture start code is looked for (a keyframe's headers before it)
HOLD_PACKETS = 256  # a window (or an I/P-frame's B-frames) longer than this: FFmpeg's times kept, passed on


def applies(reader) -> bool:
    """Whether ``reader``'s stream is MPEG-1/2 video in an MPEG-PS (with a time base), read alone
    (not with other parts of its video: ``timeline.streams_of``)."""
    parts = getattr(reader, "timeline", None)
    return (bool(reader.tb) and "mpeg" in str(reader.container.format.name).split(",")
            and reader.stream.codec_context.name in MPEG_VIDEO and (parts is None or len(parts.streams) <= 1))


def packets(reader, demuxed):
    """``demuxed`` (the container's packets of ``reader``'s stream), timed as the muxer meant them
    (module doc), for a reader this ``applies`` to. Packets are held while a window is open; an
    error of the demuxer comes after the packets held before it."""
    clock = Clock(lambda p: int(p.duration) if p.duration else max(1, round(reader.frame_dur / reader.tb)))
    while True:
        try:
            packet = next(demuxed)
        except StopIteration:
            yield from clock.flush()
            return
        except BaseException:
            yield from clock.flush(ended=False)
            raise
        yield from clock.feed(packet)


def _stamped(packet) -> bool:
    """Whether the demuxer gave ``packet`` a PES's timestamp (its byte position is the PES's)."""
    return packet.pos is not None and packet.pos >= 0


def _head(packet) -> bytes:
    return bytes(memoryview(packet)[:HEAD_BYTES])


def _b_frame(packet) -> bool:
    head = _head(packet)
    at = head.find(PICTURE_START)
    return 0 <= at and at + 5 < len(head) and (head[at + 5] >> 3) & 7 == B_TYPE


def _headed_key(packet) -> bool:
    """A stamped keyframe whose bytes begin before its picture start code (the only frames the
    muxer and the demuxer may disagree on)."""
    return packet.is_keyframe and _stamped(packet) and not _head(packet).startswith(PICTURE_START)


class Clock:
    """The packets, passed on as FFmpeg timed them, or held in a :class:`Window` while one is open.
    An I/P-frame and the B-frames after it are held until the next I/P-frame (FFmpeg's time for it
    comes from that one's, ``(b2)`` below)."""

    def __init__(self, duration):
        self.duration = duration
        self.group: list = []  # the last I/P-frame and the B-frames after it, held
        self.cur = None  # FFmpeg's clock after the packets passed (when the I/P-frame held is shown)
        self.ip_dur = None  # the duration of the I/P-frame held
        self.window: Window | None = None

    def feed(self, packet):
        if packet.size == 0:  # (the end of what can be read: the decoder drains)
            yield from self.flush()
            yield packet
            return
        if self.window is not None:
            ended = self.window.step(packet, self.duration)
            if ended is None:
                return
            held, self.cur, self.ip_dur = ended
            self.window = None  # (``packet`` goes on as any other)
            yield from held
        if packet.pts is None or packet.dts is None:  # (after a seek, before FFmpeg's first timestamp)
            yield from self.flush()
            self.cur = None
            yield packet
        elif _b_frame(packet):
            yield from self._b_frame(packet)
        else:
            yield from self._ip_frame(packet)

    def _b_frame(self, packet):
        key = self.group[0] if len(self.group) == 1 else None
        if (key is not None and _headed_key(key) and not _stamped(packet)
                and packet.pts == packet.dts == key.pts):  # (b1): the stamp is this B-frame's
            self.group, self.window = [], Window([key], packet.pts, self.duration, sure=True)
            self.window.step(packet, self.duration)
            return
        if self.group and len(self.group) < HOLD_PACKETS:
            self.group.append(packet)
        else:
            yield from self.flush()
            yield packet
        self.cur = packet.dts + self.duration(packet)

    def _ip_frame(self, packet):
        dur = self.duration(packet)
        if _headed_key(packet) and self.cur is not None:
            if (packet.pts != packet.dts and self.group and self.ip_dur is not None
                    and packet.dts == self.cur + self.ip_dur):
                # (b2): the stamp is the next I/P-frame's (its decoding time is this one's time)
                self.window = Window(self.group + [packet], self.cur + self.ip_dur, self.duration)
                self.group[0].pts = packet.dts = self.cur  # (the one before: FFmpeg's time from it)
                self.group = []
                return
            if packet.pts == packet.dts == self.cur + dur:  # (no B-frames: the next frame's time)
                yield from self.flush()
                self.window = Window([packet], self.cur, self.duration, delayed=False)
                return
        yield from self.flush()
        self.group = [packet]
        if packet.pts == packet.dts:  # (shown as decoded: no B-frames)
            self.cur, self.ip_dur = packet.pts + dur, None
        else:
            self.cur, self.ip_dur = packet.dts + (self.ip_dur or dur), dur

    def flush(self, ended: bool = True) -> list:
        """The packets held (the stream ended, or the demuxer failed: ``ended`` False)."""
        held = self.window.close(ended) if self.window is not None else []
        held += self.group
        self.window, self.group = None, []
        return held


class Window:
    """Packets from a keyframe stamped with the time of the frame after it (``held``: it last, the
    I/P-frame before it and its B-frames first), timed by a clock run from that time, until
    FFmpeg's times meet the clock again. ``delayed``: the stream has B-frames (an I/P-frame is
    shown when the next one comes), ``clock`` when the frame after the keyframe is shown; else
    every frame is shown as decoded, ``clock`` the keyframe's time."""

    def __init__(self, held: list, clock: int, duration, delayed: bool = True, sure: bool = False):
        self.held = [(p, p.pts, p.dts) for p in held]  # (packet, FFmpeg's pts, dts)
        self.delayed, self.pending, self.sure = delayed, held[-1], sure
        self.clock = clock
        if not delayed:
            self.pending.pts = self.pending.dts = clock
            self.clock = clock + duration(self.pending)

    def step(self, packet, duration):
        """Hold ``packet`` (None); or, where the window ends at it: the packets held (to pass on
        before it), FFmpeg's clock after them and the duration of the I/P-frame among them shown last."""
        if len(self.held) >= HOLD_PACKETS or packet.pts is None or packet.dts is None:
            return self._give_back()
        if not self.delayed:
            if _stamped(packet):
                if packet.pts == self.clock:
                    return self._released(), self.clock, None
                if not (_headed_key(packet) and packet.pts == self.clock + duration(packet)):
                    return self._give_back()  # (a stamp that fits neither the clock nor the fault)
            return self._hold(packet, self.clock, duration)
        if _b_frame(packet):
            if _stamped(packet) and packet.pts != self.clock:
                return self._give_back()
            return self._hold(packet, self.clock, duration)
        if packet.dts == self.clock:  # an I/P-frame FFmpeg timed after the clock: it ends here
            self.pending.pts = self.clock
            return self._released(), self.clock, duration(self.pending)
        shown, self.clock = self.clock, self.clock + duration(self.pending)
        if _stamped(packet) and not (_headed_key(packet) and self.clock in (packet.pts, packet.dts)):
            return self._give_back()
        self.held.append((packet, packet.pts, packet.dts))
        self.pending.pts = packet.dts = shown  # (the I/P-frame before it is shown now)
        self.pending = packet
        return None

    def _hold(self, packet, t: int, duration):
        self.held.append((packet, packet.pts, packet.dts))
        packet.pts = packet.dts = t
        self.clock = t + duration(packet)
        return None

    def close(self, ended: bool) -> list:
        """At the stream's end (``ended``), where the B-frame after the keyframe carried its stamp
        (``sure``: two frames at one time, no doubt): the clock's times, the last I/P-frame shown at
        the clock; else (no later stamp said the clock was right), or where the demuxer failed, FFmpeg's."""
        if ended and self.sure:
            self.pending.pts = self.clock
            return self._released()
        return self._give_back()[0]

    def _released(self) -> list:
        return [p for p, _, _ in self.held]

    def _give_back(self):
        for packet, pts, dts in self.held:
            packet.pts, packet.dts = pts, dts
        return self._released(), None, None
