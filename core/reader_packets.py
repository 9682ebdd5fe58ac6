"""The packets of a :class:`core.av_reader.FrameReader`'s stream as its demuxer gives them
(``FrameReader._demuxed``), and how far they show the stream plays, frames skipped by choice
included (``reader.packet_end``: ``played_to``, where ``FrameReader.at`` answers None past and
``played_s``).

A packet read lasts its duration, and a frame at least (``played_to``): FFmpeg gives every packet
of a Dahua DVR file a 1 ms placeholder, so keyframes only, where the last frames are read but not
decoded, a time inside the last frame (9.9-10 s of a 10 fps recording) answered None and the stream
played 9.901 s, where the sequential read, which shows a decoded frame a frame long, gave the last
frame and 10 s. A packet without a timestamp (H.264 in an MPEG-PS/TS) is a frame on from the timed one
before it (``_note_untimed``): a stream's untimed last frames play too.
"""

from __future__ import annotations

import collections
import functools
import math

import av

from core import file_open, ogg_chain, pes_dts, ps_clock, ps_genpts, stray_times, timeline
from core.decode_modes import note_packet


def demuxed(reader):
    """The stream's packets up to where the container cannot be read further (damage: the end
    of what decodes, read straight through or walked over by ``reader_seek.walk`` alike, an
    empty packet then drains the decoder as at the file's end), unless a disk or share failed
    to read it (EIO: ``timeline.read_failed`` raises; no end, tried again later) or a read
    brought nothing for the reader's bound (``core.file_open``: ``DecodeTimeout``). PyAV's demux
    raises a plain IndexError at its end where the container made streams after it began (an
    FLV makes one of every codec its tags name: a damaged tag's): that end too. The demux of the
    container as the reader opened it, from the file's start, is ``reader.head`` (:class:`Head`)."""
    packets = reader.container.demux(timeline.streams_of(reader.timeline, reader.container, reader.stream))
    first = reader.__dict__.pop("unread", None) is reader.container and reader.timeline is None
    reader.head = (Head(packets, reader.stream, functools.partial(_opened_again, reader.path, reader.index,
                                                                  reader.budget.timeout_s))
                   if first else None)  # (sought, opened again: another start; only a first read can open again)
    return _demuxed(reader, reader.head or packets)


def _opened_again(path: str, index: int, timeout_s):
    """The stream's packets from the file's start, by a demuxer of its own (the file opened as the reader opened it)."""
    with file_open.open_file(path, timeout_s) as container:
        yield from container.demux(container.streams[index])


