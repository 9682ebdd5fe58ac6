"""An MPEG-TS slideshow (a slide every 3 s, H.264 with B-frames: its first keyframe is shown 6 s after it is
decoded) read from its start again (``FrameReader._restart``: a slideshow is decoded whole however the
sampler skips, ``media.SPARSE_FPS``) was sought to its first frame's time and FFmpeg, which seeks an
MPEG-TS by the timestamps it finds in the bytes, landed 8 slides on: indexing gave slide 8 for every time
before 24 s (8 of 20 slides never seen). The reader now reads such a file from its start when that seek
lands past its first frame, as ``reader_seek.seek`` does for a seek to 0."""

from __future__ import annotations

from fractions import Fraction

import numpy as np
import pytest

av = pytest.importorskip("av")

from core.media import FrameSampler  # noqa: E402

W, H, SLIDE_S, SLIDES = 160, 96, 3, 20


def slide(i: int) -> np.ndarray:
    """Slide ``i``: its number in bits, 16 px columns white for 1."""
    img = np.full((H, W, 3), 60, np.uint8)
    for b in range(8):
        if i >> b & 1:
            img[:, b * 16:(b + 1) * 16] = 230
    return img


def number(frame: np.ndarray) -> int:
    return sum(1 << b for b in range(8) if frame[8:-8, b * 16 + 4:(b + 1) * 16 - 4].mean() > 145)


def write(path, fmt: str = "mpegts"):
    with av.open(str(path), "w", format=fmt) as out:
        s = out.add_stream("libx264", rate=30)  # (its header: 30 frames a second)
        s.width, s.height, s.pix_fmt = W, H, "yuv420p"
        s.codec_context.time_base = Fraction(1, 90000)
        s.options = {"g": "8", "keyint_min": "8", "sc_threshold": "0", "bf": "3"}  # (a keyframe every 24 s)
        for i in range(SLIDES):
            f = av.VideoFrame.from_ndarray(slide(i), format="rgb24")
            f.pts, f.time_base = i * SLIDE_S * 90000, Fraction(1, 90000)
            out.mux(s.encode(f))
        out.mux(s.encode())
    return path


@pytest.mark.parametrize("skip", ["nonref", "none"])
def test_a_ts_slideshow_gives_each_slide_at_its_time(tmp_path, skip):
    path = write(tmp_path / "slides.ts")
    sampler = FrameSampler(size=None, skip=skip)  # (nonref: indexing's)
    reader = sampler.open(str(path))
    assert reader.info.fps < 1  # (decoded whole, read from its start again)
    times = [0.5 * k for k in range(2 * SLIDE_S * SLIDES - 1)]
    got = sampler.frames_at(reader, times)
    off = [(t, number(f)) for t, f in zip(times, got.frames) if number(f) != int(t // SLIDE_S)]
    assert not off, (len(off), off[:3])  # (was: slide 8 for every time before 24 s)
