"""WebP files: a still image, or an animation (phones' and messengers' short clips, stickers).

FFmpeg (8.1, as bundled with PyAV 18) decodes still WebP images only: its ``webp_pipe`` demuxer
opens an animated one, but its decoder rejects every frame (the ``ANIM``/``ANMF`` chunks). An
animated WebP is read by :mod:`core.webp_reader` (Pillow's libwebp) instead, its frames timed by
:func:`animation` from the chunks; a scan tells a still WebP from an animated one by its chunks
(:func:`webp_frames`), as it does a GIF. Where Pillow cannot read WebP, the reader, when nothing
decodes, says what the file is (:func:`reason`) rather than "no video stream".
"""

from __future__ import annotations

import os
import struct
from dataclasses import dataclass

from .bounded_read import scan_open

ANIMATED_WEBP = "an animated WebP, which this FFmpeg cannot decode (it decodes still WebP images only)"
_ANIMATION = 0x02  # VP8X flags: the file holds an animation
# a frame shown for 10 ms or less is shown for 100 ms, as browsers show animated WebP and GIF
# (FFmpeg's GIF demuxer: a delay under 2 hundredths, 10)
SHORTEST_MS, INSTEAD_MS = 10, 100


def cut_short(head: bytes, length: int) -> bool:
    """Whether a WebP file of ``length`` bytes, its first bytes ``head``, ends before the size its
    RIFF header gives."""
    return len(head) >= 8 and 8 + struct.unpack("<I", head[4:8])[0] > length


def _frames(f, enough: int) -> int | None:
    """:func:`webp_frames` of the open file ``f`` (None: no WebP by its first bytes)."""
    head = f.read(12)
    if len(head) < 12 or head[:4] != b"RIFF" or head[8:12] != b"WEBP":
        return None
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
    if animated:  # (one whole frame of an animation whose file ends before its RIFF size: cut short, no still)
        cut = frames < enough and cut_short(head, f.seek(0, os.SEEK_END))
        return enough if cut else frames or enough
    # (no animation flag: a still image, cut or with a chunk size past its end, unless it holds frames)
    return enough if frames >= enough else 1


def _open(path):
    # unbuffered: a scan reads the first 12 bytes and the chunk headers, ~40 bytes of a photo, where a
    # buffered file reads a whole buffer (its st_blksize: 4 KB on a local disk, 1 MB on an SMB share)
    # (without blocking: a named pipe given as a video must not wait for a writer; it reads empty)
    return open(path, "rb", buffering=0, opener=lambda p, flags: os.open(p, flags | getattr(os, "O_NONBLOCK", 0)))


def webp_frames(path, enough: int = 2) -> int:
    """How many frames a WebP holds, counting up to ``enough`` (reads its chunk headers only): 1 for
    a still image. A file that is no readable WebP counts as ``enough`` (the decoder says why)."""
    try:
        with _open(path) as f:
            frames = _frames(f, enough)
    except OSError:
        return enough
    return enough if frames is None else frames


def scans_as_video(path) -> bool:
    """Whether a scan lists ``path``, named .webp, as a video: when it is an animated WebP by its
    chunk headers, or cannot be read, or is empty (the decoder then says why, as for any video). A
    still WebP is an image, and so is any other file so named (a JPEG or PNG saved as .webp was read
    as a one-frame video, or listed as a failed one). One whose read brings no answer raises ``TimeoutError``
    (``bounded_read.scan_open``: a share that stopped answering, ``core.scan_stalls``)."""
    try:
        with scan_open(path, buffered=False) as f:  # (unbuffered: ``_open``)
            if f.size() == 0:
                return True
            frames = _frames(f, 2)
    except TimeoutError:
        raise
    except OSError:
        return True
    return frames is not None and frames >= 2


def is_animated(path) -> bool:
    """Whether ``path`` is a WebP holding two frames or more (by its first bytes and chunk headers)."""
    try:
        with _open(path) as f:
            frames = _frames(f, 2)
    except OSError:
        return False
    return frames is not None and frames >= 2


