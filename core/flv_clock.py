"""An FLV file's video clock read in a window of its bytes, for :mod:`core.clock_samples` (whether it
runs on without a jump: ``core.timeline.steady``).

FFmpeg's FLV demuxer does not say its timestamps may jump (no AVFMT_TS_DISCONT), yet an FLV's clock
can start again part-way: a recorder that appends a new stream to a file without shifting its
timestamps, two FLVs joined byte for byte. Read as stamped, the second part's frames came behind
the first's and the file was called cut short, half of it never indexed. A file whose clock the
samples show jumping is scanned as an MPEG-TS is (``timeline.scan``) and read through a timeline.

A window's clock is the timestamp of the first whole video tag in it: type 9, stream id 0, and the
PreviousTagSize after it equal to its size (what tells a tag from bytes that look like one), or, for
a tag running past the window, a key or inter frame of a video codec FLV carries. A wrong reading
costs a scan of the file (which finds no jump), never a timeline."""

from __future__ import annotations

import re

VIDEO_TAG = re.compile(rb"\x09[\x00-\xff]{3}[\x00-\xff]{4}\x00\x00\x00", re.S)
CODECS = (2, 4, 5, 6, 7, 12)  # (FLV's video codec ids: Sorenson, VP6, VP6 alpha, screen 2, AVC, HEVC)
WRAP = 1 << 33  # (clock_samples' units: 90 kHz in 33 bits, as an MPEG timestamp)


def is_flv(head: bytes) -> bool:
    return head[:3] == b"FLV" and len(head) > 3 and head[3] == 1


def clock(head: bytes):
    """For an FLV file whose first bytes are ``head``: a function of a window of its bytes giving the
    timestamp of the first video tag in it (90 kHz units, 33 bits); None for any other file."""
    if not is_flv(head):
        return None

    def at(data: bytes, where: int = 0) -> int | None:  # (``where``: the window's place in the file)
        for m in VIDEO_TAG.finditer(data):
            i = m.start()
            size = int.from_bytes(data[i + 1:i + 4], "big")
            end = i + 11 + size
            whole = end + 4 <= len(data) and int.from_bytes(data[end:end + 4], "big") == 11 + size
            # (a tag running past the window, a large frame's: its first byte a frame type and a codec)
            cut = end + 4 > len(data) and i + 12 <= len(data) and data[i + 11] >> 4 in (1, 2) and data[i + 11] & 15 in CODECS
            if size and (whole or cut):
                ms = int.from_bytes(data[i + 4:i + 7], "big") | data[i + 7] << 24
                return ms * 90 % WRAP
        return None
    return at
