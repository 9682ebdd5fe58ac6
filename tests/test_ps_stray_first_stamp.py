"""A single MPEG-PS clip (no join) whose first PES or two are stamped far off (a recorder's clock glitch at
its start) read 0.04 s long, and every frame after its first second at 0 s: FFmpeg starts the file at its
first timestamp, the stray one, and the scan, which left the stray run out, saw one part and gave no
timeline, so the stray's time was the origin. The same stamp 3 h on at the start of joined clips made
them 84669 s long (the frames right: timed from the stray's clock by chance). Now where the scan leaves
stray stamps at the file's start out and the file's start is theirs, it starts the file at its first
frame counted back from the first part (``part_cuts.stray_origin``) and the reader takes the stray
packets' stamps off (``reader_packets``): their frames are timed back from the first timed one."""

from __future__ import annotations

from fractions import Fraction

import av
import numpy as np
import pytest

from core.media import FrameSampler, probe
from tests.fresh_writer import written_fresh
from tests.test_ps_joined_seek import frames, write_ps
from tests.test_ps_short_part import stamped
from tests.test_stray_packet_length import HOURS_3, _shift
from tests.test_timestamp_restarts import picture, write_ts

STRAY_60 = 90000 * 60
TIMES = [0.0, 0.1, 0.5, 1.0, 5.0, 12.3, 19.0, 19.9]


def _stray_start(path, out, by: int, stamps: int = 1, dts: bool = True):
    data = bytearray(path.read_bytes())
    for head in stamped(data)[:stamps]:
        _shift(data, head, by, dts=dts)
    out.write_bytes(bytes(data))
    return out


@pytest.mark.parametrize("bf,stamps", [(0, 1), (2, 1), (2, 2)])
def test_a_clip_whose_first_stamps_are_60_s_on_reads_whole_at_its_own_times(tmp_path, bf, stamps):
    clean = write_ps(tmp_path / "clean.vob", "libx264", 20.0, bf=bf)
    stray = _stray_start(clean, tmp_path / "stray.vob", STRAY_60, stamps)
    assert probe(stray).duration == pytest.approx(20.0, abs=0.05)  # (500 frames at 25 a second; was 0.04)
    want = frames("sequential", clean, TIMES)
    assert frames("sequential", stray, TIMES) == want
    for t, w in zip(TIMES, want):  # (each a fresh reader: a thumbnail, search's jump)
        assert frames("seek", stray, [t]) == [w], t
    # indexed (frames skipped, a moment a second): the moments cover the clip, each at its own time
    got = FrameSampler(size=None, skip="nonref").at_rate(str(stray), 1.0)
    ref = FrameSampler(size=None, skip="nonref").at_rate(str(clean), 1.0)
    assert got.times.tolist() == pytest.approx(ref.times.tolist(), abs=1e-6)
    assert ref.times.tolist() == pytest.approx(list(range(20)), abs=0.05)
    assert (got.frames == ref.frames).all()


def test_joined_clips_whose_first_stamp_is_3_h_on_read_as_long_as_they_play(tmp_path):
    parts = [write_ps(tmp_path / f"p{k}.vob", "libx264", s, shade=40 * k, bf=0) for k, s in enumerate((20.0, 6.0))]
    first = _stray_start(parts[0], tmp_path / "first.vob", HOURS_3)
    clean, stray = tmp_path / "clean.vob", tmp_path / "stray.vob"
    clean.write_bytes(parts[0].read_bytes() + parts[1].read_bytes())
    stray.write_bytes(first.read_bytes() + parts[1].read_bytes())
    assert probe(stray).duration == pytest.approx(probe(clean).duration, abs=0.05) == pytest.approx(26.0, abs=0.05)
    times = [0.0, 1.0, 19.9, 20.3, 25.0]
    assert frames("sequential", stray, times) == frames("sequential", clean, times)


