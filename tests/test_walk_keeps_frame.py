"""In an MPEG-PS or -TS the reader walks forward (reads packets without decoding them) to a time
further on than its seek gap. When no keyframe lay between where it was and that time, the frame it
had decoded next, the one shown at that time, was dropped and the keyframe after the time returned:
the quick pass (keyframes only) of a DVR's or camcorder's long-GOP recording gave a moment the
picture of up to a group of pictures later."""

from __future__ import annotations

from fractions import Fraction

import av
import pytest

from core.media import FrameSampler
from tests.test_avi_reorder import FPS, H, W, coded, index_of


def write_long_gop(path, fmt: str, codec: str, seconds: int = 20):
    with av.open(str(path), "w", format=fmt) as out:
        video = out.add_stream(codec, rate=FPS)
        video.width, video.height, video.pix_fmt = W, H, "yuv420p"
        video.options = {"g": "100", "bf": "2", "sc_threshold": "1000000000"}  # (a keyframe each 4 s)
        if codec == "libx264":
            video.options = {**video.options, "keyint_min": "100"}
        for i in range(seconds * FPS):
            frame = av.VideoFrame.from_ndarray(coded(i), format="rgb24")
            frame.pts, frame.time_base = i, Fraction(1, FPS)
            out.mux(video.encode(frame))
        out.mux(video.encode())
    return path


@pytest.mark.parametrize("name, fmt, codec", [("dvr.mpg", "vob", "mpeg2video"), ("dvr.ts", "mpegts", "libx264")])
@pytest.mark.parametrize("skip", ["nonkey", "none"])
def test_the_frame_shown_at_each_time_is_never_a_later_one(tmp_path, name, fmt, codec, skip):
    path = write_long_gop(tmp_path / name, fmt, codec)
    wanted = [i * 2.0 for i in range(10)]
    got = FrameSampler(size=None, skip=skip).frames_at(path, wanted)
    for t, shown, frame in zip(wanted, got.times, got.frames):
        assert index_of(frame) == round(shown * FPS) % 256  # (its own time; the stripes count to 255)
        assert shown <= t + 1e-6, (t, shown)
        assert t - shown < (4.2 if skip == "nonkey" else 1 / FPS), (t, shown)
