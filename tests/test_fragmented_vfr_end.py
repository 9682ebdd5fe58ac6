"""A fragmented screen recording of B-frames at a varying rate (a recorder's crash-safe MP4, OBS's "fragmented
MP4") read short: its index has no edit list, and lists none of its samples (frag_keyframe+empty_moov) or only
its first fragment's (frag_keyframe alone), so neither the header's end (``mp4_header.shown_end``) nor the
index's samples said where its last frames are shown; FFmpeg's length, its samples' decoding times', read 3.77 s
2.58 s long, its last still and last frame never indexed. Its fragments' tables say it
(``mp4_samples.shown_end``), read without FFmpeg; and a first fragment that is steady no longer hides a varying
rate after it (``mp4_samples.uneven``)."""

from __future__ import annotations

import pytest

av = pytest.importorskip("av")

from core import mp4_samples  # noqa: E402
from core.media import FrameSampler, probe  # noqa: E402
from tests.remux import remux  # noqa: E402
from tests.test_timestamp_restarts import number  # noqa: E402
from tests.test_vfr_mp4_end import END, TIMES, shown, write_vfr  # noqa: E402

FLAGS = ["frag_keyframe+empty_moov", "frag_keyframe", "frag_keyframe+empty_moov+default_base_moof"]


@pytest.mark.parametrize("movflags", FLAGS)
def test_a_fragmented_screen_recording_is_as_long_as_its_frames_show(tmp_path, movflags):
    path = remux(write_vfr(tmp_path / "screen.mp4", TIMES, 2), tmp_path / "fragmented.mp4", movflags=movflags)
    assert probe(path).duration == pytest.approx(END, abs=0.002)  # (2.58 s)
    assert mp4_samples.fragmented(path) and mp4_samples.uneven(path, 1)
    got = FrameSampler(size=None, skip="nonref").at_rate(str(path), 2.0, start=0.25)
    assert got.times.tolist()[-1] >= TIMES[-2] - 1e-3  # (3.73 s on: its last frames sampled)
    assert [number(f) for f in got.frames] == [shown(t) for t in got.times]


def test_a_first_fragment_in_the_index_that_is_steady_does_not_hide_the_rest(tmp_path):
    """(frag_keyframe without empty_moov: the index lists its first fragment's samples, 60 a second.)"""
    path = remux(write_vfr(tmp_path / "screen.mp4", TIMES, 2), tmp_path / "fragmented.mp4", movflags="frag_keyframe")
    table = mp4_samples._video_tables(path)[0]
    first = table["index"][0]  # (the index's alone)
    listed = first[:-1, 1] if first[-1, 0] == 1 else first[:, 1]
    assert 0 < first[:, 0].sum() < len(TIMES)
    assert (listed.max() - listed.min()) / table["timescale"] < mp4_samples.UNEVEN_S
    assert probe(path).duration == pytest.approx(END, abs=0.002)  # (2.58 s: its index's samples said steady)
    assert mp4_samples.uneven(path, 1)  # (track 1's, its fragments' too)


@pytest.mark.parametrize("movflags", FLAGS[:2])
def test_a_steady_fragmented_mp4_keeps_ffmpegs_length_and_is_not_opened_again(tmp_path, movflags, monkeypatch):
    """(A guard: its samples last alike, fragments and all.)"""
    from core import file_open

    steady = [k / 60 for k in range(120)]
    path = remux(write_vfr(tmp_path / "steady.mp4", steady, 2), tmp_path / "fragmented.mp4", movflags=movflags)
    real, opened = file_open.open_file, []
    monkeypatch.setattr(file_open, "open_file", lambda p, *a, **k: opened.append(p) or real(p, *a, **k))
    assert probe(path).duration == pytest.approx(2.0, abs=0.002) and len(opened) == 1
    assert not mp4_samples.uneven(path, 1)
