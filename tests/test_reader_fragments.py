"""Fragmented MP4s whose fragments say more than their first 'moof' (tracks fragmented apart: the
sound's fragment first), or whose video has B-frames: as long as they play."""

from __future__ import annotations

from fractions import Fraction
from pathlib import Path

import av
import numpy as np
import pytest

from core.media import FrameSampler, probe
from core.moments import MomentSegmenter
from tests.test_fragmented_mp4 import colours, top_boxes
from tests.test_tracks import colour_at, picture

SEPARATE = "frag_keyframe+empty_moov+default_base_moof+separate_moof"


def write_with_sound(path: Path, movflags: str, seconds: int = 5, bframes: int = 0, **options: str) -> Path:
    """Sound (track 1) and video (track 2, one colour a second, a keyframe a second) for ``seconds``."""
    tb = Fraction(1, 48000)
    with av.open(str(path), "w", format="mp4", options={**({"movflags": movflags} if movflags else {}), **options}) as out:
        audio = out.add_stream("aac", rate=48000)
        video = out.add_stream("libx264", rate=10)
        video.width, video.height, video.pix_fmt = 64, 48, "yuv420p"
        video.options = {"bf": str(bframes), "g": "10", "keyint_min": "10", "sc_threshold": "0"}
        sent = 0
        for i in range(seconds * 10):
            while sent * 1024 <= i * 4800:  # (the sound up to this frame's time, interleaved)
                frame = av.AudioFrame.from_ndarray(np.zeros((1, 1024), np.float32), format="fltp", layout="mono")
                frame.sample_rate, frame.pts, frame.time_base = 48000, sent * 1024, tb
                out.mux(audio.encode(frame))
                sent += 1
            frame = av.VideoFrame.from_ndarray(picture(i / 10), format="rgb24")
            frame.pts, frame.time_base = i, Fraction(1, 10)
            out.mux(video.encode(frame))
        out.mux(video.encode())
        out.mux(audio.encode())
    return path


def joined_at(whole: Path, path: Path, moof: int) -> Path:
    """``whole``'s index, then its fragments from its ``moof``-th 'moof' on (a recording joined late)."""
    data = whole.read_bytes()
    boxes = top_boxes(data)
    moov_end = next(end for kind, _, end in boxes if kind == b"moov")
    path.write_bytes(data[:moov_end] + data[[start for kind, start, _ in boxes if kind == b"moof"][moof]:])
    return path


def test_a_recording_joined_late_at_a_sound_fragment_is_as_long_as_its_video_plays(tmp_path):
    """Its tracks fragmented apart, its first 'moof' the sound's: the video's start was looked for in
    that first 'moof' alone, not found, and the 4 s left of it read as 5 s (as long as the whole
    stream was), then said cut short a second before its end. Its start is now the first 'moof' of
    the video track's: the video of seconds 1 to 5, shown from 0, 4 s long."""
    whole = write_with_sound(tmp_path / "whole.mp4", SEPARATE)
    path = joined_at(whole, tmp_path / "joined late.mp4", 2)  # (the second second's sound, then its video)
    with av.open(str(path)) as c:  # (so the case is this one: the video's first fragment after the sound's)
        assert c.streams.video[0].start_time * c.streams.video[0].time_base > 0.9
    info = probe(path)
    assert info.duration == pytest.approx(4.0, abs=0.05) and info.cut_short == ""
    moments = list(MomentSegmenter(window_s=1.0, frames_per_moment=2).segment(str(path), FrameSampler(size=16, skip="nonref")))
    assert moments[-1].end == pytest.approx(4.0, abs=0.11)
    for m in moments:  # (its first frame shown at 0: the stream's second second)
        assert colours(m.frames) == [colour_at(t + 1.0) for t in m.frame_times]


@pytest.mark.parametrize("movflags, options", [
    ("frag_keyframe+empty_moov", {}), ("frag_keyframe+empty_moov+default_base_moof", {}), (SEPARATE, {}),
    ("frag_keyframe", {}),  # (its first second's samples in its index, the rest in fragments)
    ("", {"use_editlist": "0"}),  # (a plain MP4 written with no edit list)
])
def test_a_fragmented_video_with_b_frames_and_sound_is_as_long_as_it_plays(tmp_path, movflags, options):
    """Its frames' composition offset (B-frames: the first shown 0.2 s after its media's start,
    where the sound starts) has no edit list to take it away, as a plain MP4's has: the 4 s clip
    read as 4.2 s, its first frame at 0.2 s. Its first frame is now at 0 and its length 4 s, the
    last frame's time plus its duration, as the same clip in a plain MP4 reads."""
    path = write_with_sound(tmp_path / "b-frames.mp4", movflags, seconds=4, bframes=3, **options)
    with av.open(str(path)) as c:  # (so the case is this one: the video starts after the sound)
        assert c.streams.video[0].start_time * c.streams.video[0].time_base >= 0.1
    assert probe(path).duration == pytest.approx(4.0, abs=0.01)
    sampler = FrameSampler(size=16)
    got = sampler.frames_at(path, [0.0, 0.95, 1.05, 2.55, 3.95])
    assert np.allclose(got.times, [0.0, 0.9, 1.0, 2.5, 3.9])
    assert colours(got.frames) == [colour_at(t) for t in [0.0, 0.9, 1.0, 2.5, 3.9]]
    moments = list(MomentSegmenter(window_s=1.0, frames_per_moment=2).segment(str(path), FrameSampler(size=16, skip="nonref")))
    assert moments[-1].end == pytest.approx(4.0, abs=0.01)
