from __future__ import annotations

import inspect

import numpy as np
import pytest

from core.errors import DecodeTimeout, MediaError
from core.media import FrameSampler, SampledFrames, VideoInfo, probe
from core.unopenable import TEXT_FILE
from tests import videos as V

SEGMENTS = [V.Segment(2, "red"), V.Segment(2, "blue"), V.Segment(2, "green", square="white")]
FPS = 10.0


@pytest.fixture(scope="module")
def colors_video(tmp_path_factory):
    return V.write_video(tmp_path_factory.mktemp("v") / "colors.mp4", SEGMENTS, fps=FPS)


@pytest.fixture(scope="module")
def pattern_video(tmp_path_factory):
    """20 s, 30 fps: long enough for the seek path to be taken."""
    return V.write_pattern_video(tmp_path_factory.mktemp("v") / "pattern.mp4", 20, size=(320, 180))


def expected_color(t: float) -> str:
    edge = 0.0
    for seg in SEGMENTS:
        edge += seg.seconds
        if t < edge:
            return seg.color
    return SEGMENTS[-1].color


def nearest_color(frame: np.ndarray) -> str:
    # the median of the pixels ignores the moving square
    rgb = np.median(frame.reshape(-1, 3), axis=0)
    return min(V.COLORS, key=lambda c: float(np.abs(np.subtract(V.COLORS[c], rgb)).sum()))


def assert_content(out: SampledFrames):
    for frame, t in zip(out.frames, out.times):
        assert nearest_color(frame) == expected_color(t), f"wrong content at {t:.2f} s"


# -- probe --------------------------------------------------------------------------------------
def test_probe_generated(colors_video):
    info = probe(colors_video)
    assert isinstance(info, VideoInfo)
    assert (info.width, info.height, info.codec) == (160, 120, "mpeg4")  # FFmpeg's decoder name for MPEG-4 Part 2
    assert info.fps == pytest.approx(FPS)
    assert info.frame_count == 60 and info.duration == pytest.approx(6.0)


def test_probe_names_the_codec_not_its_decoder(tmp_path):
    """AV1 is read by libdav1d: the library and the app show "av1" (the format), as for any codec."""
    import av

    path = tmp_path / "phone.mkv"
    with av.open(str(path), "w") as out:
        stream = out.add_stream("libsvtav1", rate=10)
        stream.width, stream.height, stream.pix_fmt = 64, 64, "yuv420p"
        stream.options = {"preset": "12"}
        for i in range(10):
            frame = av.VideoFrame.from_ndarray(np.full((64, 64, 3), 20 * i, np.uint8), format="rgb24")
            out.mux(stream.encode(frame))
        out.mux(stream.encode(None))
    info = probe(path)
    assert (info.codec, info.width, info.frame_count) == ("av1", 64, 10)


REAL = {  # README table: size, fps, frames
    "again.mkv": (640, 480, 30.0, 78),
    "bird.mkv": (640, 480, 30.0, 64),
    "bottle-detection.mp4": (640, 360, 29.83, 1189),
    "car-detection.mp4": (768, 432, 12.5, 377),
}


@pytest.mark.parametrize("name", sorted(REAL))
def test_real_samples_probe_and_sample(shared_videos, name):
    w, h, fps, frames = REAL[name]
    info = probe(shared_videos / name)
    assert (info.width, info.height, info.codec) == (w, h, "h264")
    assert info.fps == pytest.approx(fps, abs=0.01)
    assert abs(info.frame_count - frames) <= 1
    assert info.duration == pytest.approx(frames / fps, abs=0.1)
    sampler = FrameSampler(112)
    out = sampler.uniform(shared_videos / name, 8)
    assert out.frames.shape == (8, 112, 112, 3) and out.frames.dtype == np.uint8
    assert np.all(np.diff(out.times) > 0) and out.times[-1] < info.duration
    rate = sampler.at_rate(shared_videos / name, 2.0)
    assert abs(len(rate.frames) - info.duration * 2) <= 1
    # the Matroska files hold one frame less than they claim: the end must not look truncated
    assert len(sampler.at_rate(shared_videos / name, info.fps).times) >= info.frame_count - 1
    assert sampler.frame_at(shared_videos / name, info.duration + 5).shape == (112, 112, 3)


