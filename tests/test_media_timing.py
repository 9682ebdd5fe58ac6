"""Frame times come from the container's presentation timestamps (issue 10, point 11).

Variable-frame-rate files (phones), animated GIFs with per-frame delays, and an AVI whose header
gives no frame rate: the frame the sampler returns for a time, and the time it reports, are the
ones a player shows. Every expected value here is computed from the true timestamps the files
were written with.
"""

from __future__ import annotations

import struct

import numpy as np
import pytest

from core.errors import MediaError
from core.media import FrameSampler, probe
from core.moments import MomentSegmenter
from tests import videos as V

# 2 s at 30 fps, 2 s at 5 fps, 2 s at 30 fps: the average rate (21.7 fps) is wrong everywhere
PIECES = [(2.0, 30.0, "red"), (2.0, 5.0, "green"), (2.0, 30.0, "blue")]


def _colour_at(t: float) -> str:
    return "red" if t < 2.0 else ("green" if t < 4.0 else "blue")


def _shown_at(true_times: list[float], t: float) -> float:
    """The presentation time of the frame a player shows at ``t``."""
    before = [x for x in true_times if x <= t + 1e-6]
    return before[-1] if before else true_times[0]


def _nearest_colour(rgb: np.ndarray) -> str:
    px = rgb.reshape(-1, 3).astype(np.float64).mean(0)
    return min(V.COLORS, key=lambda c: np.abs(np.asarray(V.COLORS[c], np.float64) - px).sum())


@pytest.fixture(scope="module")
def vfr(tmp_path_factory):
    path = tmp_path_factory.mktemp("vfr") / "phone.mp4"
    return path, V.write_vfr_video(path, PIECES)


def test_vfr_probe_duration_and_count(vfr):
    path, true = vfr
    info = probe(path)
    assert info.frame_count == len(true) == 130
    assert info.duration == pytest.approx(6.0, abs=0.05)


@pytest.mark.parametrize("strategy", ["auto", "seek", "sequential"])
def test_vfr_frames_at_are_the_frames_shown_then(vfr, strategy):
    path, true = vfr
    # 3.5 s: a constant-rate reading (index 75 at 21.7 fps) lands in the blue part
    wanted = [0.3, 1.0, 2.1, 2.5, 3.5, 3.9, 4.0, 4.2, 5.5, 5.98]
    got = FrameSampler(32, _strategy=strategy).frames_at(path, wanted)
    assert [_nearest_colour(f) for f in got.frames] == [_colour_at(_shown_at(true, t)) for t in wanted]
    assert got.times.tolist() == pytest.approx([_shown_at(true, t) for t in wanted], abs=1e-4)


def test_vfr_at_rate_reports_each_frames_own_time(vfr):
    path, true = vfr
    sampler = FrameSampler(32)
    streamed = list(sampler.iter_at_rate(path, 4.0))
    expected = []
    for t in np.arange(0, 6.0, 0.25):
        shown = _shown_at(true, float(t))
        if not expected or shown > expected[-1]:
            expected.append(shown)
    assert [t for t, _ in streamed] == pytest.approx(expected, abs=1e-4)
    assert all(_nearest_colour(f) == _colour_at(t) for t, f in streamed)
    batch = sampler.at_rate(path, 4.0)
    assert batch.times.tolist() == pytest.approx(expected, abs=1e-4)


def test_vfr_moments_hold_the_frames_of_their_own_seconds(vfr):
    path, _ = vfr
    seg = MomentSegmenter(window_s=2.0, frames_per_moment=4)
    moments = list(seg.segment(path, FrameSampler(32)))
    assert [x for m in moments for x in (m.start, m.end)] == pytest.approx([0, 2, 2, 4, 4, 6], abs=0.05)
    for m, colour in zip(moments, ["red", "green", "blue"]):
        assert {_nearest_colour(f) for f in m.frames} == {colour}


def test_gif_frame_delays_are_its_times(tmp_path):
    from PIL import Image

    colours = ["red", "green", "blue"]
    imgs = [Image.fromarray(np.full((60, 80, 3), V.COLORS[c], np.uint8)) for c in colours]
    path = tmp_path / "anim.gif"
    imgs[0].save(path, save_all=True, append_images=imgs[1:], duration=[500, 1500, 1000], loop=0)
    info = probe(path)
    assert (info.codec, info.frame_count) == ("gif", 3)
    assert info.duration == pytest.approx(3.0, abs=0.02)
    got = FrameSampler(16).frames_at(path, [0.2, 0.6, 1.9, 2.1, 2.9])
    assert [_nearest_colour(f) for f in got.frames] == ["red", "green", "green", "blue", "blue"]
    assert got.times.tolist() == pytest.approx([0.0, 0.5, 0.5, 2.0, 2.0])