class Head:
    """The packets of a reader's first demux, from the file's start, readable ahead of its decoder:
    ``core.sparse_rate``'s look at the stream's first packets (its rate, its stills) reads them here,
    where it opened the file again and demuxed them a second time (an MKV, WebM, MPEG-TS or -PS
    indexed skipping its B-frames), and the reader is given them after, as demuxed.
    It notes the (pts, dts, size) of the first ``MAX_NOTED`` packets it gave (``ahead``).

    A read error or stall the look meets fails the look, and every later one (as the look's own open
    failed on it each time), not the reader: the reader's demux cannot go on past it, so the reader's
    packets after those read go on from the file opened again (``again``), where the bytes are read
    once more, as the reader read them when the look opened the file itself; an error that stays is
    met there, at the same packet."""

    MAX_NOTED = 1024  # (``sparse_rate.MAX_PACKETS``: as far as a look reads)

    class Full(Exception):
        """Reading on would keep more bytes for the reader than the look may (``ahead``'s ``most``)."""

    def __init__(self, packets, stream, again):
        self._packets, self._stream, self._again = packets, stream, again
        self._noted: list[tuple] = []
        self._ahead: collections.deque = collections.deque()  # read for the look, not given yet
        self._held = 0  # (their bytes)
        self._read = 0  # packets the demux gave
        self._met: BaseException | None = None  # what reading ahead met (every later look fails on it)

    def __iter__(self):
        return self

    def __next__(self):
        if self._ahead:
            packet = self._ahead.popleft()
            self._held -= packet.size
            return packet
        return self._next_read()

    def _next_read(self):
        packet = next(self._packets)
        self._read += 1
        if len(self._noted) < self.MAX_NOTED and packet.stream.index == self._stream.index:
            self._noted.append((packet.pts, packet.dts, packet.size))
        return packet

    @property
    def whole(self) -> bool:
        """Whether every packet given so far was noted (from the start on, ``ahead`` has them all)."""
        return len(self._noted) < self.MAX_NOTED

    def ahead(self, most: float = math.inf):
        """``(pts, dts, size)`` of the stream's packets from the file's start: those given, then those
        read on (kept for the reader). Raises what reading on met (now or at an earlier look), and
        :class:`Head.Full` where it would keep ``most`` bytes or more for the reader."""
        yield from list(self._noted)
        while self._met is None:
            if self._held >= most:
                raise Head.Full(self._held)
            try:
                packet = self._next_read()
            except StopIteration:
                return
            except Exception as e:  # (the reader reads on from the file opened again: ``_resumed``)
                self._met, self._packets = e, self._resumed(self._read)
                raise
            self._ahead.append(packet)
            self._held += packet.size
            if packet.stream.index == self._stream.index:
                yield packet.pts, packet.dts, packet.size
        raise self._met

    def close(self) -> None:
        """Closes the file opened again, if it was (the reader's own container is the reader's to close)."""
        if self._met is not None:
            self._packets.close()

    def _resumed(self, given: int):
        """The packets after the first ``given``, of the file opened again, for the reader's decoder."""
        for n, packet in enumerate(self._again()):
            if n >= given:
                if packet.stream.index == self._stream.index:
                    packet.stream = self._stream  # (decoded by the reader's decoder: ``timeline.decoded``)
                yield packet


def _demuxed(reader, packets):
    if pes_dts.applies(reader.container, reader.stream):  # (PTS-only PES: decoded when shown)
        packets = pes_dts.fixed(reader.path, packets, reader.stream.index, reader.budget.timeout_s)
    if getattr(reader, "landing", None) is not None:  # (an MPEG-PS sought by its bytes: ``timeline_seek.jump``)
        packets, reader.landing = _past_landing(packets, reader.landing), None
    if reader.timeline is not None and reader.timeline.lead:  # (stray stamps first: ``part_cuts.stray_origin``)
        packets = _untimed_before(reader, packets)
    if reader.timeline is not None and reader.timeline.far is not None:  # (an MPEG-PS's joins: FFmpeg's genpts
        ps_genpts.off(reader.container)  # held the rest of the file at each, ``core.ps_genpts``; a packet's
        packets = ps_genpts.streamed(packets, reader.timeline.own, timeline.BACK_S / reader.tb)  # time comes
        # from those after it: the landing's, left out, need none)
    if ps_clock.applies(reader):  # (MPEG-1/2 in an MPEG-PS: keyframes FFmpeg's muxer stamped otherwise)
        packets = ps_clock.packets(reader, packets)
    while True:
        try:
            packet = next(packets)  # (PyAV's generator, and ps_clock's, which raises none of these)
        except StopIteration:
            return
        except (av.FFmpegError, IndexError) as e:
            timeline.read_failed(reader.path, e, reader.budget.timeout_s)
            packet, packets = av.Packet(), iter(())
            packet.stream = reader.stream
        reader.budget.check()
        if getattr(reader, "fix", None):
            reader.fix(packet)
        if reader.ogg and ogg_chain.is_link_header(packet):
            continue
        if reader.timeline:
            reader.timeline.note(packet)
        if reader.avi and not reader.decoded and reader.first_dts is None and packet.is_keyframe:
            reader.first_dts = packet.dts
        if packet.pts is not None and reader.tb:  # how far the stream goes, decoded or skipped
            _note_end(reader, packet)
        elif packet.dts is None and packet.size:
            _note_untimed(reader)
        yield packet


