"""Files whose video track is not the whole story: audio that outlasts the video, a track that
starts an hour in, a camera's one-frame thumbnail track before the video, a header that claims a
billion seconds, a rate above 1000 frames a second, a slideshow of one frame per slide. Each used
to fail as "truncated", lose its video, run out of memory or skip whole slides."""

from __future__ import annotations

from fractions import Fraction

import av
import numpy as np
import pytest

from core.errors import MediaError
from core.media import FrameSampler, probe
from core.tracks import tag_seconds

COLOURS = [(220, 30, 30), (30, 200, 40), (30, 50, 220), (235, 220, 30), (240, 240, 240), (140, 40, 190)]


def colour_at(t: float) -> tuple:
    return COLOURS[int(t) % len(COLOURS)]  # a new colour each second


def picture(t: float, size=(64, 48)) -> np.ndarray:
    img = np.empty((size[1], size[0], 3), np.uint8)
    img[:] = colour_at(t)
    return img


def nearest(rgb) -> tuple:
    return min(COLOURS, key=lambda c: float(np.abs(np.asarray(c) - rgb).sum()))


def write(path, seconds: float, *, fps: float = 10, codec="libx264", audio_s: float = 0.0, first_pts=0,
          times=None, options=None, thumbnail_first=False, thumbnail_size=(32, 24)):
    """A clip whose colour changes each second (``times``: the frames' own times, else every 1/fps)."""
    times = list(times) if times is not None else [i / fps for i in range(int(round(seconds * fps)))]
    tb = Fraction(1, 90000)
    packets = []
    with av.open(str(path), "w") as out:
        if thumbnail_first:
            thumb = out.add_stream("mjpeg", rate=1)
            (thumb.width, thumb.height), thumb.pix_fmt = thumbnail_size, "yuvj420p"
        video = out.add_stream(codec, rate=Fraction(fps).limit_denominator(1000))
        video.width, video.height, video.pix_fmt = 64, 48, "yuv420p"
        video.time_base = tb
        if codec.startswith("libvpx"):
            video.codec_context.thread_count = 1  # (tests.test_seek_matrix.VPX_THREADS)
        video.options = options or {}
        if audio_s:
            audio = out.add_stream("aac", rate=48000, layout="mono")
            n = 0
            while n < audio_s * 48000:
                frame = av.AudioFrame.from_ndarray(np.zeros((1, 1024), np.float32), format="fltp", layout="mono")
                frame.sample_rate, frame.pts, frame.time_base = 48000, n, Fraction(1, 48000)
                packets += list(audio.encode(frame))
                n += 1024
            packets += list(audio.encode())
        if thumbnail_first:
            frame = av.VideoFrame.from_ndarray(np.zeros(thumbnail_size[::-1] + (3,), np.uint8), format="rgb24")
            packets += list(thumb.encode(frame)) + list(thumb.encode())
        for t in times:
            frame = av.VideoFrame.from_ndarray(picture(t), format="rgb24")
            frame.pts, frame.time_base = int(round((first_pts + t) * 90000)), tb
            packets += list(video.encode(frame))
        packets += list(video.encode())
        for p in sorted(packets, key=lambda p: float((p.dts or 0) * p.time_base)):
            out.mux(p)
    return str(path)


def sampled(path, skip="nonref", fps=2.0):
    got = FrameSampler(size=16, skip=skip).at_rate(path, fps)
    return got.times, [nearest(f.reshape(-1, 3).mean(0)) for f in got.frames]


def assert_colours_right(times, colours):
    assert len(times) and all(c == colour_at(t) for t, c in zip(times, colours)), list(zip(times, colours))


@pytest.mark.parametrize("ext", ["mkv", "mp4"])
def test_audio_that_outlasts_the_video_is_no_truncation(tmp_path, ext):
    path = write(tmp_path / f"clip.{ext}", 4.0, audio_s=7.0)
    info = probe(path)
    assert info.duration == pytest.approx(4.0, abs=0.15)
    times, colours = sampled(path)
    assert_colours_right(times, colours)
    assert times[-1] >= 3.4


def test_a_track_starting_an_hour_in_is_as_long_as_it_runs(tmp_path):
    path = write(tmp_path / "late.mkv", 5.0, first_pts=3600)
    assert probe(path).duration == pytest.approx(5.0, abs=0.15)  # (its DURATION tag is its end: 1:00:05)
    times, colours = sampled(path)
    assert times[0] == 0.0 and times[-1] >= 4.4
    assert_colours_right(times, colours)