def _avi_with_sound(path, seconds: int, fps: int) -> None:
    """An MJPEG AVI (red first half, blue second half) with a PCM soundtrack as long as it."""
    import av

    with av.open(str(path), "w") as out:
        video = out.add_stream("mjpeg", rate=fps)
        video.width, video.height, video.pix_fmt = 160, 120, "yuvj420p"
        audio = out.add_stream("pcm_s16le", rate=8000)
        audio.layout = "mono"
        n = seconds * fps
        for i in range(n):
            rgb = np.full((120, 160, 3), V.COLORS["red" if i < n // 2 else "blue"], np.uint8)
            frame = av.VideoFrame.from_ndarray(rgb, format="rgb24")
            frame.pts = i
            out.mux(video.encode(frame))
        for k in range(seconds):
            sound = av.AudioFrame.from_ndarray(np.zeros((1, 8000), np.int16), format="s16", layout="mono")
            sound.sample_rate, sound.pts = 8000, k * 8000
            out.mux(audio.encode(sound))
        out.mux(video.encode(None))
        out.mux(audio.encode(None))


def _zero_avi_rate(path) -> None:
    """Zero the main header's microseconds per frame and the video stream's scale and rate."""
    data = bytearray(path.read_bytes())
    avih = data.find(b"avih")
    strh = data.find(b"strh")
    while data[strh + 8 : strh + 12] != b"vids":
        strh = data.find(b"strh", strh + 4)
    struct.pack_into("<I", data, avih + 8, 0)
    struct.pack_into("<II", data, strh + 28, 0, 0)
    path.write_bytes(bytes(data))


def test_avi_with_no_rate_in_its_header_takes_the_length_of_its_sound(tmp_path):
    path = tmp_path / "broken.avi"
    _avi_with_sound(path, seconds=6, fps=10)
    _zero_avi_rate(path)
    info = probe(path)  # FFmpeg alone reads it at 25 fps: 2.4 s
    assert info.fps == pytest.approx(10.0, rel=0.01)
    assert info.duration == pytest.approx(6.0, abs=0.1)
    got = FrameSampler(16).frames_at(path, [1.0, 2.9, 3.1, 5.9])
    assert [_nearest_colour(f) for f in got.frames] == ["red", "red", "blue", "blue"]
    assert got.times.tolist() == pytest.approx([1.0, 2.9, 3.1, 5.9], abs=1e-6)


def test_avi_with_a_header_rate_of_zero_uses_its_frame_period(tmp_path):
    path = V.write_video(tmp_path / "r.avi", [V.Segment(3, "red"), V.Segment(3, "blue")],
                         fps=10, fourcc="MJPG")
    data = bytearray(path.read_bytes())
    strh = data.find(b"strh")
    struct.pack_into("<I", data, strh + 32, 0)  # the stream's rate; avih still says 100 ms a frame
    path.write_bytes(bytes(data))
    info = probe(path)
    assert (info.fps, info.duration) == pytest.approx((10.0, 6.0))
    assert _nearest_colour(FrameSampler(16).frame_at(path, 3.5)) == "blue"


def test_skipping_non_reference_frames_decodes_less_and_keeps_true_times(vfr):
    path, true = vfr
    exact, fast = FrameSampler(32), FrameSampler(32, skip="nonref")
    a = list(exact.iter_at_rate(path, 2.0))
    b = list(fast.iter_at_rate(path, 2.0))
    assert fast.last_stats["grabs"] < 0.8 * exact.last_stats["grabs"]  # B-frames never decoded
    for (t_exact, _), (t_fast, frame) in zip(a, b):
        assert any(abs(t_fast - x) < 1e-4 for x in true)  # a real frame's own time
        assert t_exact - 0.2 <= t_fast <= t_exact + 1e-6  # that frame or a few before it
        assert _nearest_colour(frame) == _colour_at(t_fast)
    assert len(a) == len(b)


def test_keyframes_only(vfr):
    path, true = vfr
    sampler = FrameSampler(32, skip="nonkey")
    got = list(sampler.iter_at_rate(path, 30.0))
    times = [t for t, _ in got]
    # written with a keyframe every 12 frames (tests/videos.write_vfr_video)
    assert times == pytest.approx([true[i] for i in range(0, len(true), 12)], abs=1e-4)
    assert sampler.last_stats["grabs"] <= len(times) + 1


def test_unknown_skip_mode_is_refused():
    with pytest.raises(ValueError, match="skip"):
        FrameSampler(32, skip="fast")


class _RecordingFrame:
    """Stands in for a decoded 1080p frame: records which sizes were asked of FFmpeg."""

    def __init__(self, real):
        self.real, self.width, self.height, self.asked = real, real.width, real.height, []

    def reformat(self, width=None, height=None, format=None, interpolation=None):
        self.asked.append((width, height))
        return self.real.reformat(width=width, height=height, format=format, interpolation=interpolation)

    def to_ndarray(self, format=None):
        self.asked.append((self.width, self.height))
        return self.real.to_ndarray(format=format)


def test_frames_are_converted_straight_to_the_models_size(shared_videos):
    import av

    from core.frame_fit import fit

    with av.open(str(shared_videos / "car-detection.mp4")) as c:
        real = next(c.decode(c.streams.video[0]))
    for size, crop in [(64, "center"), ((96, 160), "pad"), (224, "resize")]:
        frame = _RecordingFrame(real)
        out = FrameSampler(size, crop=crop)._convert(frame)
        assert (real.width, real.height) not in frame.asked  # never full-resolution RGB
        reference = fit(real.to_ndarray(format="rgb24"), out.shape[:2], crop)
        assert out.shape == reference.shape
        assert np.abs(out.astype(int) - reference).mean() < 2.5  # grey levels, of 255
    frame = _RecordingFrame(real)  # a model's own recipe (CLIP's) is followed on the full frame
    FrameSampler(224, resize={"shortest_edge": 224, "resample": "bicubic"})._convert(frame)
    assert frame.asked == [(real.width, real.height)]


def test_keyframes_only_is_not_mistaken_for_a_truncated_stream(tmp_path):
    """The last keyframe lies 1.9 s before the end (more than the truncation tolerance): the
    frames skipped by choice still count as the stream; a file really cut short still fails."""
    path = tmp_path / "long_gop.mp4"
    true = V.write_vfr_video(path, [(8.0, 25.0, "red")], gop=76)
    got = list(FrameSampler(32, skip="nonkey").iter_at_rate(path, 2.0))
    assert [t for t, _ in got] == pytest.approx([true[0], true[76], true[152]], abs=1e-4)
    cut = V.write_truncated(path, tmp_path / "cut.mp4", keep=0.5)
    with pytest.raises(MediaError):
        list(FrameSampler(32, skip="nonkey").iter_at_rate(cut, 2.0))


def test_wanted_times_after_the_last_keyframe_do_not_seek_back_to_it(tmp_path, monkeypatch):
    """Keyframes at 0 and 4 s of an 8 s video: once the stream has ended, the times wanted after
    the last keyframe (more than the seek gap beyond it) take it without seeking; each one sought
    back to it and decoded to the end again (4 seeks here, ~25% of a 1080p quick pass)."""
    from core.av_reader import FrameReader

    path = tmp_path / "long_gop.mp4"
    true = V.write_vfr_video(path, [(8.0, 25.0, "red")], gop=100)
    seeks = []
    real_seek = FrameReader._seek
    monkeypatch.setattr(FrameReader, "_seek", lambda self, t: (seeks.append(t), real_seek(self, t))[1])
    got = list(FrameSampler(32, skip="nonkey").iter_at_rate(path, 2.0))
    assert [t for t, _ in got] == pytest.approx([true[0], true[100]], abs=1e-4)
    assert seeks == []


def test_keyframes_only_hands_no_packets_to_frame_threads_and_gets_the_same_pixels(vfr, monkeypatch):
    """Keyframes lie far apart in the packets: frame threads never decoded two at once, and
    handing them every skipped packet cost ~11% of a 1080p quick pass's decoding CPU."""
    import av

    import core.decode_modes as R

    path, _ = vfr
    reader = FrameSampler(32, skip="nonkey").open(path)
    assert not reader.stream.thread_type & av.codec.context.ThreadType.FRAME
    got = list(FrameSampler(32, skip="nonkey").iter_at_rate(reader, 2.0))
    monkeypatch.setitem(R.THREADS, "nonkey", "AUTO")
    framed = list(FrameSampler(32, skip="nonkey").iter_at_rate(path, 2.0))
    assert [t for t, _ in got] == [t for t, _ in framed] and len(got) >= 6
    assert all(np.array_equal(a, b) for (_, a), (_, b) in zip(got, framed))


def test_a_raw_h264_stream_that_cannot_seek_is_read_from_a_second_open(tmp_path):
    """A raw H.264 elementary stream has no duration and no index: the probe decodes to its end,
    and seeking back is refused (EPERM); it was an "unexpected error" for the file."""
    import av

    colours = ["red"] * 10 + ["green"] * 10 + ["blue"] * 10
    path = tmp_path / "raw.mp4"  # (FFmpeg reads the content, whatever the name says)
    out = av.open(str(path), "w", format="h264")
    s = out.add_stream("libx264", rate=25)
    s.width, s.height, s.pix_fmt = 80, 64, "yuv420p"
    for c in colours:
        frame = av.VideoFrame.from_ndarray(np.full((64, 80, 3), V.COLORS[c], np.uint8), format="rgb24")
        for p in s.encode(frame):
            out.mux(p)
    for p in s.encode():
        out.mux(p)
    out.close()
    info = probe(path)
    assert (info.codec, info.frame_count, info.fps) == ("h264", 30, 25.0)
    assert info.duration == pytest.approx(1.2, abs=0.05)
    got = FrameSampler(16).frames_at(path, [0.1, 0.5, 1.0])
    assert [_nearest_colour(f) for f in got.frames] == ["red", "green", "blue"]
