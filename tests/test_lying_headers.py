"""Files whose container says something false about their frames, as players never notice: an
index that marks every frame a keyframe (an MP4 without a sync sample table, an AVI index
flagging every entry: screen recorders, security cameras), a DVB multiplex whose other channel
runs another clock, a bare MPEG-1 stream whose length FFmpeg guesses from its bit rate, a DVD VOB
whose last group FFmpeg's seek lands past. Each used to index wrong frames or the wrong length."""

from __future__ import annotations

from fractions import Fraction

import av
import numpy as np
import pytest

from core.decode_pool import DecodeSpec, decode_file
from core.media import FrameSampler

FPS = 25


def picture(n: int, w: int = 64, h: int = 48) -> np.ndarray:
    """Frame ``n`` drawn as 12 bits: a 4 x 3 grid of black and white cells."""
    img = np.full((h, w, 3), 30, np.uint8)
    for b in range(12):
        if n >> b & 1:
            r, c = divmod(b, 4)
            img[r * h // 3:(r + 1) * h // 3, c * w // 4:(c + 1) * w // 4] = 255
    return img


def number(rgb: np.ndarray) -> int:
    h, w = rgb.shape[:2]
    n = 0
    for b in range(12):
        r, c = divmod(b, 4)
        cell = rgb[int((r + .3) * h / 3):int((r + .7) * h / 3) + 1, int((c + .3) * w / 4):int((c + .7) * w / 4) + 1]
        n |= int(cell.mean() > 127) << b
    return n


def write(path, codec: str, n: int, *, gop: int, bf: int = 2, every_key: bool = False, fmt=None, start_pts: int = 0,
          size=(64, 48)):
    with av.open(str(path), "w", format=fmt) as out:
        s = out.add_stream(codec, rate=FPS)
        s.width, s.height, s.pix_fmt = *size, "yuv420p"
        s.codec_context.gop_size, s.codec_context.max_b_frames = gop, bf
        if codec == "libx264":
            s.options = {"x264-params": f"keyint={gop}:scenecut=0"}
        for k in range(n + 1):
            frame = None
            if k < n:
                frame = av.VideoFrame.from_ndarray(picture(k, *size), format="rgb24")
                frame.pts, frame.time_base = start_pts + k, Fraction(1, FPS)
            for p in s.encode(frame):
                if every_key:
                    p.is_keyframe = True  # (the muxer then lists every frame as a sync sample)
                out.mux(p)
    return path


def assert_moments_show_their_frames(path, seconds: float):
    info, moments = decode_file(str(path), DecodeSpec(size=(48, 64), crop="resize", threads=1))
    moments = list(moments)
    assert moments[-1].end == pytest.approx(seconds, abs=0.1), [(m.start, m.end) for m in moments]
    for m in moments:
        assert [number(f) for f in m.frames] == [round(t * FPS) for t in m.frame_times], (m.start, m.end)


@pytest.mark.parametrize("codec, name, gop", [("libx264", "screen.mp4", 1000), ("libx264", "cam.mp4", 100),
                                               ("mpeg4", "camera.mov", 100), ("mpeg4", "xvid.avi", 100)])
def test_an_index_that_calls_every_frame_a_keyframe_is_read_as_players_read_it(tmp_path, codec, name, gop):
    """The one-keyframe screen recording was one moment holding its last frame eight times; the
    others held frames of seconds before, or P-frames decoded without their reference."""
    bf = 0 if name.endswith(".avi") else 2  # (AVI has no room for B-frames' times: FFmpeg shifts them a frame)
    path = write(tmp_path / name, codec, 300, gop=gop, bf=bf, every_key=True)
    assert_moments_show_their_frames(path, 12.0)
    out = FrameSampler(size=(48, 64), crop="resize").frames_at(str(path), [9.0, 2.0, 11.5])
    assert [number(f) for f in out.frames] == [225, 50, 287]


def test_a_dvb_multiplex_is_timed_by_its_own_programs_clock():
    """Two channels, each its own clock (50,000 s and 1,000 s in): the first's video was timed
    from the second's start, a 20 s recording read as 49,020 s. (Streams as FFmpeg describes such a
    file; PyAV's muxer writes one program only.)"""
    from types import SimpleNamespace as NS

    from core.tracks import file_origin

    tb = Fraction(1, 90000)
    video, audio = NS(start_time=50_000 * 90000, time_base=tb), NS(start_time=50_000 * 90000 - 900, time_base=tb)
    other = [NS(start_time=1_000 * 90000, time_base=tb), NS(start_time=1_000 * 90000 - 900, time_base=tb)]
    multiplex = NS(format=NS(name="mpegts"), start_time=(1_000 * 90000 - 900) * 100 // 9, streams=[video, audio, *other])
    assert file_origin(multiplex, video) == audio.start_time  # (its own program's sound starts first)
    assert file_origin(multiplex, other[0]) == other[1].start_time
    late = NS(format=NS(name="mov,mp4,m4a,3gp,3g2,mj2"), start_time=0, streams=[video])  # (not a multiplex)
    assert file_origin(late, video) == 0


def test_a_bare_mpeg1_stream_is_as_long_as_it_plays(tmp_path):
    """FFmpeg guesses a .m1v's length from its bit rate: 40 s read as 0.02 s, one moment."""
    path = write(tmp_path / "clip.m1v", "mpeg1video", 250, gop=12, fmt="mpeg1video")
    with av.open(str(path)) as c:
        assert c.duration is None or c.duration / 1e6 < 5.0  # (the guess)
    assert_moments_show_their_frames(path, 10.0)


def test_a_dvd_vobs_last_group_is_read(tmp_path):
    """FFmpeg's program-stream seek to the last group's keyframe landed past it: the stream was read
    as ended there, and the last wanted frames were in no moment."""
    path = write(tmp_path / "VTS_01_1.VOB", "mpeg2video", 250, gop=15, fmt="dvd", size=(352, 240))
    got = FrameSampler(size=(48, 64), crop="resize", skip="nonref").at_rate(str(path), 4.0)
    assert got.times[-1] >= 9.7 and [number(f) for f in got.frames] == [round(t * FPS) for t in got.times]
