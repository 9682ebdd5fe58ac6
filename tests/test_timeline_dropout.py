"""A long MPEG-TS whose clock jumps forward part-way (a broadcast or camera recording with a
dropout: the packets of some seconds lost, the clock running on past them): ``timeline.steady``
samples the clock at 64 places and took a gap between two of them for a jump only past 4 times
their spacing, so a jump under that (~170 s in an hour's recording, 12 s in 5 minutes) went
unseen, no timeline was made, and the reader timed every frame after it by order: keyframes only
(the index's quick pass) stamped each keyframe after the jump 0.1 s after the one before (100 s,
101 s... read as 99.1 s, 99.2 s...), and a frame asked for at 115 s came from 103 s. A gap that
could hide a jump is now read again between (``core.clock_samples``): the file is scanned, and
every read (straight, keyframes only, sought) gives each frame the time the straight read gives."""

from __future__ import annotations

import bisect
import random

import numpy as np
import pytest

from core import clock_samples, timeline
from core.media import FrameSampler
from tests.test_timestamp_restarts import FPS, number, write_ts

SECONDS, AT, JUMP = 300, 100, 12  # a 300 s recording whose clock jumps 12 s on at 100 s


def cut_out(src, dst, at: int, seconds: int):
    """``src`` without its TS packets from its keyframe at ``at`` s to the one ``seconds`` later:
    a dropout (its clock, PCR and continuity counters jump on, as a lost signal leaves them)."""
    data = src.read_bytes()
    heads: dict[int, int] = {}
    i = data.find(b"\x00\x00\x01\xe0")
    while i >= 0:
        pts = clock_samples.pes_pts(data[i:i + 64])
        if pts is not None:
            heads.setdefault(pts, i // 188 * 188)  # (the TS packet it starts)
        i = data.find(b"\x00\x00\x01\xe0", i + 4)
    start = min(heads)
    a, b = heads[start + at * 90_000], heads[start + (at + seconds) * 90_000]
    dst.write_bytes(data[:a] + data[b:])
    return dst


@pytest.fixture(scope="module")
def clips(tmp_path_factory):
    d = tmp_path_factory.mktemp("dropout")
    whole = write_ts(d / "whole.ts", range((SECONDS + JUMP) * FPS), gop=FPS)  # (a keyframe a second)
    return whole, cut_out(whole, d / "dropout.ts", AT, JUMP)


def shown(t: float) -> int:
    """The number of the frame shown at ``t`` s of the recording (played one part after the other)."""
    frame = int(round(t * FPS, 6))
    return (frame if frame < AT * FPS else frame + JUMP * FPS) % 256


def test_a_jump_the_samples_spacing_hides_is_seen(clips):
    whole, dropout = clips
    assert timeline.steady(whole)  # (the same recording without the dropout: never scanned)
    assert not timeline.steady(dropout)


def test_every_read_gives_each_frame_the_straight_read_s_time(clips):
    _, path = clips
    full = [(round(t, 6), number(f)) for t, f in FrameSampler(size=None).iter_at_rate(path, FPS)]
    assert len(full) == SECONDS * FPS and all(n == shown(t) for t, n in full)
    keys = [(round(t, 6), number(f)) for t, f in FrameSampler(size=None, skip="nonkey").iter_at_rate(path, FPS)]
    assert [t for t, _ in keys] == [float(s) for s in range(SECONDS)]  # (was ..., 99.0, 99.1, 99.2, ...)
    assert all(n == shown(t) for t, n in keys)


@pytest.mark.parametrize("skip", ["none", "nonkey"])
def test_frames_anywhere_in_any_order_are_the_ones_the_straight_read_shows(clips, skip):
    _, path = clips
    wanted = [5.0, 115.0, 99.95, 100.0, 100.05, 250.3, 99.0, 101.3, 299.9, 0.0, 180.0, 40.0]
    out = FrameSampler(size=None, skip=skip).frames_at(path, wanted)
    step = 1.0 if skip == "nonkey" else 1 / FPS  # (keyframes only: the keyframe before it, a second apart)
    times = [round(step * np.floor(t / step + 1e-6), 6) for t in wanted]
    assert [round(t, 6) for t in out.times.tolist()] == times  # (115 s came from 103 s)
    assert [number(f) for f in out.frames] == [shown(t) for t in times]


def synthetic(seconds: int, jump: tuple[int, int] | None = None, seed: int = 1):
    """The PES headers (their byte places and PTSs: two lists, in decoding order: I P B B P B B...) of a
    25 fps stream whose bit rate changes every 20 s (0.25 to 8 Mbit/s, keyframes 4 times a frame's bytes),
    its clock jumping ``jump`` = (at, seconds) on; and its size. (NumPy: 48 hours of headers a test.)"""
    rng, n = random.Random(seed), seconds * 25
    i = np.arange(n)
    rate = np.repeat([float(rng.choice([0.25, 0.5, 1, 2, 4, 8])) for _ in range(0, n, 500)], 500)[:n]
    sizes = (rate * 1e6 / 8 / 25 * np.where(i % 50 == 0, 4, 1)).astype(np.int64)  # (int(): truncated)
    places = np.concatenate([[0], np.cumsum(sizes)])
    order = np.where(i == 0, 0, (i - 1) // 3 * 3 + np.array([3, 1, 2])[(i - 1) % 3])
    shift = np.where(i >= jump[0] * 25, jump[1] * 90_000, 0) if jump else 0
    return (places[:-1].tolist(), ((order * 3600 + shift) % (1 << 33)).tolist()), int(places[-1])


def steady_of(heads, size, window=1 << 16):
    """``clock_samples``' answer for such a stream, and how many windows it read."""
    (places, stamps), reads = heads, []

    def read(at):
        reads.append(at)
        k = bisect.bisect_left(places, at)
        return stamps[k] if k < len(places) and places[k] <= at + window - 40 else None
    return clock_samples._steady(read, size, 64, window, timeline.FORWARD_S * 90_000), len(reads)


def test_a_jump_anywhere_in_an_hour_of_changing_bit_rate_is_seen():
    for at in range(30, 3570, 229):
        for seconds in (11, 60, 170):
            heads, size = synthetic(3600, (at, seconds), seed=at)
            assert not steady_of(heads, size)[0], (at, seconds)


def test_a_steady_hour_is_read_at_a_few_hundred_places_not_whole():
    heads, size = synthetic(3600)  # (1.3 GB)
    ok, reads = steady_of(heads, size)
    assert ok and reads < 1000  # (718: ~47 MB of 64 KB windows)
