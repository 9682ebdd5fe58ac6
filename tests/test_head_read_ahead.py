"""The look at a claimed-rate file's first packets (``core.sparse_rate``) reads them from the reader's own demux
(``reader_packets.Head``, 06d65a00), keeping what it read ahead for the reader's decoder. Three things it did that
the look's own open never did (s58 rv_5):

- a read error or stall the look met was handed to the reader, which failed the file for the run, where the look's
  own open failed alone and the reader read those bytes itself: the reader now reads on from the file opened again
  (an error that stays is met there, at the same packet, as before);
- a second look after such an error gave a take of the packets before it, not failed (the recheck asks twice: a
  damaged file judged otherwise than indexing read it): every later look fails as the first did;
- an MPEG-TS/PS stamped every so many frames kept up to 1024 whole frames read ahead (50-120 MB of 4K a reader):
  what the reader's demux keeps for it is bounded (``sparse_rate.AHEAD_BYTES``), the look opening the file itself
  past that."""

from __future__ import annotations

import errno

import numpy as np
import pytest

av = pytest.importorskip("av")

from core import reader_packets, sparse_rate  # noqa: E402
from core.errors import MediaError  # noqa: E402
from core.media import FrameSampler  # noqa: E402
from tests.test_decode_modes import write_clip  # noqa: E402
from tests.test_reader_sparse_claimed import write as write_slides  # noqa: E402
from tests.test_sparse_look_one_open import opens  # noqa: E402,F401 (a fixture)
from tests.test_vfr_claimed_stills import write as write_vfr  # noqa: E402
from tests.test_vfr_mp4_stills import TIMES  # noqa: E402

AFTER = 40  # packets the reader's own demux gives before the read fails (inside the look's read: its first 5 s)
TIMES_AT = np.arange(0, 5, 0.2)


def _eio():
    return av.OSError(errno.EIO, "Input/output error")


def _stall():  # (a read that brought nothing for the reader's bound: ``core.file_open``'s interrupt)
    return av.ExitError(-1414092869, "Immediate exit requested")


def _failing(packets, after: int, error=_eio):
    for n, packet in enumerate(packets):
        if n >= after:
            raise error()
        yield packet


def _first_demux_fails(monkeypatch, error=_eio):
    """The reader's first demux (the one a look reads ahead) fails after ``AFTER`` packets, once: the file opened
    again reads (a share that answered again, a sector read on a retry)."""
    init = reader_packets.Head.__init__
    monkeypatch.setattr(reader_packets.Head, "__init__",
                        lambda self, packets, *a: init(self, _failing(packets, AFTER, error), *a))


@pytest.fixture
def clip(tmp_path):
    path = str(tmp_path / "clip.mkv")
    write_clip(path, fmt="matroska", seconds=5)  # (30 frames a second, B-frames: its rate and stills looked at)
    return path


def _read(path):
    return FrameSampler(size=32, skip="nonref").frames_at(path, TIMES_AT)  # (indexing's way: the look at open)


@pytest.mark.parametrize("error", [_eio, _stall])
def test_a_read_error_or_stall_the_look_met_once_does_not_fail_the_file(clip, monkeypatch, error):
    clean = _read(clip)
    _first_demux_fails(monkeypatch, error)
    got = _read(clip)  # (was: MediaError, cannot read the file (Input/output error); DecodeTimeout)
    np.testing.assert_array_equal(got.times, clean.times)
    np.testing.assert_array_equal(got.frames, clean.frames)


def test_an_error_that_stays_is_met_by_the_reader_as_before(clip, monkeypatch):
    _first_demux_fails(monkeypatch)
    again = getattr(reader_packets, "_opened_again", None)
    monkeypatch.setattr(reader_packets, "_opened_again", lambda *a: _failing(again(*a), AFTER), raising=False)
    with pytest.raises(MediaError, match="Input/output error"):
        _read(clip)


def test_every_look_after_the_error_fails_as_the_first(tmp_path, monkeypatch):
    shut, again = [], getattr(reader_packets, "_opened_again", None)

    def opened_again(*a):
        try:
            yield from again(*a)
        finally:
            shut.append(1)

    monkeypatch.setattr(reader_packets, "_opened_again", opened_again, raising=False)
    path = str(write_slides(tmp_path / "slides.mkv", "matroska"))  # (a slide every 3 s, said to be 30 fps)
    clean = FrameSampler(size=None).open(path)
    try:
        assert sparse_rate.sparser(clean, 1.0)  # (read whole: a slideshow)
        wanted = [clean.at(t)[1].to_ndarray() for t in (0.5, 4.0, 10.0)]
    finally:
        clean.close()
    reader = FrameSampler(size=None).open(path)  # (every frame decoded: no look at open; asked in the recheck's order)
    try:
        reader.head._packets = _failing(reader.head._packets, 3)  # (a few packets on from those the probe read)
        assert not sparse_rate.stills(reader)
        takes = reader._head_takes[1]
        assert takes[sparse_rate._Head].failed
        assert not sparse_rate.sparser(reader, 1.0)  # (was: True, from the packets before the error)
        assert takes[sparse_rate._Sparse].failed
        got = [reader.at(t)[1].to_ndarray() for t in (0.5, 4.0, 10.0)]  # (read on: the bytes read again)
        for a, b in zip(got, wanted):
            np.testing.assert_array_equal(a, b)
        del reader._head_takes
        assert not sparse_rate.sparser(reader, 1.0)  # (after the reader read past it too: failed, as the first)
        assert shut == []
    finally:
        reader.close()
    assert shut == [1]  # (the file opened again closed with the reader)


def test_what_is_read_ahead_for_the_look_is_bounded(tmp_path, monkeypatch, opens):
    path = str(write_vfr(tmp_path / "screen.mkv", TIMES, "matroska"))  # (B-frames, stills: its head read for them)
    clean = FrameSampler(size=None).open(path)
    try:
        assert sparse_rate.stills(clean)
        wanted = [clean.at(t)[1].to_ndarray() for t in (0.25, 3.0, 9.0)]
    finally:
        clean.close()
    monkeypatch.setattr(sparse_rate, "AHEAD_BYTES", 2000, raising=False)
    del opens[:]
    reader = FrameSampler(size=None).open(path)  # (every frame decoded: no look at open)
    try:
        assert sparse_rate.stills(reader) and not sparse_rate.sparser(reader, 1.0)  # (the answers of the whole head)
        kept = [p.size for p in reader.head._ahead]
        assert sum(kept[:-1]) < 2000  # (was: every packet the look read, its first 600)
        assert opens == [path, path]  # (the look's own open, past the bound)
        got = [reader.at(t)[1].to_ndarray() for t in (0.25, 3.0, 9.0)]  # (what was read ahead, decoded after)
        for a, b in zip(got, wanted):
            np.testing.assert_array_equal(a, b)
    finally:
        reader.close()
