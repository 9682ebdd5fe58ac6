"""Dahua DVR recordings (``.dav``, a CCTV recorder's export): "DHAV" chunks, each a frame or a
sound block with its wall-clock date in whole seconds (FFmpeg's ``dhav`` demuxer, which flags its
clock as one that may jump: a recorder that records on motion only leaves gaps).

:func:`clock` reads a chunk's date where it finds one, so that :func:`core.timeline.steady` tells
a steady recording from its dates at 64 places (a few MB read) instead of reading the whole file
at the probe, as it does an MPEG stream's or an Ogg's; one whose dates jump is still read whole.
"""

from __future__ import annotations

import calendar
import struct

HEAD = 24  # a chunk's header: "DHAV", type, subtype, channel, subnumber, number, length, date, ms, ...
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