def reason(path) -> str | None:
    """Why nothing decodes in ``path`` when it is an animated WebP (None otherwise)."""
    return ANIMATED_WEBP if is_animated(path) else None


@dataclass(frozen=True)
class Animation:
    """An animated WebP as its chunks say: its canvas, how long each whole frame is shown (ms, the
    browsers' rule for 10 ms or less applied), and the file's bytes with whole frames only."""

    width: int
    height: int
    durations_ms: tuple[int, ...]
    data: bytes  # the file, or (cut short) its chunks up to its last whole one, its RIFF size mended
    # how long the frame the file ends part-way through was to be shown (a download or copy that did
    # not finish; 0: none, or too little of it to say), and of the frames from one drawn outside the
    # canvas on (``damaged``: libwebp rejects the whole file for it; ``data`` ends before it)
    lost_ms: int = 0
    damaged: bool = False


def riff_chunks(data: bytes, at: int = 12, end: int | None = None):
    """(kind, offset, size) of the chunks of RIFF ``data`` from ``at`` (after the file's header) up
    to ``end``, each whose 8-byte header is there (its body may be cut short); padded to even sizes."""
    end = len(data) if end is None else min(end, len(data))
    while at + 8 <= end:
        n = struct.unpack_from("<I", data, at + 4)[0]
        yield data[at:at + 4], at, n
        at += 8 + n + (n & 1)


def frame_rect(anmf: bytes) -> tuple[int, int, int, int]:
    """The area an ANMF frame draws (its chunk's body): x, y, width, height (its offset is in 2-pixel steps)."""
    u24 = [int.from_bytes(anmf[i:i + 3], "little") for i in range(0, 12, 3)]
    return 2 * u24[0], 2 * u24[1], u24[2] + 1, u24[3] + 1


def _shown_ms(anmf: bytes) -> int:
    ms = int.from_bytes(anmf[12:15], "little")  # (after the frame's offset and size, 3 bytes each)
    return INSTEAD_MS if ms <= SHORTEST_MS else ms


def _inside(anmf: bytes, canvas: tuple[int, int]) -> bool:
    """Whether an ANMF frame lies within the canvas (its offset in 2-pixel steps, then its size)."""
    x, y, w, h = frame_rect(anmf)
    return x + w <= canvas[0] and y + h <= canvas[1]


def animation(data: bytes) -> Animation | None:
    """The frames of the animated WebP whose bytes are ``data`` (None: no VP8X canvas, or no ANMF
    frame whose bytes are all there before one drawn outside the canvas)."""
    if data[:4] != b"RIFF" or data[8:12] != b"WEBP":
        return None
    claimed = 8 + struct.unpack("<I", data[4:8])[0]
    end = min(len(data), claimed)
    whole, size, durations, lost, bad = 12, None, [], 0, None  # (bad: where a frame outside the canvas starts)
    for kind, at, n in riff_chunks(data, 12, end):
        body = data[at + 8:min(end, at + 8 + n)]
        if len(body) < n:  # (a chunk cut part-way)
            lost = _shown_ms(body) if kind == b"ANMF" and len(body) >= 16 else 0
            break
        if kind == b"VP8X" and n >= 10:
            size = (1 + int.from_bytes(body[4:7], "little"), 1 + int.from_bytes(body[7:10], "little"))
        elif kind == b"ANMF" and n >= 16:
            if bad is None and size is not None and not _inside(body, size):
                bad = at
            if bad is None:
                durations.append(_shown_ms(body))
            else:  # (it and the frames after it do not play)
                lost += _shown_ms(body)
        whole = min(end, at + 8 + n + (n & 1))  # (where the whole chunks end)
    if size is None or not durations:
        return None
    at = whole if bad is None else bad
    if at < claimed:  # (whole chunks only, as libwebp reads no file that ends part-way)
        data = b"RIFF" + struct.pack("<I", at - 8) + data[8:at]
    return Animation(size[0], size[1], tuple(durations), data, lost, bad is not None)
