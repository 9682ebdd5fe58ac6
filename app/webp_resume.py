"""Resume points of an animated WebP, made in the worker pool, so that the preview's ``QMovie``
(``app.movie_source.AnimatedPicture``) reaches a frame far from the one it shows without
decoding every frame before it in the GUI thread: Qt's WebP plugin cannot jump to a frame (its
``jumpToImage`` says no; each frame is drawn over the canvas the frames before it left), and
stepping to frame 1,000 of a 480 x 270 animation took ~1 s there.

:func:`resume_at` decodes the frames up to the one wanted with Qt's own reader (so the canvas is
exactly the one the ``QMovie`` would show) in the calling thread (a worker's), then writes a short
animation that plays on from there: its first frame the whole canvas as that frame leaves it for
the next (Qt clears a frame's area "disposed to background" before drawing the next one), stored
losslessly, the file's own frames after it unchanged.
"""

from __future__ import annotations

import io
import struct
from dataclasses import dataclass

from PySide6.QtCore import QByteArray, QDataStream
from PySide6.QtGui import QImage, QImageReader

from core.webp import frame_rect, riff_chunks

_ALPHA_FLAG = 0x10  # VP8X: the file holds transparency
_DISPOSE, _NO_BLEND = 0x01, 0x02  # ANMF flags


@dataclass(frozen=True)
class Resume:
    """An animation resumed at its frame ``frame``: ``image``, the canvas shown at that frame;
    ``data``, a WebP whose frame 0 is the canvas as that frame leaves it and whose frame k (k >= 1)
    is the file's frame ``frame + k``."""

    frame: int
    image: QImage
    data: bytes


@dataclass(frozen=True)
class Chunks:
    """Where an animated WebP's frames are: the chunks before the first (``head``: RIFF header,
    VP8X, ICCP, ANIM), each frame's ANMF chunk's offset, the canvas and whether it holds alpha."""

    head: int
    frames: tuple[int, ...]
    size: tuple[int, int]
    alpha: bool


def chunks(data: bytes) -> Chunks | None:
    """The frame chunks of the WebP ``data`` (None: no animation's canvas, or no frame)."""
    if data[:4] != b"RIFF" or data[8:12] != b"WEBP":
        return None
    size, alpha, frames = None, False, []
    for kind, at, n in riff_chunks(data):
        if kind == b"VP8X" and n >= 10:
            alpha = bool(data[at + 8] & _ALPHA_FLAG)
            size = (1 + int.from_bytes(data[at + 12:at + 15], "little"),
                    1 + int.from_bytes(data[at + 15:at + 18], "little"))
        elif kind == b"ANMF":
            frames.append(at)
    if size is None or not frames:
        return None
    return Chunks(frames[0], tuple(frames), size, alpha)


def _frame_alpha(data: bytes, at: int) -> bool:
    """Whether the frame of the ANMF chunk at ``at`` has alpha, as libwebp's demuxer says (which
    Qt asks before it clears the frame's area): an ALPH chunk, or a lossless bitstream's flag."""
    end = at + 8 + struct.unpack_from("<I", data, at + 4)[0]
    for kind, sub, _n in riff_chunks(data, at + 24, end):
        if kind == b"ALPH":
            return True
        if kind == b"VP8L":
            return sub + 13 <= min(end, len(data)) and bool(data[sub + 12] & 0x10)  # (its 28th header bit)
        if kind == b"VP8 ":
            return False
    return False


def _lossless(image: QImage, alpha: bool, clear: tuple[int, int, int, int] | None) -> bytes:
    """``image`` as a lossless WebP bitstream (its VP8L chunk, header included), fast rather than
    small, the area ``clear`` (x, y, width, height) made transparent first (Qt's CompositionMode_Clear)."""
    from PIL import Image

    rgba = image.convertToFormat(QImage.Format.Format_RGBA8888)
    w, h = rgba.width(), rgba.height()
    picture = Image.frombuffer("RGBA", (w, h), bytes(rgba.constBits()), "raw", "RGBA", rgba.bytesPerLine(), 1)
    if clear is not None:
        x, y, cw, ch = clear
        picture = picture.copy()  # (frombuffer's is read-only)
        picture.paste((0, 0, 0, 0), (x, y, min(w, x + cw), min(h, y + ch)))
    if not alpha:
        picture = picture.convert("RGB")
    out = io.BytesIO()
    picture.save(out, "WEBP", lossless=True, quality=0, method=0, exact=True)
    still = out.getvalue()
    for kind, at, n in riff_chunks(still):
        if kind == b"VP8L":
            return still[at:at + 8 + n + (n & 1)]
    raise ValueError("no lossless bitstream written")


def _anmf(frame: bytes, size: tuple[int, int], duration: bytes) -> bytes:
    """An ANMF chunk of the whole canvas, drawn without blending, not disposed."""
    w, h = size
    body = (b"\0" * 6 + (w - 1).to_bytes(3, "little") + (h - 1).to_bytes(3, "little") + duration
            + bytes([_NO_BLEND]) + frame)
    return b"ANMF" + struct.pack("<I", len(body)) + body + b"\0" * (len(body) & 1)


def resume_at(data: bytes, frame: int, start: Resume | None = None) -> Resume | None:
    """The animated WebP ``data`` resumed at ``frame`` (at the last frame Qt can read before it,
    should one fail), decoded in the calling thread (a worker's: the GUI thread's would freeze for
    each frame before it), from its start or from the resume point ``start`` before it (only the
    frames after that one decoded); None where Qt or Pillow cannot read or write it."""
    offset = 0
    if start is not None and start.frame < frame:
        data, offset, frame = start.data, start.frame, frame - start.frame
    table = chunks(data)
    if table is None or not 0 <= frame < len(table.frames):
        return None
    # the bytes read through a buffer Qt made (a QDataStream's), never one made from Python: each of
    # Qt's calls to a Python-made device takes the GIL, and Qt's reader does so holding the lock of
    # its plugins, which the GUI thread, holding the GIL, may wait for (an icon drawn): a deadlock
    stream = QDataStream(QByteArray(data))
    reader = QImageReader(stream.device(), QByteArray(b"webp"))
    shown, reached = QImage(), -1
    while reached < frame:
        image = reader.read()
        if image.isNull():
            break  # (a frame Qt cannot read: the one before stays shown, as in the QMovie)
        shown, reached = image, reached + 1
    if reached < 0:
        return None
    if offset and reached == 0:
        shown = start.image  # (its first frame is the canvas as that frame leaves it)
    at = table.frames[reached]
    # the canvas as the frame leaves it: its area cleared where it is disposed to background (as Qt
    # does it before the next frame: only a frame with alpha)
    clear = frame_rect(data[at + 8:at + 20]) if data[at + 23] & _DISPOSE and _frame_alpha(data, at) else None
    try:
        first = _anmf(_lossless(shown, table.alpha, clear), table.size, data[at + 20:at + 23])
    except (ImportError, OSError, ValueError):
        return None
    if reached + 1 < len(table.frames):
        after = data[table.frames[reached + 1]:]  # (the frames after it, and any chunk after them)
    else:
        n = struct.unpack("<I", data[at + 4:at + 8])[0]
        after = data[at + 8 + n + (n & 1):]
    body = data[12:table.head] + first + after
    # (shown as the QMovie shows its frames: through a pixmap, premultiplied where it has alpha)
    shown = shown.convertToFormat(QImage.Format.Format_ARGB32_Premultiplied if table.alpha
                                  else QImage.Format.Format_RGB32)
    return Resume(offset + reached, shown, b"RIFF" + struct.pack("<I", 4 + len(body)) + b"WEBP" + body)