# -- content at known seconds ---------------------------------------------------------------------
def test_uniform_content_and_times(colors_video):
    out = FrameSampler(64).uniform(colors_video, 12)
    assert out.frames.shape == (12, 64, 64, 3) and out.times.dtype == np.float64
    np.testing.assert_allclose(out.times, (np.arange(12) + 0.5) * 0.5 - 0.05, atol=0.051)
    assert np.all(np.diff(out.times) > 0)
    assert_content(out)


def test_uniform_subinterval_and_more_frames_than_exist(colors_video):
    out = FrameSampler(32).uniform(colors_video, 4, start=2.0, end=4.0)
    assert np.all((out.times >= 2.0) & (out.times < 4.0))
    assert [nearest_color(f) for f in out.frames] == ["blue"] * 4
    many = FrameSampler(32).uniform(colors_video, 30, start=2.0, end=3.0)  # 10 frames exist
    assert len(many.frames) == 30 and np.all(np.diff(many.times) >= 0)
    assert_content(many)


def test_at_rate_count_content_and_interval(colors_video):
    sampler = FrameSampler(48)
    out = sampler.at_rate(colors_video, 2.0)
    assert len(out.frames) == 12
    np.testing.assert_allclose(out.times, np.arange(12) * 0.5, atol=1e-9)
    assert_content(out)
    part = sampler.at_rate(colors_video, 4.0, start=1.0, end=3.0)
    assert len(part.frames) == 8 and part.times[0] >= 1.0 and part.times[-1] < 3.0
    assert_content(part)
    native = sampler.at_rate(colors_video, 100.0)  # never more often than the video's own rate
    assert len(native.frames) == 60 and len(np.unique(native.times)) == 60


def test_iter_at_rate_streams_the_same_frames(colors_video):
    sampler = FrameSampler(48)
    it = sampler.iter_at_rate(colors_video, 2.0)
    assert inspect.isgenerator(it)
    streamed = list(it)
    batch = sampler.at_rate(colors_video, 2.0)
    assert [t for t, _ in streamed] == batch.times.tolist()
    np.testing.assert_array_equal(np.stack([f for _, f in streamed]), batch.frames)
    early = sampler.iter_at_rate(colors_video, 2.0)  # stopping early releases the capture
    next(early)
    early.close()


def test_frame_at(colors_video):
    sampler = FrameSampler(None)
    for t, color in [(0.0, "red"), (2.5, "blue"), (5.95, "green"), (99.0, "green")]:
        frame = sampler.frame_at(colors_video, t)
        assert frame.shape == (120, 160, 3) and nearest_color(frame) == color


# -- strategies -----------------------------------------------------------------------------------
@pytest.mark.parametrize("n", [6, 40, 300])
def test_seek_and_sequential_give_the_same_frames(pattern_video, n):
    outs = {s: FrameSampler(64, _strategy=s).uniform(pattern_video, n) for s in ("sequential", "seek", "auto")}
    for s in ("seek", "auto"):
        np.testing.assert_array_equal(outs[s].times, outs["sequential"].times)
        diff = np.abs(outs[s].frames.astype(np.int16) - outs["sequential"].frames).mean()
        assert diff < 1.0, f"{s} differs from sequential by {diff}"


def test_seek_and_sequential_agree_on_real_h264(shared_videos):
    path = shared_videos / "bottle-detection.mp4"
    a = FrameSampler(64, _strategy="sequential").uniform(path, 7)
    b = FrameSampler(64, _strategy="seek").uniform(path, 7)
    np.testing.assert_array_equal(a.times, b.times)
    assert np.abs(a.frames.astype(np.int16) - b.frames).mean() < 1.0


def test_auto_strategy_follows_density(pattern_video):
    sampler = FrameSampler(32)
    sampler.at_rate(pattern_video, 10.0)  # every 3rd frame: grab through
    assert sampler.last_stats["seeks"] == 0
    sampler.uniform(pattern_video, 4)  # 150 frames apart: seek
    assert sampler.last_stats["seeks"] >= 2
    assert sampler.last_stats["grabs"] < 100