@pytest.mark.parametrize("ext", ["mp4", "mkv"])
def test_a_video_that_starts_after_its_sound_is_timed_as_players_count(tmp_path, ext):
    path = write(tmp_path / f"late.{ext}", 4.0, audio_s=7.0, first_pts=3)  # video from 3 s to 7 s
    assert probe(path).duration == pytest.approx(7.0, abs=0.15)
    times, colours = sampled(path)
    assert times[0] == pytest.approx(3.0) and times[-1] >= 6.4  # (a player shows its first frame at 0:03)
    assert all(c == colour_at(t - 3.0) for t, c in zip(times, colours))
    at_one = FrameSampler(size=16).frames_at(path, [1.0, 5.0])  # before the video: its first frame
    assert at_one.times.tolist() == [3.0, 5.0]


def test_a_matroska_track_an_hour_in_without_its_tag_is_as_long_as_the_file_says(tmp_path):
    path = write(tmp_path / "late.mkv", 5.0, first_pts=3600)
    data = bytearray(open(path, "rb").read())
    at = data.find(b"01:00:05.000000000")
    assert at > 0
    data[at:at + 18] = b"\x00" * 18  # (no tag: the segment's Duration, its end time, is all there is)
    open(path, "wb").write(bytes(data))
    assert probe(path).duration == pytest.approx(5.0, abs=0.15)
    assert_colours_right(*sampled(path))


@pytest.mark.parametrize("thumbnail_size", [(32, 24), (96, 72)])  # (larger than the video: a camera's still)
def test_the_video_is_the_moving_track_not_a_thumbnail_before_it(tmp_path, thumbnail_size):
    for ext in ("mp4", "mkv"):
        path = write(tmp_path / f"camera.{ext}", 4.0, thumbnail_first=True, thumbnail_size=thumbnail_size)
        info = probe(path)
        assert (info.width, info.height) == (64, 48) and info.duration == pytest.approx(4.0, abs=0.15), ext
        assert_colours_right(*sampled(path))


def test_a_header_claiming_a_billion_seconds_fails_at_once_in_little_memory(tmp_path):
    import resource

    path = write(tmp_path / "liar.mkv", 3.0)  # its track's tag says 3 s: that goes, and the file claims 1e9 s
    data = bytearray(open(path, "rb").read())
    tag = b"00:00:03.000000000"
    at = data.find(tag)
    assert at > 0
    data[at:at + len(tag)] = b"\x00" * len(tag)  # (no longer a time: the tag is ignored)
    open(path, "wb").write(bytes(data))
    sampler = FrameSampler(size=16, skip="nonref")
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    with pytest.raises(MediaError, match="truncated"):
        list(sampler.iter_at_rate(_claiming(path, 1e9), 2.0))
    assert resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before < 200_000  # KiB: no array of 2e9 times


def _claiming(path: str, seconds: float) -> str:
    """``path`` with its Matroska segment's Duration element set to ``seconds`` (a float64)."""
    import struct

    data = bytearray(open(path, "rb").read())
    at = data.find(b"\x44\x89")  # the Duration element's id
    assert at > 0
    size = data[at + 2] & 0x7F
    assert size in (4, 8)
    scale_ms = 1.0  # (TimestampScale 1 ms, FFmpeg's)
    value = seconds * 1000 / scale_ms
    data[at + 3:at + 3 + size] = struct.pack(">d" if size == 8 else ">f", value)
    open(path, "wb").write(bytes(data))
    return path


def test_a_rate_above_a_thousand_frames_a_second_is_no_truncation(tmp_path):
    path = write(tmp_path / "fast.mp4", 2.0, fps=2000)
    info = probe(path)
    assert info.duration == pytest.approx(2.0, abs=0.1)
    assert_colours_right(*sampled(path))


def test_a_slideshow_of_one_frame_per_slide_loses_no_slide_when_skipping(tmp_path):
    times = [i * 10.0 for i in range(8)]  # a frame every 10 s, B-frames between (x264's default)
    path = write(tmp_path / "slides.mp4", 80.0, fps=0.1, times=times)
    for skip in ("nonref", "none"):
        got, colours = sampled(path, skip=skip, fps=0.5)
        assert sorted(set(got.tolist())) == times, skip
        assert_colours_right(got, colours)


