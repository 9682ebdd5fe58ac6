"""A frame asked for far into a file with a timeline (clips joined byte for byte, a DVR's
recording) by a fresh reader, as the preview's seek and a result's thumbnail ask: the reader walks
the packets up to the keyframe before it without decoding them, and the first frame decoded after
the walk, more than 10 s past the probe's frame, was taken for a stray timestamp and timed by
counting from the probe's frame (22.5 s gave frame 249 timed at 8 s; 14.9 s frame 238)."""

from __future__ import annotations

import numpy as np
import pytest

from core.media import FrameSampler
from tests.test_timestamp_restarts import FPS, number, write_ts


@pytest.fixture(scope="module")
def long_joined(tmp_path_factory):
    """Two 15 s clips joined as ``cat`` joins them: frames 0-149, then 100-249."""
    d = tmp_path_factory.mktemp("far")
    path = d / "long.ts"
    path.write_bytes(write_ts(d / "a.ts", range(150)).read_bytes() + write_ts(d / "b.ts", range(100, 250)).read_bytes())
    return path


def expected(t: float) -> int:
    frame = int(round(t * FPS, 6))
    return frame if frame < 150 else 100 + frame - 150


@pytest.mark.parametrize("t", [14.9, 22.5, 29.0, 12.0])
def test_a_fresh_reader_far_into_joined_clips_gives_the_frame_shown_there(long_joined, t):
    reader = FrameSampler(size=None)._open(long_joined)
    try:
        got_t, frame = reader.at(t)
        assert number(np.asarray(frame.to_ndarray(format="rgb24"))) == expected(t) and got_t == pytest.approx(t, abs=0.06)
    finally:
        reader.close()


def test_far_frames_one_reader_forward_then_back_and_one_reader_each_as_thumbnails(long_joined):
    wanted = [22.5, 3.0, 27.3, 16.0, 14.0]
    assert [number(f) for f in FrameSampler(size=None).frames_at(long_joined, wanted).frames] == [expected(t) for t in wanted]
    for t in wanted:  # one reader each, as a result's thumbnail is made
        assert number(FrameSampler(size=None).frame_at(long_joined, t)) == expected(t), t