# -- sizes ------------------------------------------------------------------------------------------
def test_sizes_and_crops(colors_video):
    assert FrameSampler(None).uniform(colors_video, 2).frames.shape == (2, 120, 160, 3)
    assert FrameSampler(224, crop="center").uniform(colors_video, 2).frames.shape == (2, 224, 224, 3)
    assert FrameSampler((50, 100), crop="resize").uniform(colors_video, 2).frames.shape == (2, 50, 100, 3)
    pad = FrameSampler(80, crop="pad").frame_at(colors_video, 0.5)  # 160x120 -> 80x60 + bars
    assert pad.shape == (80, 80, 3)
    assert pad[:10].max() == 0 and pad[-10:].max() == 0 and nearest_color(pad[10:70]) == "red"
    with pytest.raises(ValueError):
        FrameSampler(64, crop="zoom")


# -- errors -----------------------------------------------------------------------------------------
def reason_of(exc_info) -> str:
    return exc_info.value.reason


def test_missing_empty_and_text_files(tmp_path):
    with pytest.raises(MediaError) as e:
        probe(tmp_path / "nope.mp4")
    assert reason_of(e) == "file not found"
    with pytest.raises(MediaError) as e:
        probe(V.write_zero_byte(tmp_path / "empty.mp4"))
    assert reason_of(e) == "empty file"
    with pytest.raises(MediaError) as e:
        FrameSampler().uniform(V.write_text_as_video(tmp_path / "text.mp4"), 4)
    assert reason_of(e) == TEXT_FILE  # (it said "not a video file or unsupported format": s57)
    assert "text.mp4" in str(e.value)


def test_truncated_mp4_is_reported(tmp_path, colors_video, shared_videos):
    for src in (colors_video, shared_videos / "bottle-detection.mp4"):
        bad = V.write_truncated(src, tmp_path / f"cut-{src.name}", keep=0.5)
        with pytest.raises(MediaError) as e:
            probe(bad)
        assert "damaged or incomplete" in reason_of(e)


@pytest.mark.parametrize("fourcc,ext", [("MJPG", "avi"), ("VP80", "webm")])
def test_truncated_stream_is_reported_not_half_sampled(tmp_path, fourcc, ext):
    src = V.write_video(tmp_path / f"full.{ext}", [V.Segment(10, "red")], fps=FPS, fourcc=fourcc)
    bad = V.write_truncated(src, tmp_path / f"cut.{ext}", keep=0.4)
    sampler = FrameSampler(32)
    with pytest.raises(MediaError) as e:
        sampler.at_rate(bad, 2.0)
    assert reason_of(e).startswith("truncated: decodes only") and "of 10.0 s" in reason_of(e)
    with pytest.raises(MediaError, match="truncated"):
        sampler.uniform(bad, 8)
    with pytest.raises(MediaError, match="truncated"):
        list(sampler.iter_at_rate(bad, 1.0))


def test_truncated_real_mkv(tmp_path, shared_videos):
    bad = V.write_truncated(shared_videos / "again.mkv", tmp_path / "again-cut.mkv", keep=0.3)
    with pytest.raises(MediaError, match="truncated"):
        FrameSampler(32).uniform(bad, 8)


def test_decode_timeout(colors_video):
    with pytest.raises(DecodeTimeout) as e:
        FrameSampler(32, timeout_s=1e-9).uniform(colors_video, 4)
    assert "longer than" in reason_of(e)
    with pytest.raises(DecodeTimeout):
        list(FrameSampler(32, timeout_s=1e-9).iter_at_rate(colors_video, 1.0))
    with pytest.raises(DecodeTimeout):
        probe(colors_video, timeout_s=1e-9)


def test_max_pixels_refused_before_decoding(colors_video):
    with pytest.raises(MediaError) as e:
        FrameSampler(32, max_pixels=100 * 100).uniform(colors_video, 2)
    assert "160x120" in reason_of(e) and "larger than" in reason_of(e)


def test_unicode_path(tmp_path):
    path = V.write_video(tmp_path / "vidéo 東京 🎬.mp4", [V.Segment(1, "yellow")], fps=FPS)
    info = probe(path)
    assert info.path == str(path) and info.frame_count == 10
    assert nearest_color(FrameSampler(32).frame_at(path, 0.5)) == "yellow"
