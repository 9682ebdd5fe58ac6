"""A seek by bytes in a file read through a timeline (``core.timeline``: joined MPEG-TS clips, an FLV
whose clock starts again, a Dahua DVR file with a gap): FFmpeg cannot seek it by time, so a reader walked its packets to the
keyframe before the wanted time (``core.reader_seek.walk``), from the file's start when the time was
behind it: a fresh reader (a result's thumbnail, the preview) asked for minute 50 of an hour-long
recording read 50 minutes of packets. The scan that made the timeline lists its keyframes (their
continuous time, byte position and timestamp: ``Timeline.keys``); :func:`jump` puts the demuxer at the
one the walk would have stopped at, by its byte position, and the walk goes on from there: the same
keyframe, the same packets after it, the same frames. Where the format cannot seek by bytes, or the
first packet read there is not that keyframe (its position, its timestamp), it reads from the file's
start as before.

A Dahua DVR file (``dhav``): FFmpeg refuses a byte seek in it, so it is opened again from the
keyframe's chunk (``open_video``'s ``start``: FFmpeg's ``subfile``, the packets' positions then
counting from there, ``Timeline.shift``). Its demuxer times a chunk by its date (whole seconds) where
the one before it was of another second, else on from the one before by their millisecond counter:
opened at a keyframe part-way through a second, its frames up to the next second come early by as
much as that keyframe's time past its second's start, which the scan read (``Dated``: added to them,
the chunks' dates read to see where the next second begins); from there on the times are the same.
A chained Ogg (``LINKED``): FFmpeg follows a chain read from its start, but sought by bytes into a later
part (link), whose stream it has not met, it stops ("not yet implemented in FFmpeg"); the file is opened
again from the start of the part the keyframe lies in (its headers first: ``ogg_chain.link_start``; read
as its video pages, ``ogg_chain.VideoPages``, from that part's first) and sought by bytes within it. VP8
only past the first part: a later Theora part opened so would be decoded with its own tables, where a
read straight through keeps the first part's (its headers handed on as packets, left out).

An MPEG-PS (DVD VOBs, camcorder clips joined): FFmpeg gives a packet a byte position only with its
PES's timestamp, so a keyframe is listed by the PES it begins in or after (``core.ps_keys``), one
before it landed on (``ANCHORED``), for a keyframe at least ``ANCHOR_BACK_S`` before the time; the
packets FFmpeg's parser gives there before the next timed PES are left out
(``reader_packets._past_landing``), and the walk goes on to the keyframe at or before the time as
from the file's start (none met: from the start)."""

from __future__ import annotations

import bisect
import itertools
import math
import struct

import av

from core import dhav, hwdecode, ogg_chain, stray_times, timeline
from core.bounded_read import open_bytes
from core.errors import MediaError

FORMATS = {"mpegts", "flv"}  # (formats whose demuxer reads on from a byte position as from the start)
OPENED = {"dhav"}  # (formats opened again from a keyframe's chunk)
LINKED = {"ogg"}  # (a chained Ogg: opened again from the part the keyframe lies in, its headers first)
ANCHORED = {"mpeg"}  # (MPEG-PS: to the PES a keyframe begins in or after, then walked on: ``core.ps_keys``)
ANCHOR_BACK_S = 1.0  # (that keyframe lies this far before the time: the scan's times of untimed ones are guesses)
AHEAD_S = 2.0  # a walk ahead jumps where the keyframe lies further than this past the packets read (nearer, walked)
# (and further than this where the file is opened again: ~3.5 ms an open, ~5 s of packets of
# 64x48 frames walked; an indexing read wanting a frame every 5 s of a DVR file took 3.7 times as long)
AHEAD_OPENED_S = 20.0


def key_before(tl: timeline.Timeline, t: float):
    """``(seconds, byte position, pts)`` of the keyframe a walk from the file's start stops at for
    ``t`` (the last before the first one past ``t``, in the file's order), or None when none is."""
    reach = list(itertools.accumulate((s for s, _, _ in tl.keys), max))
    k = bisect.bisect_right(reach, t)
    return tl.keys[k - 1] if k > 0 else None