def test_tag_seconds_reads_matroska_duration_tags():
    assert tag_seconds({"DURATION": "01:00:06.500000000"}) == pytest.approx(3606.5)
    assert tag_seconds({"duration-eng": "00:00:02.6"}) == pytest.approx(2.6)
    assert tag_seconds({"DURATION": "garbage"}) is None and tag_seconds({}) is None


def _trimmed(path: str, by_s: float, keep_s: float) -> str:
    """``path`` (an MP4 whose movie time scale is 1000 and its track's 90000) with its edit list
    showing ``keep_s`` seconds from ``by_s`` into the media: a phone's trim that was not re-encoded
    (the samples before and after stay in the file)."""
    import struct

    data = bytearray(open(path, "rb").read())
    at = data.find(b"elst")
    assert at > 0, "the muxer wrote no edit list"
    _, media_time = struct.unpack(">Ii", data[at + 12:at + 20])
    struct.pack_into(">Ii", data, at + 12, int(keep_s * 1000), media_time + int(by_s * 90000))
    for box, offset in ((b"mvhd", 20), (b"tkhd", 24)):  # (version 0 boxes: their duration fields)
        struct.pack_into(">I", data, data.find(box) + offset, int(keep_s * 1000))
    open(path, "wb").write(bytes(data))
    return path


def test_a_trimmed_mp4_is_as_long_as_it_plays_and_no_cut_short_file(tmp_path):
    path = _trimmed(write(tmp_path / "trim.mp4", 10.0), by_s=3.0, keep_s=7.0)
    info = probe(path)
    assert info.duration == pytest.approx(7.0, abs=0.11) and info.cut_short == ""
    times, colours = sampled(path)
    assert times[-1] > 6.0  # read to its end, no CutShort on the way
    assert all(c == colour_at(t + 3.0) for t, c in zip(times, colours)), list(zip(times, colours))


@pytest.mark.parametrize("name", ["camera.h264", "export.264", "drone.hevc", "ipcam.mjpeg"])
def test_a_bare_video_stream_is_found_and_read_at_its_rate(tmp_path, name):
    """A security camera's or DVR's export: the stream with no container (no timestamps: frames
    at FFmpeg's 25 a second, as players show them)."""
    from core.scan import scan

    codec = {"h264": "libx264", "264": "libx264", "hevc": "libx265", "mjpeg": "mjpeg"}[name.split(".")[1]]
    folder = tmp_path / "dvr"
    folder.mkdir()
    options = {"libx265": {"x265-params": "log-level=error"}, "mjpeg": {"strict": "-1"}}.get(codec)  # (-1: yuv420p)
    path = write(folder / name, 4.0, fps=25, codec=codec, options=options)
    assert list(scan([str(folder)]).files) == [path]
    info = probe(path)
    assert info.duration == pytest.approx(4.0, abs=0.05) and info.fps == pytest.approx(25.0)
    assert_colours_right(*sampled(path, skip="none"))


@pytest.mark.parametrize("name", ["camera.h264", "drone.hevc"])
def test_a_bare_stream_with_b_frames_is_read_whole_by_the_indexer(tmp_path, name):
    """Its frames carry no timestamps and are timed by counting them: skipping the frames no other
    refers to (the indexer's way) used to count half of them, so the file read as half its length
    and every moment after the first seconds held later frames than it said."""
    from core.decode_pool import DecodeSpec, decode_file

    codec, options = {"h264": ("libx264", {"bf": "3", "g": "50"}),
                      "hevc": ("libx265", {"x265-params": "log-level=error:bframes=4"})}[name.split(".")[1]]
    path = write(tmp_path / name, 8.0, fps=25, codec=codec, options=options)
    for reading in ("path", "open"):  # (through a path, and through the indexer's one open)
        sampler = FrameSampler(size=16, skip="nonref")
        got = sampler.at_rate(path if reading == "path" else sampler.open(path), 2.0)
        assert got.info.duration == pytest.approx(8.0, abs=0.05), reading
        assert got.times[-1] > 7.0
        assert_colours_right(got.times, [nearest(f.reshape(-1, 3).mean(0)) for f in got.frames])
    info, moments = decode_file(path, DecodeSpec(size=(16, 16), crop="resize"))
    moments = list(moments)
    assert info.duration == pytest.approx(8.0, abs=0.05) and moments[-1].end == pytest.approx(8.0, abs=0.05)
