from __future__ import annotations

import inspect

import numpy as np
import pytest

from core.media import FrameSampler, probe
from core.moments import Moment, MomentSegmenter, detect_shot_cuts, plan_windows
from tests import videos as V

FPS = 10.0


def assert_tiles(bounds, duration, min_s=1.0):
    assert bounds[0][0] == 0.0 and bounds[-1][1] == pytest.approx(duration)
    for (a, b), (c, _) in zip(bounds, bounds[1:]):
        assert b == pytest.approx(c) and b > a
    if len(bounds) > 1:
        assert all(b - a >= min_s - 1e-6 for a, b in bounds)


@pytest.mark.parametrize("duration,expected", [
    (0.5, [(0, 0.5)]),
    (4.0, [(0, 4)]),
    (9.0, [(0, 4), (4, 8), (8, 9)]),
    (8.5, [(0, 4), (4, 8.5)]),  # remainder 0.5 s < min_moment_s: merged
    (10.2, [(0, 4), (4, 8), (8, 10.2)]),
])
def test_plan_windows(duration, expected):
    bounds = plan_windows(duration, 4.0, (), 1.0)
    assert np.allclose(bounds, expected)
    assert_tiles(bounds, duration)


def test_plan_windows_with_cuts():
    assert np.allclose(plan_windows(20, 4, [6.0]), [(0, 4), (4, 6), (6, 10), (10, 14), (14, 18), (18, 20)])
    # a 0.5 s shot is merged into the moment before it; a short first shot into the next
    assert np.allclose(plan_windows(20, 4, [10, 10.5]), [(0, 4), (4, 8), (8, 10.5), (10.5, 14.5), (14.5, 18.5), (18.5, 20)])
    assert np.allclose(plan_windows(9, 4, [0.4]), [(0, 4.4), (4.4, 9)])
    rng = np.random.default_rng(0)
    for _ in range(200):
        duration = float(rng.uniform(0.2, 40))
        cuts = sorted(rng.uniform(0, duration, size=rng.integers(0, 6)).tolist())
        assert_tiles(plan_windows(duration, 4.0, cuts, 1.0), duration)


@pytest.mark.parametrize("seconds", [0.5, 4.0, 9.0, 10.2])
def test_segment_tiles_video(tmp_path, seconds):
    path = V.write_video(tmp_path / "v.mp4", [V.Segment(seconds, "red")], fps=FPS, size=(64, 48))
    info = probe(path)
    moments = list(MomentSegmenter().segment(path, FrameSampler(32), info))
    assert np.allclose([(m.start, m.end) for m in moments], plan_windows(info.duration))
    for i, m in enumerate(moments):
        assert isinstance(m, Moment) and m.index == i
        assert m.frames.shape == (8, 32, 32, 3) and m.frames.dtype == np.uint8
        assert m.frame_times.shape == (8,) and np.all(np.diff(m.frame_times) >= 0)
        assert np.all((m.frame_times >= m.start) & (m.frame_times < m.end))
        assert m.thumb_time == m.frame_times[4]


def test_moment_content_matches_its_time(tmp_path):
    segs = [V.Segment(4, "red"), V.Segment(4, "blue"), V.Segment(4, "yellow")]
    path = V.write_video(tmp_path / "c.mp4", segs, fps=FPS, size=(64, 48))
    moments = list(MomentSegmenter(frames_per_moment=4).segment(path, FrameSampler(16)))
    assert len(moments) == 3
    for m, seg in zip(moments, segs):
        mean = m.frames.reshape(-1, 3).mean(axis=0)
        assert np.abs(mean - V.COLORS[seg.color]).max() < 20


