"""WebP files: a still image, or an animation (phones' and messengers' short clips, stickers).

FFmpeg (8.1, as bundled with PyAV 18) decodes still WebP images only: its ``webp_pipe`` demuxer
opens an animated one, but its decoder rejects every frame (the ``ANIM``/``ANMF`` chunks). So the
reader, when nothing decodes, says that (:func:`reason`) rather than "no video stream", and a scan
can tell a still WebP from an animated one by its chunks (:func:`webp_frames`), as it does a GIF.
"""

from __future__ import annotations

import os
import struct

ANIMATED_WEBP = "an animated WebP, which this FFmpeg cannot decode (it decodes still WebP images only)"
_ANIMATION = 0x02  # VP8X flags: the file holds an animation


def webp_frames(path, enough: int = 2) -> int:
    """How many frames a WebP holds, counting up to ``enough`` (reads its chunk headers only): 1 for
    a still image. A file that is no readable WebP counts as ``enough`` (the decoder says why)."""
    try:
        with open(path, "rb") as f:
            head = f.read(12)
            if len(head) < 12 or head[:4] != b"RIFF" or head[8:12] != b"WEBP":
                return enough
            frames, animated = 0, False
            while frames < enough and len(chunk := f.read(8)) == 8:
                kind, size = chunk[:4], struct.unpack("<I", chunk[4:])[0]
                if kind in (b"VP8 ", b"VP8L") and not animated:
                    return 1  # (a still image: its bitstream, with or without a VP8X chunk before it)
                if kind == b"VP8X":
                    flags = f.read(1)
                    animated = bool(flags and flags[0] & _ANIMATION)
                    size -= len(flags)
                frames += kind == b"ANMF"
                f.seek(size + (chunk[4] & 1), os.SEEK_CUR)  # (chunks are padded to an even size)
            return (frames or enough) if animated else enough
    except OSError:
        return enough


def reason(path) -> str | None:
    """Why nothing decodes in ``path`` when it is an animated WebP (None otherwise)."""
    try:
        with open(path, "rb") as f:
            head = f.read(12)
    except OSError:
        return None
    webp = head[:4] == b"RIFF" and head[8:12] == b"WEBP"
    return ANIMATED_WEBP if webp and webp_frames(path) >= 2 else None
