"""An MPEG-TS whose 33-bit clock wraps part-way (it wraps every 26.5 h: a DVB or IPTV capture started
with the broadcaster's clock near 2**33 / 90000 s).

A guard: FFmpeg unwraps the timestamps itself (``pts_wrap_bits``): a file starting under 60 s before
the wrap reads with the timestamps before it negative, one starting earlier with those after it past
2**33; either way they run on. ``timeline.steady`` reads the PES timestamps from the bytes, 33 bits,
and unwraps each next to the one before (``clock_samples._after``): taken for a jump back, the file
would be scanned whole for a timeline at every open (a 4 GB capture read through) before reading as
steady anyway. The reader's times run on from the file's first frame, read straight, in every skip
mode and by seeks on either side of the wrap (FFmpeg's, and walks), each the frame shown there.
"""

from __future__ import annotations

import math
from fractions import Fraction

import pytest

av = pytest.importorskip("av")

from core import timeline  # noqa: E402
from core.media import FrameSampler, probe  # noqa: E402
from tests.test_timestamp_restarts import FPS, number, picture  # noqa: E402

TICKS = 90_000
WRAP = 1 << 33


def write_wrapped(path, seconds: float, wrap_s: float):
    """``seconds`` of frames numbered 0, 1, ... (mod 256), the clock wrapping ``wrap_s`` in."""
    start, tb = WRAP - int(wrap_s * TICKS), Fraction(1, TICKS)
    with av.open(str(path), "w", format="mpegts") as out:
        stream = out.add_stream("libx264", rate=FPS)
        stream.width, stream.height, stream.pix_fmt = 64, 48, "yuv420p"
        stream.options = {"g": "10", "keyint_min": "10", "sc_threshold": "0", "bf": "2"}
        stream.time_base = tb

        def mux(packets):
            for p in packets:  # (written as 33 bits: the muxer keeps the low bits)
                p.pts, p.dts = (start + int(round(v * p.time_base * TICKS)) for v in (p.pts, p.dts))
                p.time_base = tb
                out.mux(p)
        for n in range(int(seconds * FPS)):
            frame = av.VideoFrame.from_ndarray(picture(n % 256), format="rgb24")
            frame.pts, frame.time_base = n, Fraction(1, FPS)
            mux(stream.encode(frame))
        mux(stream.encode())
    return path


# (seconds, where it wraps): FFmpeg's two ways (under 60 s from the start: the timestamps before
# the wrap made negative; further: those after it made past 2**33)
CLIPS = {"near-start": (20.0, 8.0), "later": (75.0, 65.0)}


@pytest.fixture(scope="module", params=list(CLIPS))
def wrapped(request, tmp_path_factory):
    seconds, wrap_s = CLIPS[request.param]
    path = write_wrapped(tmp_path_factory.mktemp("wrap") / f"{request.param}.ts", seconds, wrap_s)
    return path, seconds, wrap_s


def test_the_clock_runs_on_through_the_wrap_as_ffmpeg_reads_it_and_as_steady_samples_it(wrapped):
    path, seconds, _ = wrapped
    with av.open(str(path)) as c:
        raw = [p.dts for p in c.demux(c.streams.video[0]) if p.dts is not None]
    assert all(b > a for a, b in zip(raw, raw[1:]))  # (FFmpeg unwraps: were it to stop, the reader's times would jump)
    assert raw[-1] - raw[0] == pytest.approx((seconds - 1 / FPS) * TICKS, abs=TICKS // FPS)
    assert timeline.steady(str(path)) and timeline.steady_by_10(str(path))  # (no whole-file scan)
    assert probe(path).duration == pytest.approx(seconds, abs=0.11)


@pytest.mark.parametrize("skip", ["none", "nonref", "nonkey"])
def test_frame_times_run_on_through_the_wrap_each_the_frame_shown_then(wrapped, skip):
    path, seconds, _ = wrapped
    got = list(FrameSampler(size=None, skip=skip).iter_at_rate(path, 2.0))
    times = [t for t, _ in got]
    assert all(b > a for a, b in zip(times, times[1:])) and times[-1] >= seconds - 1.05, times
    assert [number(f) for _, f in got] == [round(t * FPS) % 256 for t in times]


@pytest.mark.parametrize("strategy", ["seek", "auto"])
def test_seeks_on_either_side_of_the_wrap_give_the_frames_shown_there(wrapped, strategy):
    path, seconds, wrap_s = wrapped
    times = [seconds - 0.35, 3.0, wrap_s - 0.05, wrap_s + 0.05, wrap_s + 4.3, 1.0, wrap_s - 7.6, seconds / 2]
    want = [math.floor(t * FPS + 1e-6) % 256 for t in times]  # (the frame shown at each)
    for batch in (times, *([t] for t in times)):  # (one reader for them all, then one each)
        got = FrameSampler(size=None, _strategy=strategy).frames_at(path, batch)
        assert [number(f) for f in got.frames] == [want[times.index(t)] for t in batch], batch
