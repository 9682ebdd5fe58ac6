"""A file whose rate is only its header's word (MKV, WebM, FLV, MPEG-TS/PS) read skipping its B-frames (indexing's
``nonref``) was opened twice: ``core.sparse_rate`` looked at its first packets through a demuxer of its own (1-5 %
of a short file's read). It reads them from the reader's own demux now (``reader_packets.Head``), which decodes them
after: the file is opened once, and the frames and times are those read with the look's own open."""

from __future__ import annotations

import numpy as np
import pytest

av = pytest.importorskip("av")

from core import reader_packets  # noqa: E402
from core.media import FrameSampler  # noqa: E402
from tests.test_decode_modes import write_clip  # noqa: E402
from tests.test_reader_sparse_claimed import write as write_slides  # noqa: E402
from tests.test_reader_sparse_ts import SLIDE_S, SLIDES, number  # noqa: E402


@pytest.fixture
def opens(monkeypatch):
    """The paths ``av.open`` opened for reading."""
    seen, real = [], av.open

    def counted(src, *a, **k):
        if (a[0] if a else k.get("mode", "r")) == "r":
            seen.append(str(src))
        return real(src, *a, **k)

    monkeypatch.setattr(av, "open", counted)
    return seen


def _as_before(monkeypatch):
    """The look opens the file again, as it did."""
    monkeypatch.setattr(reader_packets.Head, "whole", property(lambda self: False))


@pytest.mark.parametrize("fmt,ext", [("matroska", "mkv"), ("mpegts", "ts"), ("flv", "flv")])
def test_a_claimed_rate_file_is_opened_once_for_the_same_frames(tmp_path, monkeypatch, opens, fmt, ext):
    path = str(tmp_path / f"clip.{ext}")
    write_clip(path, fmt=fmt, seconds=5)  # (30 frames a second, B-frames: its stills looked at too)
    times = np.arange(0, 5, 0.2)
    got = FrameSampler(size=32, skip="nonref").frames_at(path, times)
    assert opens == [path]
    sampler = FrameSampler(size=32, skip="nonref")  # indexing's way: opened and probed, then read
    opened = sampler.frames_at(sampler.open(path), times)
    assert opens == [path, path]

    _as_before(monkeypatch)
    before = FrameSampler(size=32, skip="nonref").frames_at(path, times)
    assert len(opens) == 4  # (the reader's, the look's)
    for read in (got, opened):
        np.testing.assert_array_equal(read.times, before.times)
        np.testing.assert_array_equal(read.frames, before.frames)


def test_a_slideshow_told_by_its_first_packets_is_opened_once_and_read_whole(tmp_path, monkeypatch, opens):
    path = str(write_slides(tmp_path / "slides.mkv", "matroska"))  # (a slide every 3 s, said to be 30 fps)
    times = [0.5 * k for k in range(2 * SLIDE_S * SLIDES - 1)]
    got = FrameSampler(size=None, skip="nonref").frames_at(path, times)
    assert opens == [path]
    assert [number(f) for f in got.frames] == [int(t // SLIDE_S) for t in times]  # (each slide at its time)
    _as_before(monkeypatch)
    before = FrameSampler(size=None, skip="nonref").frames_at(path, times)
    np.testing.assert_array_equal(got.times, before.times)
    np.testing.assert_array_equal(got.frames, before.frames)


def test_a_reader_that_has_sought_looks_through_an_open_of_its_own(tmp_path, opens):
    from core import sparse_rate

    path = str(write_slides(tmp_path / "slides.mkv", "matroska"))
    fresh = FrameSampler(size=None).open(path)  # (every frame decoded: no look at open)
    try:
        assert sparse_rate.sparser(fresh, 1.0) and opens == [path]  # (its own demux, from the start)
    finally:
        fresh.close()
    moved = FrameSampler(size=None).open(path)
    try:
        moved.at(40.0)
        moved.at(1.0)  # (sought back: its demux no longer from the file's start)
        assert moved.seeks and moved.head is None
        assert sparse_rate.sparser(moved, 1.0) and opens == [path, path, path]
        assert number(FrameSampler(size=None)._convert(moved.at(4.0)[1])) == 1  # (the reader reads on as it did)
    finally:
        moved.close()