def test_an_mpeg_ts_whose_first_stamp_is_60_s_on_reads_whole_at_its_own_times(tmp_path):
    """An MPEG-TS at 10 frames a second (each frame timed): it read 0.1 s long, every frame at 0 s; its
    first frame, untimed now, is a frame of its own rate before the next (not 0.04 s: the probe's guess)."""
    clean = write_ts(tmp_path / "clean.ts", range(200))
    stray = _stray_start(clean, tmp_path / "stray.ts", STRAY_60)
    assert probe(stray).duration == pytest.approx(20.0, abs=0.05)
    times = [0.0, 0.1, 0.5, 1.0, 5.0, 19.0, 19.95]
    want = frames("sequential", clean, times)
    assert frames("sequential", stray, times) == want
    for t, w in zip(times, want):
        assert frames("seek", stray, [t]) == [w], t


def test_a_stray_first_stamp_off_the_microsecond_grid_is_found(tmp_path):
    """FFmpeg keeps a file's start in microseconds: a stray stamp 60 s and one 90 kHz tick on starts the
    file a tick before it (``tracks.file_origin``), which is still the stray's start."""
    clean = write_ps(tmp_path / "clean.vob", "libx264", 20.0, bf=0)
    stray = _stray_start(clean, tmp_path / "stray.vob", STRAY_60 + 1)
    assert probe(stray).duration == pytest.approx(20.0, abs=0.05)
    assert frames("sequential", stray, TIMES) == frames("sequential", clean, TIMES)


def write_with_sound(path, fmt: str, frame=None, **options: str):
    """10 s of numbered H.264 frames (B-frames) and silent MP2 sound, as a camcorder's VOB or TS holds them:
    the sound starts the file, a few hundredths of a second before the video. ``frame(n)``: frame n as an
    ``av.VideoFrame`` (``picture(n)`` from RGB by default, whose conversion, and so the file's bytes, vary
    with what the process encoded before; YUV frames do not); ``options``: x264's, over g 25 and bf 2."""
    frame = frame or (lambda n: av.VideoFrame.from_ndarray(picture(n), format="rgb24"))
    with av.open(str(path), "w", format=fmt) as out:
        v = out.add_stream("libx264", rate=25)
        v.width, v.height, v.pix_fmt, v.options = 64, 48, "yuv420p", {"g": "25", "bf": "2", **options}
        a = out.add_stream("mp2", rate=48000)
        a.layout = "mono"
        for n in range(250):
            f = frame(n)
            f.pts, f.time_base = n, Fraction(1, 25)
            out.mux(v.encode(f))
            if n % 2 == 0:
                s = av.AudioFrame.from_ndarray(np.zeros((1, 1152), np.int16), format="s16", layout="mono")
                s.sample_rate, s.pts = 48000, (n // 2) * 1152
                out.mux(a.encode(s))
        out.mux(v.encode())
        out.mux(a.encode())
    return path


@pytest.mark.parametrize("fmt,ext", [("vob", "vob"), ("mpegts", "ts")])
def test_a_clip_with_sound_whose_first_video_stamp_is_60_s_on_reads_as_without_it(tmp_path, fmt, ext):
    """The sound starts the file (FFmpeg's start is its, not the stray's): the VOB's frames all stood at
    60 s, 60 s long; the TS's started at the video's first frame, not the file's. A seek into the last
    group timed its frames on from the keyframe by the delay the stray keyframe had (2 frames early)."""
    clean = written_fresh("tests.test_ps_stray_first_stamp:write_with_sound", tmp_path / f"clean.{ext}", fmt)
    stray = _stray_start(clean, tmp_path / f"stray.{ext}", STRAY_60)
    times = [0.0, 0.5, 3.0, 9.0, 9.5, 9.9]
    want = frames("sequential", clean, times)
    assert frames("sequential", stray, times) == want
    for t, w in zip(times, want):
        assert frames("seek", stray, [t]) == [w], t
