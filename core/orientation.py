"""How a video is meant to be shown: its display matrix (phones record portrait videos as landscape
frames with a 90-degree rotation in the header; some cameras add a mirror) and the shape of its
pixels (camcorder footage is often anamorphic: 1440x1080 HDV and AVCHD shown 1920 wide, 720x576
DV shown 768 or 1024 wide).

Players turn and stretch such frames, and so must everything Seekframe shows a model or a person:
moments, thumbnails, training clips. FFmpeg hands the matrix on with each decoded frame (MP4/MOV
``tkhd``, Matroska projection, H.264/HEVC orientation SEI; a hardware-decoded frame keeps it
through PyAV's copy of the frame's properties). Only the eight right-angle orientations are
applied, as FFmpeg's own command line does without a rotate filter; any other angle is taken as
the nearest of them. The matrix maps a decoded pixel (x, y) to (x * a + y * c, x * b + y * d),
up to a shift, with a = m[0], b = m[1], c = m[3], d = m[4] (FFmpeg's ``libavutil/display.h``)."""

from __future__ import annotations

from typing import NamedTuple

import numpy as np


class Orientation(NamedTuple):
    """The decoded frame to the shown one: ``transpose`` (rows become columns) first, then the
    rows (``flip_rows``) and the columns (``flip_cols``) reversed."""

    transpose: bool = False
    flip_rows: bool = False
    flip_cols: bool = False

    @property
    def upright(self) -> bool:
        return self == UPRIGHT

    def shown_size(self, width: int, height: int) -> tuple[int, int]:
        """The (width, height) a decoded frame of that size is shown at (and, a turn's sizes
        going both ways, the decoded size that is shown at that size)."""
        return (height, width) if self.transpose else (width, height)

    def apply(self, image: np.ndarray) -> np.ndarray:
        """``image`` (H x W x C, decoded) as shown; a view when nothing changes."""
        if self.upright:
            return image
        out = image.swapaxes(0, 1) if self.transpose else image
        if self.flip_rows:
            out = out[::-1]
        if self.flip_cols:
            out = out[:, ::-1]
        return np.ascontiguousarray(out)


UPRIGHT = Orientation()


class View(NamedTuple):
    """A decoded frame to the one shown: stretched to ``aspect`` (a decoded pixel's width over its
    height, the sample aspect ratio; FFmpeg's players stretch the width), then turned; an HDR
    frame's light (``hdr``: ``"pq"`` or ``"hlg"``, ``bt2020``: its colours) brought to SDR by
    ``core.hdr``."""

    orientation: Orientation = UPRIGHT
    aspect: float = 1.0
    hdr: str = ""
    bt2020: bool = False
    interlaced: bool = False  # (its first frame; each frame is read by its own flag: ``core.fields``)

    @property
    def plain(self) -> bool:
        """Shown as decoded."""
        return (self.orientation.upright and self.aspect == 1.0 and not self.hdr and not self.bt2020
                and not self.interlaced)

    def shown_as_by(self, reader: int) -> bool:
        """Whether the reader of that version (``core.video_info.READER``; 0: not recorded, the
        first) read this video's frames as this one does."""
        if reader <= 1:  # frames as decoded
            return self.plain
        if reader == 2:  # as shown, but interlaced frames whole
            return not self.interlaced
        return True

    def shown_size(self, width: int, height: int) -> tuple[int, int]:
        """The (width, height) a decoded frame of that size is shown at."""
        return self.orientation.shown_size(max(1, round(width * self.aspect)), height)

    def coded_size(self, width: int, height: int) -> tuple[int, int]:
        """The size to scale a decoded frame to so that turning it gives (width, height)."""
        return self.orientation.shown_size(width, height)


PLAIN = View()


def from_matrix(matrix) -> Orientation:
    """The orientation of a 3x3 display matrix (nine 16.16 fixed-point numbers, row-major)."""
    m = [float(v) for v in matrix]
    if len(m) != 9:
        return UPRIGHT
    a, b, c, d = m[0], m[1], m[3], m[4]
    if abs(b) + abs(c) > abs(a) + abs(d):  # nearer a quarter turn: x' = c*y, y' = b*x
        return Orientation(True, b < 0, c < 0)
    if a == 0 and d == 0:  # (no matrix at all: shown as decoded)
        return UPRIGHT
    return Orientation(False, d < 0, a < 0)  # x' = a*x, y' = d*y


def pixel_aspect(stream) -> float:
    """A video stream's sample aspect ratio as FFmpeg guesses it (the container's, else the
    codec's); 1 when neither gives a sane one or it is within 1% of square."""
    for owner in (stream, stream.codec_context):
        try:
            sar = owner.sample_aspect_ratio
        except (AttributeError, ValueError, ZeroDivisionError):
            continue
        if sar is not None and sar.numerator > 0 and sar.denominator > 0:
            value = float(sar)
            return value if 0.2 <= value <= 5.0 and abs(value - 1.0) > 0.01 else 1.0
    return 1.0


def of_frame(frame) -> Orientation:
    """The orientation the decoded ``frame`` (a PyAV ``VideoFrame``) is to be shown in."""
    try:
        from av.sidedata.sidedata import Type

        data = frame.side_data.get(Type.DISPLAYMATRIX)
    except (AttributeError, ImportError, KeyError, ValueError):
        return UPRIGHT
    if data is None:
        return UPRIGHT
    raw = bytes(data)
    if len(raw) != 36:
        return UPRIGHT
    return from_matrix(np.frombuffer(raw, dtype=np.int32))
