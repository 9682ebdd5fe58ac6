"""Dahua DVR recordings (``.dav``, a CCTV recorder's export): "DHAV" chunks, each a frame or a
sound block with its wall-clock date in whole seconds (FFmpeg's ``dhav`` demuxer, which flags its
clock as one that may jump: a recorder that records on motion only leaves gaps).

:func:`clock` reads a chunk's date where it finds one, so that :func:`core.timeline.steady` tells
a steady recording from its dates at 64 places (a few MB read) instead of reading the whole file
at the probe, as it does an MPEG stream's or an Ogg's; one whose dates jump is still read whole.

:func:`knots` times the frames of such a file's parts (``core.timeline``'s segments) by the chunks'
own millisecond counter where it agrees with their dates: FFmpeg times a chunk by its date and,
within the date's second only, by that counter, so the frames of a second a recording resumed
part-way through (after a gap: motion) were placed at its start, and every frame after them late.
"""

from __future__ import annotations

import bisect
import calendar
import struct

from core.bounded_read import open_bytes

HEAD = 24  # a chunk's header (FFmpeg's dhav.c): "DHAV", type, subtype, channel, subnumber (1 byte each);
# the frame number, the chunk's length, its date (32 bits each, little-endian); its millisecond counter
# (16 bits: a device's clock, wrapping, whose seconds are none of the date's), extension length, checksum
VIDEO = (0xFC, 0xFD)  # a chunk's type: a frame (0xFD: a keyframe); 0xF0 is sound, 0xF1 neither


def date_seconds(date: int) -> int | None:
    """A chunk's date (seconds, minutes, hours, day, month, year since 2000 in its bits) in seconds;
    None for no date (a month past 12: a damaged chunk, or chance bytes in a frame)."""
    year, month, day = (date >> 26 & 0x3F) + 2000, date >> 22 & 0x0F, date >> 17 & 0x1F
    hour, minute, second = date >> 12 & 0x1F, date >> 6 & 0x3F, date & 0x3F
    if month > 12:  # (calendar.timegm raises ValueError: the probe failed with a traceback)
        return None
    return calendar.timegm((year, max(1, month), max(1, day), hour, minute, second))


def _first_date(data: bytes) -> int | None:
    """The date (seconds) of the first video chunk whose header ``data`` holds whole."""
    at = data.find(b"DHAV")
    while 0 <= at <= len(data) - HEAD:
        length = struct.unpack_from("<I", data, at + 12)[0]
        seconds = date_seconds(struct.unpack_from("<I", data, at + 16)[0])
        if data[at + 4] in VIDEO and length >= HEAD and seconds is not None:  # (a chunk's header, not chance bytes)
            return seconds
        at = data.find(b"DHAV", at + 4)
    return None


def clock(head: bytes):
    """For a DHAV file whose first bytes are ``head`` (a chunk, or Dahua's 1 KB "DAHUA" header): a
    function of a window of its bytes giving the date of the first frame in it (90 kHz units, to
    one second, in 33 bits as an MPEG timestamp); None for any other file."""
    if not (head.startswith(b"DHAV") or head.startswith(b"DAHUA")):
        return None

    def at(data: bytes, where: int = 0) -> int | None:  # (``where``: the window's place in the file)
        seconds = _first_date(data)
        return None if seconds is None else seconds * 90_000 % (1 << 33)  # (wrapping as a PTS does)
    return at



def chunks_end(data: bytes, at: int, read) -> int | None:
    """Where the last whole chunk of a DHAV file ends in its bytes ``data``, read from byte ``at`` up to
    a hole (zeros after the data in their block): after its end mark ("dhav" and the chunk's length,
    which points back to its "DHAV", before ``at`` for a large frame: ``read(pos, n)`` reads the file);
    None where no such mark is found."""
    mark = data.rfind(b"dhav")
    while mark >= 0:
        if mark + 8 <= len(data):
            start = at + mark + 8 - struct.unpack_from("<I", data, mark + 4)[0]
            if 0 <= start < at + mark and read(start, 4) == b"DHAV":
                return at + mark + 8
        mark = data.rfind(b"dhav", 0, mark)
    return None


SLACK_MS = 50  # (a counter and a date read a moment apart)


def _timing(f, pos: int) -> tuple[int, int] | None:
    """The date (seconds) and millisecond counter of the video chunk at ``pos`` of file ``f``."""
    f.seek(pos)
    head = f.read(HEAD)
    if len(head) < HEAD or not head.startswith(b"DHAV") or head[4] not in VIDEO:
        return None
    seconds = date_seconds(struct.unpack_from("<I", head, 16)[0])
    return None if seconds is None else (seconds, struct.unpack_from("<H", head, 20)[0])


def own_times(f, positions) -> list[float] | None:
    """The times (seconds after the first) of the video chunks at ``positions`` of file ``f`` (one
    run of a recording, in the file's order) by their millisecond counter; None where one has no
    header, or the counter stands still (FFmpeg then counts frames) or disagrees with the dates:
    every chunk's date must be the whole second its counter puts it in, for one place of the first
    chunk in its second (to ``SLACK_MS``)."""
    heads = [_timing(f, pos) for pos in positions]
    if not heads or None in heads:
        return None
    first, prev, ms, lo, hi, out = heads[0][0], heads[0][1], 0, 0, 1000, []
    for date, counter in heads:
        if out:
            if (counter - prev) % 65536 == 0:
                return None
            ms += (counter - prev) % 65536
        prev, into = counter, (date - first) * 1000 - ms  # (the first chunk's place in its second, by this date)
        lo, hi = max(lo, into), min(hi, into + 1000)
        if lo > hi + SLACK_MS:
            return None
        out.append(ms / 1000)
    return out


def knots(path, segments, packets, tb: float) -> None:
    """Times the frames of each of a DHAV file's ``segments`` (``core.timeline.Segment``s, in the
    file's order) by the chunks' own clock (:func:`own_times`), where it is consistent through the
    segment: its ``knots``, (pts, seconds after its start) where FFmpeg's timestamps (``packets``:
    (stream, byte position, pts, ...) in the file's order) depart from it by half a unit or more;
    none (FFmpeg's) otherwise."""
    starts = [seg.pos for seg in segments]
    mine: list[list] = [[] for _ in segments]
    for packet in packets:
        if (k := bisect.bisect_right(starts, packet[1]) - 1) >= 0:
            mine[k].append(packet)
    with open_bytes(path) as f:
        for seg, got in zip(segments, mine):
            times = own_times(f, [p[1] for p in got])
            pts = [p[2] for p in got]
            if times is None or any(b <= a for a, b in zip(pts, pts[1:])):
                continue
            at, knot = (pts[0] - seg.start) * tb, [(pts[0], (pts[0] - seg.start) * tb)]
            for p, t in zip(pts, times):
                if abs(knot[-1][1] + (p - knot[-1][0]) * tb - (at + t)) >= tb / 2:
                    knot.append((p, at + t))
            seg.knots = knot