def _untimed_before(reader, packets):
    """``packets`` with the stamps of those before the first part (``tl.lead``: stray stamps at the file's
    start, which the scan left out of its parts) taken off: their frames are timed as frames without a
    timestamp are, back from the first timed one (``core.untimed_keys``), not 60 s on. A keyframe's delay
    (shown after its decoding) is its own all the same, and kept (``reader.key_delay``: where it was the
    only timed keyframe, a seek into the last group, timed on from its keyframe, gave frames 2 early)."""
    tl, inside = reader.timeline, False  # (a packet inside the PES before it: no position, FFmpeg's time on
    for packet in packets:  # from that PES's stamp, an MPEG-2 stream's every frame; a stray one's too)
        if packet.pos is not None and packet.pos >= 0:
            inside = 0 <= packet.pos + tl.shift < tl.lead
        if inside:
            if packet.is_keyframe and None not in (packet.pts, packet.dts) and 0 <= (packet.pts - packet.dts) * reader.tb <= 1:
                reader.key_delay = max(reader.key_delay, packet.pts - packet.dts)
            elif packet.is_keyframe and tl.pts_delay is not None:  # (its PTS alone stray: ``part_cuts.pts_strays``)
                reader.key_delay = max(reader.key_delay, tl.pts_delay)
            packet.pts = packet.dts = None
        yield packet


def _past_landing(packets, pos: int):
    """``packets`` of an MPEG-PS sought to the PES at byte ``pos``, from the next PES with a
    timestamp (its packet the first with a position since). FFmpeg's parser starts at ``pos`` with
    the tail of the frame before (a packet no straight read has, with the timestamp and position of
    the frame that begins there, often called a keyframe), and the packets after it, up to the next
    timestamp, have none FFmpeg could count on (an MPEG-2 stream's B-frames untimed: a skipping
    decoder then decoded every frame, ``skip_times``); from there they are the straight read's.
    (The keyframe walked to lies past it: ``core.ps_keys``.)"""
    for packet in packets:
        if packet.pos is not None and packet.pos >= 0 and packet.pos != pos:
            yield packet
            break
    yield from packets


def _note_end(reader, packet) -> None:
    start = reader._packet_s(packet)
    end = (reader.timeline.packet_end(packet) if reader.timeline else
           reader._seconds(packet.pts + (packet.duration or 0)))
    note_packet(reader, packet)  # (a stray packet does not stretch how far it plays: stray_times;
    if reader.walks:  # a format whose clock does not jump has none: its timestamps are its times)
        end = stray_times.note(reader, start, end)
    reader.packet_end = max(reader.packet_end, end)
    reader.read_to = max(reader.read_to, end)
    if end > -math.inf:  # (counted: its frame is shown a frame at least, ``played_to``)
        reader.packet_last = max(reader.packet_last, start)
        if packet.is_keyframe and packet.dts is not None:  # (the stream's delay: a keyframe shown after its decoding)
            reader.untimed_delay = packet.pts - packet.dts
        delay = getattr(reader, "untimed_delay", 0)  # (its decoding time plus the stream's delay)
        reader.untimed_from = (start - (packet.pts - packet.dts - delay) * reader.tb if packet.dts is not None else start, 0)


def _note_untimed(reader) -> None:
    """A packet without a timestamp (H.264 in an MPEG-PS or -TS: small frames share a PES, whose one
    timestamp is the first's) is a frame on from the timed one before it, in decoding order: the
    stream plays that far (``played_to``). Without it, a part's untimed last frames (most of its
    last second) were past its end: skipping all but keyframes, a time there answered None."""
    base, n = reader.untimed_from
    reader.untimed_from = (base, n + 1)
    reader.packet_last = max(reader.packet_last, base + (n + 1) * reader.frame_dur)


def played_to(reader) -> float:
    """Where the packets read end, the last of them shown a frame (``reader.frame_dur``) at least."""
    return max(reader.packet_end, reader.packet_last + reader.frame_dur)