def test_shot_cuts(tmp_path):
    segs = [V.Segment(3, "red"), V.Segment(2.5, "blue"), V.Segment(5, "green", square="white")]
    path = V.write_video(tmp_path / "cuts.mp4", segs, fps=FPS, size=(96, 64))
    seg = MomentSegmenter(shot_cuts=True)
    interval = 1.0 / seg.sample_rate
    moments = list(seg.segment(path, FrameSampler(48)))
    starts = [m.start for m in moments]
    for cut in (3.0, 5.5):
        assert any(0 <= s - cut <= interval + 1e-6 for s in starts), (cut, starts)
    for m in moments:  # every moment stays inside one shot
        colors = {tuple(np.round(np.median(f.reshape(-1, 3), axis=0) / 60)) for f in m.frames}
        assert len(colors) == 1
    sampled = FrameSampler(48).at_rate(path, 2.0)
    cuts = detect_shot_cuts(sampled.frames, sampled.times, 0.5)
    assert len(cuts) == 2 and 3.0 <= cuts[0] <= 3.5 and 5.5 <= cuts[1] <= 6.0


def test_no_cuts_on_a_steady_moving_square(tmp_path):
    path = V.write_video(tmp_path / "steady.mp4", [V.Segment(6, "blue", square="orange")], fps=FPS, size=(96, 64))
    sampled = FrameSampler(48).at_rate(path, 5.0)
    assert detect_shot_cuts(sampled.frames, sampled.times, 0.5) == []
    moments = list(MomentSegmenter(shot_cuts=True).segment(path, FrameSampler(48)))
    assert np.allclose([(m.start, m.end) for m in moments], [(0, 4), (4, 6)])


class CountingSampler(FrameSampler):
    def __init__(self, *a, **k):
        super().__init__(*a, **k)
        self.yielded = 0

    def iter_at_rate(self, *a, **k):
        for item in super().iter_at_rate(*a, **k):
            self.yielded += 1
            yield item


def test_segment_streams(tmp_path):
    path = V.write_video(tmp_path / "long.mp4", [V.Segment(60, "purple")], fps=FPS, size=(64, 48), noise=0)
    sampler = CountingSampler(16)
    gen = MomentSegmenter().segment(path, sampler)
    assert inspect.isgenerator(gen)
    first = next(gen)
    assert first.index == 0 and sampler.yielded <= 2 * 8 + 1  # not the 120 samples of the video
    second = next(gen)
    assert second.start == first.end
    gen.close()
    assert sampler.yielded < 40


def test_real_sample_moments(shared_videos):
    path = shared_videos / "bottle-detection.mp4"
    info = probe(path)
    moments = list(MomentSegmenter().segment(path, FrameSampler(32), info))
    assert_tiles([(m.start, m.end) for m in moments], info.duration)
    assert len(moments) == 10 and all(m.frames.shape == (8, 32, 32, 3) for m in moments)
    bird = list(MomentSegmenter().segment(shared_videos / "bird.mkv", FrameSampler(32)))
    assert len(bird) == 1 and bird[0].frames.shape[0] == 8


class SparseSampler(FrameSampler):
    """Frames only where a keyframes-only decode would give them: at 0.1 s and 9.0 s."""

    def iter_at_rate(self, path, fps, start=0.0, end=None):
        for t in (0.1, 9.0):
            yield t, np.full((8, 8, 3), int(t * 10), np.uint8)


def test_fill_gaps_keeps_the_full_decodes_windows():
    info = type("Info", (), {"duration": 12.0})()
    seg = MomentSegmenter(window_s=4.0, frames_per_moment=4, fill_gaps=True)
    moments = list(seg.segment("x.mp4", SparseSampler(8), info))
    assert [(m.start, m.end) for m in moments] == [(0.0, 4.0), (4.0, 8.0), (8.0, 12.0)]
    assert moments[1].frame_times.tolist() == [0.1] * 4  # the nearest earlier keyframe
    assert moments[2].frame_times.tolist() == [9.0] * 4
    merged = list(MomentSegmenter(window_s=4.0, frames_per_moment=4).segment("x.mp4", SparseSampler(8), info))
    assert len(merged) == 2  # without it the empty window merges into a neighbour
