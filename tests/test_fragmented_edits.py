"""A fragmented MP4 whose video starts after its sound, written with an edit list (FFmpeg's
``-movflags frag_keyframe+delay_moov``: an empty edit, then an edit of no duration, the fragments'
way to say "the media to its end") plays its whole video: 212e3a3 held its length to where the edit
list ends, the empty edit alone (1 s), and a 4 s recording was indexed as its first second."""

from __future__ import annotations

from fractions import Fraction

import av
import numpy as np
import pytest

from core.media import FrameSampler, probe
from core.moments import MomentSegmenter
from tests.test_tracks import colour_at, nearest, picture


def _write(path, movflags: str) -> None:
    """Sound from 0 to 4 s; video (one colour a second) from 1 s to 4 s."""
    with av.open(str(path), "w", format="mp4", options={"movflags": movflags}) as out:
        audio = out.add_stream("aac", rate=48000)
        video = out.add_stream("libx264", rate=10)
        video.width, video.height, video.pix_fmt, video.options = 64, 48, "yuv420p", {"bf": "0", "g": "10"}
        for i in range(4 * 48000 // 1024):
            frame = av.AudioFrame.from_ndarray(np.zeros((1, 1024), np.float32), format="fltp", layout="mono")
            frame.sample_rate, frame.pts, frame.time_base = 48000, i * 1024, Fraction(1, 48000)
            out.mux(audio.encode(frame))
        for i in range(10, 40):
            frame = av.VideoFrame.from_ndarray(picture(i / 10), format="rgb24")
            frame.pts, frame.time_base = i, Fraction(1, 10)
            out.mux(video.encode(frame))
        out.mux(video.encode())
        out.mux(audio.encode())


@pytest.mark.parametrize("movflags", ["frag_keyframe+delay_moov", "frag_keyframe+delay_moov+default_base_moof"])
def test_a_fragmented_video_after_its_sound_is_read_to_its_end(tmp_path, movflags):
    path = tmp_path / "late video.mp4"
    _write(path, movflags)
    assert probe(path).duration == pytest.approx(4.0, abs=0.05)
    moments = list(MomentSegmenter(window_s=1.0, frames_per_moment=2).segment(str(path), FrameSampler(size=16, skip="nonref")))
    assert moments[-1].end == pytest.approx(4.0, abs=0.11)
    for m in moments:
        assert [nearest(f.reshape(-1, 3).mean(0)) for f in m.frames] == [colour_at(t) for t in m.frame_times]
