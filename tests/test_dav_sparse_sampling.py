"""A Dahua .dav whose chunk dates give a length a second short of its frames (20 frames at 10 a second:
its dates 1 s apart, FFmpeg's length 1.0 s) was indexed 1.0 s long when sampled under 1 frame a second
(a model of 2 frames a 4 s moment): ``FrameSampler.iter_at_rate`` took the frames after the header's
length as playing (``ended_at``) only where a sample landed there, and at 0.5 a second the samples are
at 0.5 s and 2.5 s, past the frames. Now the frames read past the length count too (``played_s``)."""

from __future__ import annotations

import pytest

from core.media import FrameSampler, probe
from core.moments import MomentSegmenter
from core.stream_facts import SHORT_S
from tests.test_dhav import write_dav


@pytest.mark.parametrize("frames,plays", [(20, 2.0), (24, 2.4), (85, 8.5)])
def test_a_dvr_recording_sampled_under_once_a_second_is_as_long_as_its_frames(tmp_path, frames, plays):
    path = write_dav(tmp_path / "cam.dav", range(frames))
    if plays < SHORT_S:  # (a short clip's length is read off its packets since bc13946: its frames')
        assert probe(path).duration == pytest.approx(plays)
    else:
        assert probe(path).duration < plays - 0.3  # (its dates: whole seconds)
    sampler = FrameSampler(size=16, skip="nonref")
    list(sampler.iter_at_rate(path, 0.5, start=0.5))
    assert sampler.ended_at == pytest.approx(plays)
    moments = list(MomentSegmenter(window_s=4.0, frames_per_moment=2).segment(str(path), FrameSampler(size=16)))
    assert moments[-1].end == pytest.approx(plays)  # (the last moment reaches the clip's end)


def test_a_sample_that_lands_past_the_length_still_says_it(tmp_path):
    path = write_dav(tmp_path / "cam.dav", range(20))
    sampler = FrameSampler(size=16, skip="nonref")
    times = [t for t, _ in sampler.iter_at_rate(path, 2.0)]
    assert times[-1] == pytest.approx(1.5) and sampler.ended_at == pytest.approx(2.0)
