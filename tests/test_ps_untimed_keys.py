"""Seeks in an H.264 MPEG-PS whose keyframes carry no timestamp (``core.untimed_keys``).

A program stream muxer stamps a PES with the time of a frame beginning in it; a flat picture's small
H.264 frames share a PES, so most frames, the keyframes among them, come untimed (these clips: ~1 packet
in 14 timed, no keyframe but the first). The reader counted those frames, called the stream untimed and
never sought in it: each time behind the decoder read the file from its start (a fresh reader asked for
20 s then 5 s decoded 502 frames; on a recording, minutes of video for a thumbnail). Now a seek back
decodes about a group of pictures, at the sequential read's frames and times, which are exact (one
frame every 1/25 s).
"""

from __future__ import annotations

from fractions import Fraction
from pathlib import Path

import av
import numpy as np
import pytest

from core.media import FrameSampler

FPS, SECONDS, GOP = 25, 30, 25
W, H = 352, 288  # (a half-D1 frame: its flat frames share PESs as a DVD frame's do, 39-58 of 750 packets
# timed and 26-27 of 30 keyframes bare, 55-75 and 26-27 at 720x576; written and decoded in a third of the time)
TIMES = [20.0, 5.0, 27.98, 13.02, 0.0, 29.0, 9.5, 21.04, 3.0]  # (back and forth, on and beside keyframes)


def picture(i: int, size: tuple[int, int] = (W, H), step: int = 7, top: int = 100) -> np.ndarray:
    """Frame ``i``: flat grey-green (a shade a second) and a small red square where ``i`` puts it (``step``
    px a frame along the row ``top``)."""
    w, h = size
    img = np.empty((h, w, 3), np.uint8)
    img[:] = (90, 100 + (i // FPS) * 3, 110)
    x = (i * step) % (w - 16)
    img[top:top + 16, x:x + 16] = (230, 40, 40)
    return img


def write(path: Path, bf: int, *, size: tuple[int, int] = (W, H), seconds: int = SECONDS, step: int = 7,
          top: int = 100, preset: str = "ultrafast") -> Path:
    """An H.264 MPEG-PS as FFmpeg's muxer writes one (small frames share a PES and its one timestamp):
    ``seconds`` of ``picture`` at ``FPS``, a keyframe every ``GOP`` frames, ``bf`` B-frames."""
    with av.open(str(path), "w", format="vob") as out:
        s = out.add_stream("libx264", rate=FPS)
        s.width, s.height, s.pix_fmt = size[0], size[1], "yuv420p"
        s.codec_context.time_base = Fraction(1, FPS)
        s.options = {"g": str(GOP), "sc_threshold": "0", "bf": str(bf), "preset": preset}
        for i in range(seconds * FPS):
            f = av.VideoFrame.from_ndarray(picture(i, size, step, top), format="rgb24")
            f.pts, f.time_base = i, Fraction(1, FPS)
            out.mux(s.encode(f))
        out.mux(s.encode())
    return path


@pytest.fixture(scope="module", params=[0, 2], ids=["bf0", "bf2"])
def clip(request, tmp_path_factory) -> Path:
    return write(tmp_path_factory.mktemp("ps_untimed") / f"h264-bf{request.param}.vob", request.param)


def untimed_keys(path: Path) -> tuple[int, int, int]:
    """(packets, timed packets, keyframes without a timestamp)."""
    with av.open(str(path)) as c:
        packets = [p for p in c.demux(c.streams.video[0]) if p.size]
    return len(packets), sum(p.pts is not None for p in packets), sum(p.is_keyframe and p.pts is None for p in packets)


def frames(strategy: str, path: Path, times: list[float]) -> tuple[list, dict]:
    sampler = FrameSampler(size=None, _strategy=strategy)
    got = sampler.frames_at(str(path), times)
    return [(round(float(t), 6), f.tobytes()) for t, f in zip(got.times, got.frames)], sampler.last_stats


def test_the_clip_has_keyframes_without_timestamps(clip):
    packets, timed, bare_keys = untimed_keys(clip)
    assert timed * 8 < packets and bare_keys >= SECONDS // 2, (packets, timed, bare_keys)


def test_the_sequential_read_times_every_frame_exactly(clip):
    reader = FrameSampler(size=None, _strategy="sequential")._open(str(clip))
    try:
        times, got = [], reader.pending
        while got is not None:
            times.append(got[0])
            got = reader._next()
    finally:
        reader.close()
    assert len(times) >= SECONDS * FPS - 2
    assert np.allclose(times, np.arange(len(times)) / FPS, atol=1e-6)


def test_each_time_alone_and_in_turn_gives_the_sequential_reads_frame_decoding_about_a_group(clip):
    want = [frames("sequential", clip, [t])[0][0] for t in TIMES]
    for strategy in ("seek", "auto"):
        for t, w in zip(TIMES, want):
            got, stats = frames(strategy, clip, [t])
            assert got == [w], (strategy, t, got[0][0], w[0])
            assert stats["grabs"] <= 2 * GOP + 8, (strategy, t, stats)  # (the probe's frame, a group or two)
    # one reader, every time in turn: each seek back decodes about a group, not the file to there
    sampler = FrameSampler(size=None, _strategy="seek")
    reader = sampler._open(str(clip))
    try:
        decoded = []
        for t, w in zip(TIMES, want):
            before = reader.decoded
            time, frame = reader.at(t)
            assert (round(time, 6), sampler._convert(frame, reader.view).tobytes()) == w, (t, time, w[0])
            decoded.append(reader.decoded - before)
        assert not reader.untimed
    finally:
        reader.close()
    assert max(decoded) <= 2 * GOP + 4, decoded  # (was up to 702: from the file's start)
