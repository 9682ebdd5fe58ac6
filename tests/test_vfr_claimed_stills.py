"""A screen recording at a varying rate with B-frames (60 frames a second while something moves, one frame for
a still) remuxed to Matroska or MPEG-TS, indexed skipping the frames no other refers to (``nonref``): 27dd3fd
decoded such an MP4 whole from its sample table, but an MKV/TS has none, and a B-frame beginning a still was
skipped, the frame before it standing for the whole still (9 of the recording's stills never indexed). Its
first packets' timestamps, demuxed, not decoded, now tell it (``sparse_rate.stills``); a steady MKV/TS still
skips its B-frames."""

from __future__ import annotations

from types import SimpleNamespace

import pytest

from core import file_open, reader_packets, sparse_rate
from core.media import FrameSampler
from tests.test_timestamp_restarts import number
from tests.test_vfr_mp4_end import write_vfr
from tests.test_vfr_mp4_stills import TIMES, reads_skipping, shown


def write(path, times, fmt: str, bf: int = 2):
    return write_vfr(path, times, bf, fmt=fmt, stream_tb=False)  # (the muxer's time base: MKV's ms, TS's 90 kHz)


FORMATS = [("matroska", "mkv"), ("mpegts", "ts")]


@pytest.mark.parametrize("fmt,ext", FORMATS)
def test_a_screen_recording_in_mkv_or_ts_is_decoded_whole_and_every_still_indexed(tmp_path, fmt, ext):
    path = write(tmp_path / f"screen.{ext}", TIMES, fmt)
    assert not reads_skipping(path)  # (was: skipping, its B-frames left out)
    sampler = FrameSampler(size=None, skip="nonref")
    frames = list(sampler.iter_at_rate(sampler.open(str(path)), 2.0, start=0.25))  # (as indexing reads it)
    wanted = [0.25 + 0.5 * k for k in range(int(TIMES[-1] * 2))]
    assert [number(f) for _, f in frames] == [shown(t) for t, _ in frames]
    assert {number(f) for _, f in frames} == {shown(t) for t in wanted}  # (was: 9 stills' frames missing)


@pytest.mark.parametrize("fmt,ext", FORMATS)
def test_a_steady_mkv_or_ts_of_b_frames_is_still_read_skipping(tmp_path, fmt, ext):
    assert reads_skipping(write(tmp_path / f"steady.{ext}", [k / 60 for k in range(300)], fmt))


def test_a_stutter_or_two_is_still_read_skipping(tmp_path):
    """(A frame held 0.6 s once in 20 s: decoded whole, 1.7× the work, for a sampled frame at most.)"""
    times = [k / 30 for k in range(300)]
    times += [times[-1] + 0.6 + k / 30 for k in range(300)]
    assert reads_skipping(write(tmp_path / "stutter.mkv", [round(t, 3) for t in times], "matroska"))


def test_only_the_first_packets_are_read(tmp_path, monkeypatch):
    """(A normal MKV is demuxed up to ``HEAD_PACKETS`` packets, never decoded or read whole.)"""
    path = write(tmp_path / "long.mkv", [k / 60 for k in range(900)], "matroska")
    monkeypatch.setattr(sparse_rate, "HEAD_PACKETS", 50)  # (before the open: the head is read once, there)
    sampler = FrameSampler(size=None, skip="nonref")
    reader = sampler.open(str(path))
    try:
        assert len(sparse_rate._head_times(reader)) == 50
        assert not sparse_rate.stills(reader)
    finally:
        reader.close()


@pytest.mark.parametrize("fmt,ext", FORMATS)
def test_the_head_is_demuxed_once_for_both_questions(tmp_path, monkeypatch, fmt, ext):
    """(sparser and stills each opened and demuxed a B-frame MKV/TS's first packets: one demux feeds both.)"""
    path = write(tmp_path / f"steady.{ext}", [k / 60 for k in range(300)], fmt)
    opened, real = [], file_open.open_file
    monkeypatch.setattr(sparse_rate, "file_open",
                        SimpleNamespace(open_file=lambda p, *a, **k: (opened.append(p), real(p, *a, **k))[1]))
    looks, ahead = [], reader_packets.Head.ahead
    monkeypatch.setattr(reader_packets.Head, "ahead", lambda head, *a: looks.append(1) or ahead(head, *a))
    sampler = FrameSampler(size=None, skip="nonref")
    reader = sampler._open(sampler.open(str(path)))  # (as indexing opens it: asked both, skipping kept)
    try:
        assert str(reader.stream.codec_context.skip_frame) != "DEFAULT"
        # (its head read once for both, from the reader's own demux: no open of its own, ``reader_packets.Head``)
        assert opened == [] and len(looks) == 1
        assert not sparse_rate.sparser(reader, 1.0) and not sparse_rate.stills(reader)  # (asked again: kept)
        assert opened == [] and len(looks) == 1
        assert len(sparse_rate._head_times(reader)) == 300  # (what stills judged: every packet of the 5 s)
    finally:
        reader.close()
