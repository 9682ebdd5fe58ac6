"""An MPEG-PS/TS whose first PES is stamped far off in its PTS alone, its DTS right (a recorder's glitch in one
field), read 0.04 s long (a TS 0.1 s), every frame at 0 s: FFmpeg starts the file at the stray PTS, and the
scan, which cuts parts by decoding times, saw one part and no stray, so reader 16's fix (``part_cuts.
stray_origin``, both stamps off) never came in. Such a packet (a PTS before its DTS or a second or more after
it) is now left out as a stray stamp is, given its stream's keyframe delay (``part_cuts.pts_strays``): the
file starts at its first frame and reads as the clip without the glitch does."""

from __future__ import annotations

import pytest

from core import part_cuts, timeline
from core.media import FrameSampler, probe
from tests.fresh_writer import written_fresh
from tests.test_ps_joined_seek import frames, write_ps
from tests.test_ps_stray_first_stamp import STRAY_60, TIMES, _stray_start
from tests.test_timestamp_restarts import write_ts


@pytest.mark.parametrize("stamps", [1, 2])
def test_a_clip_whose_first_pts_alone_is_60_s_on_reads_whole_at_its_own_times(tmp_path, stamps):
    clean = write_ps(tmp_path / "clean.vob", "libx264", 20.0, bf=2)
    stray = _stray_start(clean, tmp_path / "stray.vob", STRAY_60, stamps, dts=False)
    assert probe(stray).duration == pytest.approx(20.0, abs=0.05)  # (was 0.04; 0.64 with two)
    want = frames("sequential", clean, TIMES)
    assert frames("sequential", stray, TIMES) == want
    for t, w in zip(TIMES, want):  # (each a fresh reader: a thumbnail, search's jump)
        assert frames("seek", stray, [t]) == [w], t
    got = FrameSampler(size=None, skip="nonref").at_rate(str(stray), 1.0)  # (indexed: a moment a second)
    ref = FrameSampler(size=None, skip="nonref").at_rate(str(clean), 1.0)
    assert got.times.tolist() == pytest.approx(ref.times.tolist(), abs=1e-6)
    assert (got.frames == ref.frames).all()


def test_an_mpeg_ts_whose_first_pts_alone_is_60_s_on_reads_whole(tmp_path):
    clean = write_ts(tmp_path / "clean.ts", range(200))
    stray = _stray_start(clean, tmp_path / "stray.ts", STRAY_60, dts=False)
    assert probe(stray).duration == pytest.approx(20.0, abs=0.05)  # (was 0.1)
    times = [0.0, 0.1, 0.5, 1.0, 5.0, 19.0, 19.95]
    want = frames("sequential", clean, times)
    assert frames("sequential", stray, times) == want
    for t, w in zip(times, want):
        assert frames("seek", stray, [t]) == [w], t


@pytest.mark.parametrize("fmt,ext", [("vob", "vob"), ("mpegts", "ts")])
def test_a_clip_with_sound_whose_first_pts_alone_is_60_s_on_reads_as_without_it(tmp_path, fmt, ext):
    clean = written_fresh("tests.test_ps_stray_first_stamp:write_with_sound", tmp_path / f"clean.{ext}", fmt)
    stray = _stray_start(clean, tmp_path / f"stray.{ext}", STRAY_60, dts=False)
    times = [0.0, 0.5, 3.0, 9.0, 9.5, 9.9]
    want = frames("sequential", clean, times)
    assert frames("sequential", stray, times) == want
    for t, w in zip(times, want):
        assert frames("seek", stray, [t]) == [w], t


def test_a_clean_clip_has_no_stray_pts(tmp_path):
    clean = write_ts(tmp_path / "clean.ts", range(50))
    assert timeline.scan(str(clean), 0, 1 / 90000, None) is None
    packets = [(0, 0, 9000, 0, 0, 0), (0, 188, 45000, 9000, 0, 0)]
    assert part_cuts.pts_strays(packets, [0], 0, 1 / 90000, True) == (0, 0)
