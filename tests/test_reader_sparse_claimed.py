"""A slideshow (or a recording that writes a frame only when something changes) whose container says
30 frames a second (Matroska's DefaultDuration, FLV's metadata: ``core.sparse_rate``) was indexed
skipping its B-frames (``nonref``), each of which stood for a slide: an MKV of a slide every 3 s gave a
slide early for 48 of 119 times half a second apart. Its first packets now tell it is sparse and it is
decoded whole, as a slideshow whose header says so is (``media.SPARSE_FPS``); a video of its rate is not."""

from __future__ import annotations

from fractions import Fraction

import numpy as np
import pytest

av = pytest.importorskip("av")

from core import sparse_rate  # noqa: E402
from core.media import SPARSE_FPS, FrameSampler  # noqa: E402
from tests.test_reader_sparse_ts import H, SLIDE_S, SLIDES, W, number, slide  # noqa: E402


def write(path, fmt: str, step_ms: int = SLIDE_S * 1000, count: int = SLIDES):
    """``count`` slides ``step_ms`` apart, H.264 with B-frames, in a container told 30 frames a second."""
    with av.open(str(path), "w", format=fmt) as out:
        s = out.add_stream("libx264", rate=30)
        s.width, s.height, s.pix_fmt = W, H, "yuv420p"
        s.codec_context.time_base = Fraction(1, 1000)
        s.options = {"g": "30", "bf": "3"}
        for i in range(count):
            f = av.VideoFrame.from_ndarray(slide(i % 256), format="rgb24")
            f.pts, f.time_base = i * step_ms, Fraction(1, 1000)
            out.mux(s.encode(f))
        out.mux(s.encode())
    return path


@pytest.mark.parametrize("fmt,ext", [("matroska", "mkv"), ("flv", "flv")])
def test_a_slideshow_said_to_be_30_fps_is_indexed_slide_by_slide(tmp_path, fmt, ext):
    path = write(tmp_path / f"slides.{ext}", fmt)
    sampler = FrameSampler(size=None, skip="nonref")  # (indexing's)
    reader = sampler.open(str(path))
    assert reader.info.fps >= SPARSE_FPS  # (what its header says)
    times = [0.5 * k for k in range(2 * SLIDE_S * SLIDES - 1)]
    got = sampler.frames_at(reader, times)
    off = [(t, number(f)) for t, f in zip(times, got.frames) if number(f) != int(t // SLIDE_S)]
    assert not off, (len(off), off[:3])  # (was: 48 of 119 a slide early)


def test_a_video_of_its_rate_is_read_skipping_as_before(tmp_path):
    path = write(tmp_path / "clip.mkv", "matroska", step_ms=33, count=90)
    sampler = FrameSampler(size=None, skip="nonref")
    reader = sampler.open(str(path))
    try:
        assert not sparse_rate.sparser(reader, SPARSE_FPS)
        sampler._open(reader)  # (the sampler's choice made, asked of the open reader: frames_at closes it)
        assert str(reader.stream.codec_context.skip_frame) == "NONREF"  # (still skipping)
        got = sampler.frames_at(reader, [1.0])
        assert np.asarray(got.frames).shape[0] == 1
    finally:
        reader.close()
