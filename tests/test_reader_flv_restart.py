"""An FLV whose clock starts again part-way (a recorder that appends a new stream to a file without
shifting its timestamps, or two FLVs joined byte for byte) was read as its first part only: FFmpeg's FLV
demuxer does not say its timestamps may jump (no AVFMT_TS_DISCONT: ``core.timeline.may_jump``), so no
timeline was made, the second part's frames came behind the first's and the file was called cut short
("truncated: decodes only 5.0 s of 10.0 s"), half of it never indexed. Now its clock is sampled as an
MPEG-TS's is (``core.flv_clock``), and one that jumps is read through a timeline: both parts, one after
the other, sought back and forth, in every skip mode; a steady FLV is read as before (no timeline)."""

from __future__ import annotations

from fractions import Fraction

import numpy as np
import pytest

av = pytest.importorskip("av")

from core.media import FrameSampler  # noqa: E402
from tests.test_reader_sparse_ts import H, W, number, slide  # noqa: E402

FPS, PART = 25, 125  # (two parts of 5 s)


def write(path):
    """``2 * PART`` frames (frame i shows ``i // FPS``), its video tags' timestamps starting again at 0
    at frame ``PART``, as a recorder that appends without shifting them writes them."""
    with av.open(str(path), "w", format="flv") as out:
        s = out.add_stream("libx264", rate=FPS)
        s.width, s.height, s.pix_fmt = W, H, "yuv420p"
        s.options = {"g": str(FPS), "bf": "0"}
        for i in range(2 * PART):
            f = av.VideoFrame.from_ndarray(slide(i // FPS), format="rgb24")
            f.pts, f.time_base = i, Fraction(1, FPS)
            out.mux(s.encode(f))
        out.mux(s.encode())
    data = bytearray(path.read_bytes())
    at, video = 13, []  # (after the FLV header and the first PreviousTagSize)
    while at + 11 <= len(data):
        if data[at] == 9:
            video.append(at)
        at += 11 + int.from_bytes(data[at + 1:at + 4], "big") + 4
    for k, tag in enumerate(video[PART:]):
        ms = k * 1000 // FPS
        data[tag + 4:tag + 7], data[tag + 7] = ms.to_bytes(3, "big"), 0
    path.write_bytes(bytes(data))
    return path


@pytest.mark.parametrize("skip", ["none", "nonref", "nonkey"])
def test_an_flv_whose_clock_starts_again_is_read_through_both_parts(tmp_path, skip):
    path = write(tmp_path / "appended.flv")
    sampler = FrameSampler(size=None, skip=skip)
    reader = sampler.open(str(path))
    timeline, info = reader.timeline, reader.info
    times = [0.5 + k for k in range(2 * PART // FPS)]
    got = sampler.frames_at(reader, times)  # (was: CutShort, 'truncated: decodes only 5.0 s of 10.0 s')
    assert timeline is not None and info.duration == pytest.approx(10.0, abs=0.05)
    assert [number(np.asarray(f)) for f in got.frames] == [int(t) for t in times]
    assert list(got.times) == pytest.approx([float(int(t)) for t in times] if skip == "nonkey" else
                                            [int(t * FPS) / FPS for t in times], abs=0.021)
    back_and_forth = [8.5, 2.5, 6.5, 0.5, 9.5, 4.5, 5.5]  # (each time by a seek: a reader of its own each)
    for t in back_and_forth:
        one = FrameSampler(size=None, skip=skip)
        assert number(np.asarray(one.frames_at(one.open(str(path)), [t]).frames[0])) == int(t), (skip, t)
    one = FrameSampler(size=None, skip=skip)  # (one reader, sought back and forth)
    got = one.frames_at(one.open(str(path)), back_and_forth)
    assert sorted(number(np.asarray(f)) for f in got.frames) == sorted(int(t) for t in back_and_forth)


def test_a_steady_flv_has_no_timeline(tmp_path):
    from tests.test_reader_sparse_claimed import write as write_flv

    path = write_flv(tmp_path / "clip.flv", "flv", step_ms=40, count=100)
    reader = FrameSampler(size=None).open(str(path))
    try:
        assert reader.timeline is None
    finally:
        reader.close()
