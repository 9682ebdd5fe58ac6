"""A screen recording in MP4 at a varying rate (60 frames a second while something moves, one frame for a
still) with B-frames, indexed skipping the frames no other refers to (``nonref``): a B-frame that begins a
still was skipped, and the frame before it stood for the whole still (for 26 of 86 times half a second
apart the frame before, up to 0.65 s before it: a slide shown for seconds could be missed whole). Such a
file (its sample table has a frame shown half a second or more: ``sparse_rate.stills``) is decoded whole,
as a slideshow is; a steady-rate MP4 still skips."""

from __future__ import annotations

import numpy as np
import pytest

from core.media import FrameSampler
from tests.test_timestamp_restarts import number
from tests.test_vfr_mp4_end import write_vfr

_RNG = np.random.default_rng(2)  # (150 frames, a fifth of them stills of 0.3-2.5 s)
GAPS = np.where(_RNG.random(150) < 0.2, _RNG.uniform(0.3, 2.5, 150), 1 / 60)
TIMES = np.round(np.concatenate([[0.0], np.cumsum(GAPS)[:-1]]), 3).tolist()


def shown(t: float) -> int:
    return int(np.searchsorted(TIMES, t + 1e-6, side="right") - 1)


@pytest.mark.parametrize("skip", ["nonref", "none"])
def test_each_sampled_time_of_a_screen_recording_shows_its_own_frame(tmp_path, skip):
    path = write_vfr(tmp_path / "screen.mp4", TIMES)
    wanted = [0.25 + 0.5 * k for k in range(int(TIMES[-1] * 2))]
    got = FrameSampler(size=None, skip=skip).frames_at(str(path), wanted)
    assert [number(f) for f in got.frames] == [shown(t) for t in wanted]
    sampler = FrameSampler(size=None, skip=skip)
    frames = list(sampler.iter_at_rate(sampler.open(str(path)), 2.0, start=0.25))  # (as indexing reads it)
    assert not reads_skipping(path)  # (decoded whole: its stills' B-frames)
    assert [number(f) for _, f in frames] == [shown(t) for t, _ in frames]
    assert {number(f) for _, f in frames} == {shown(t) for t in wanted}


def reads_skipping(path) -> bool:
    """Whether indexing's reader (``nonref``) skips frames of ``path`` (not decoded whole)."""
    sampler = FrameSampler(size=None, skip="nonref")
    reader = sampler._open(sampler.open(str(path)))
    try:
        return str(reader.stream.codec_context.skip_frame) != "DEFAULT"
    finally:
        reader.close()


def test_a_steady_rate_mp4_of_b_frames_is_still_read_skipping(tmp_path):
    assert reads_skipping(write_vfr(tmp_path / "steady.mp4", [k / 60 for k in range(120)]))


def test_an_mp4_of_b_frames_with_a_stutter_or_two_is_still_read_skipping(tmp_path):
    """(A phone clip holding a frame 0.6 s once in 20 s: decoded whole, 1.7× the work, for a sampled frame.)"""
    times = [k / 30 for k in range(300)]
    times += [times[-1] + 0.6 + k / 30 for k in range(300)]
    assert reads_skipping(write_vfr(tmp_path / "stutter.mp4", [round(t, 3) for t in times]))
