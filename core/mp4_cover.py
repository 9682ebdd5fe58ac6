"""Whether an MP4/MOV's index holds cover art before its tracks ('covr' in the 'ilst' of a 'meta' in the
index, or in its 'udta', ahead of the first 'trak': a tagger's way, not FFmpeg's muxer's, which writes it after
them). FFmpeg makes a stream of such a picture as it reads it, so every track after it is one stream on from its
place in the index: ``core.mp4_header`` and ``core.mp4_samples`` look tracks up by their 'tkhd' track_ID
(FFmpeg's ``stream.id``), and reader 19 or before, which looked them up by FFmpeg's stream index, may have read
such a file's video by another track's header (``core.reader_recheck``). Read without FFmpeg, in bounds."""

from __future__ import annotations

import struct
from itertools import islice

from core.mp4_header import MAX_BOXES, MAX_MOOV, boxes

_HOLDERS = {b"udta", b"meta", b"ilst"}


def cover_first(path) -> bool:
    """Whether the MP4/MOV at ``path`` holds cover art before its first track (False where it cannot be read)."""
    try:
        with open(path, "rb") as f:
            f.seek(0, 2)
            moov = next(((a, b) for kind, a, b, _ in islice(boxes(f, 0, f.tell(), depth=8), MAX_BOXES)
                         if kind == b"moov"), None)
            if moov is None or moov[1] - moov[0] > MAX_MOOV:
                return False
            for kind, a, b, _ in islice(boxes(f, moov[0], moov[1], depth=8), MAX_BOXES):  # (the index's own boxes)
                if kind == b"trak":
                    return False
                if kind in (b"udta", b"meta"):
                    f.seek(a)
                    if _holds_cover(f.read(b - a), kind):
                        return True
    except OSError:
        pass
    return False


def _holds_cover(data: bytes, kind: bytes, depth: int = 0) -> bool:
    """Whether the payload ``data`` of a box of type ``kind`` holds a 'covr' in an 'ilst' (a 'meta' read as
    ISO's, after its version and flags, and as QuickTime's, without)."""
    starts = (4, 0) if kind == b"meta" else (0,)
    return depth < 4 and any(_children_hold(data, start, kind, depth) for start in starts)


def _children_hold(data: bytes, pos: int, parent: bytes, depth: int) -> bool:
    while pos + 8 <= len(data):
        size, kind = struct.unpack_from(">I4s", data, pos)
        if size < 8 or pos + size > len(data):
            return False
        if kind == b"covr" and parent == b"ilst":
            return True
        if kind in _HOLDERS and _holds_cover(data[pos + 8:pos + size], kind, depth + 1):
            return True
        pos += size
    return False