def jump(reader, t: float, start: bool) -> bool | None:
    """Put ``reader``'s demuxer at the keyframe a walk to ``t`` stops at (``key_before``), by its
    bytes: True when it is there (its packets next); None when nothing was done (no such keyframe, a
    format not sought so, or, unless ``start``, the keyframe lies within ``AHEAD_S`` of the packets
    read since the demuxer last started, ``reader.read_to``, ``AHEAD_OPENED_S`` where the file is opened again: walking on costs less); False when the seek failed or landed elsewhere: the file
    was then opened again, to be read from its start. An MPEG-PS (``ANCHORED``): True once walked on
    from where it landed to the keyframe at or before ``t`` (module doc)."""
    tl = reader.timeline
    names = set(str(reader.container.format.name).split(","))
    if not tl or not tl.keys or not names & (FORMATS | OPENED | ANCHORED | LINKED):
        return None
    anchored = bool(names & ANCHORED)
    key = key_before(tl, t - ANCHOR_BACK_S if anchored else t)
    ahead = AHEAD_OPENED_S if names & (OPENED | LINKED) else AHEAD_S
    if key is None or (not start and key[0] <= reader.read_to + ahead):  # (since the demuxer started again:
        # after a seek back, the furthest packet ever read is no place the walk on starts from)
        return None
    seconds, pos, pts = key
    part = tl.segment_at(pos)
    link = (0 if part == 0 else ogg_chain.link_start(reader.path, tl.segments[part].pos)) if names & LINKED else None
    if names & LINKED and (link is None or link and reader.stream.codec_context.name != "vp8"):
        return None  # (no part's headers found before it: walked, as before; a later Theora part opened
        # on its own is decoded with its own tables, where a read straight through keeps the first's)
    try:
        if link is not None:  # (FFmpeg follows a chain read from its start, but sought into a later part,
            reader._reopen(False, start=link)  # whose stream it has not met, it stops: "not yet implemented")
            reader.container.seek(pos - link, unsupported_byte_offset=True)
        elif names & OPENED:
            reader._reopen(False, start=pos)
            reader.fix = Dated(reader.path, pos, pts)
        else:
            reader.container.seek(pos - tl.shift, unsupported_byte_offset=True)
    except (av.FFmpegError, MediaError) as e:  # (a chain's part start found wrong: ``open_video``'s MediaError)
        timeline.read_failed(reader.path, e, reader.budget.timeout_s)  # (a read error of the moment raises: tried again later)
        reader._from_the_file_start()
        return False
    tl.restart(tl.segment_at(pos))
    reader.last_t, reader.ended, reader.settled, reader.sent = -math.inf, False, False, -math.inf
    stray_times.restart(reader, seconds)
    reader.landing = pos - tl.shift if anchored else None  # (``reader_packets.demuxed``: up to the next timed PES dropped)
    reader._it = hwdecode.guarded(reader, reader._frames())
    if anchored:  # (on to the keyframe at or before t as from the file's start, an untimed one's time
        # counted with the file's reorder as a walk from there would have it; the packets before the
        # first keyframe are not decoded, as after FFmpeg's seek; none met: from the start)
        reader.reorder = max(getattr(reader, "reorder", 0), tl.reorder)
        if reader.packets.walk(t, reader._packet_s, own=False) and reader.packets.dropped is None:
            return True
        reader._from_the_file_start()
        return False
    first = next(reader.packets, None)
    if (first is None or isinstance(first, timeline.Restart) or not first.is_keyframe
            or (first.pos + tl.shift, first.pts) != (pos, pts)):
        reader._from_the_file_start()
        return False
    reader.packets.ahead.appendleft(first)
    return True


class Dated:
    """The times of a Dahua DVR file's packets opened again from the keyframe at byte ``pos`` whose
    time a straight read gives as ``pts`` (module doc): each packet's pts (its position counting from
    ``pos``) moved by what the first lacked, until a chunk dated in another second than the one before."""

    def __init__(self, path, pos: int, pts: int):
        self.path, self.pos, self.pts = path, pos, pts
        self.delta, self.date = None, None

    def __call__(self, packet) -> None:
        if self.date is False or packet.pts is None or packet.pos is None or packet.pos < 0:
            return
        date = chunk_date(self.path, self.pos + packet.pos)
        if self.delta is None:
            self.delta = self.pts - packet.pts
        elif date != self.date or date is None:
            self.date = False  # (FFmpeg times it by its date: the same as a straight read from here)
            return
        self.date = date
        packet.pts += self.delta
        if packet.dts is not None:
            packet.dts += self.delta


def chunk_date(path, pos: int):
    """The date of the DHAV chunk at byte ``pos`` of ``path`` (its seconds, as FFmpeg tells one
    second from another; the field itself where it is no date), or None where no chunk begins there.
    A read that fails (a disk or share of the moment) fails the reader's read, as its own reads do
    (``timeline.read_failed``): never times taken for a straight read's that are not."""
    try:
        with open_bytes(path) as f:
            f.seek(pos)
            head = f.read(dhav.HEAD)
    except OSError as e:
        raise MediaError(str(path), f"cannot read the file ({e.strerror or e})") from None
    if len(head) < dhav.HEAD or not head.startswith(b"DHAV"):
        return None
    raw = struct.unpack_from("<I", head, 16)[0]
    seconds = dhav.date_seconds(raw)
    return seconds if seconds is not None else ("field", raw)
