"""One packet stamped hours off (a stray timestamp, which the reader times by order) stretched how
far the reader took the stream to play (``FrameReader.packet_end``: ``played_s`` and the end ``at``
answers None past): a 20 s DVD VOB whose last frame's packet was stamped 3 hours on was indexed as
3 hours long (its last moment 0:16.0-3:00:20.0), and a 20 s MPEG-TS read through answered its last
frame, not its end, for any time up to 3 hours. A clock that jumps and runs on (no timeline cuts
it) keeps its length."""

from __future__ import annotations

import numpy as np
import pytest

av = pytest.importorskip("av")

from core import timeline  # noqa: E402
from core.media import FrameSampler, probe  # noqa: E402
from tests.test_timestamp_restarts import FPS, number, picture, write_ts  # noqa: E402

HOURS_3 = 90000 * 3 * 3600


def _heads(data: bytearray) -> list[int]:
    """Where each video PES header that carries a PTS starts."""
    return [i for i in range(len(data) - 14)
            if data[i:i + 4] == b"\x00\x00\x01\xe0" and data[i + 6] & 0xC0 == 0x80 and data[i + 7] & 0x80]


def _get(data, at: int) -> int:
    b = data[at:at + 5]
    return ((b[0] >> 1) & 7) << 30 | b[1] << 22 | (b[2] >> 1) << 15 | b[3] << 7 | b[4] >> 1


def _set(data: bytearray, at: int, pts: int) -> None:
    pts %= 1 << 33
    b = data[at:at + 5]
    data[at:at + 5] = bytes([(b[0] & 0xF0) | ((pts >> 29) & 0x0E) | 1, (pts >> 22) & 0xFF, ((pts >> 14) & 0xFE) | 1,
                             (pts >> 7) & 0xFF, ((pts << 1) & 0xFE) | 1])


def _shift(data: bytearray, head: int, by: int, dts: bool = False) -> None:
    """PES header ``head``'s PTS (and DTS) ``by`` ticks on."""
    _set(data, head + 9, _get(data, head + 9) + by)
    if dts and data[head + 7] & 0x40:
        _set(data, head + 14, _get(data, head + 14) + by)


def _far(path) -> int:
    with av.open(str(path)) as c:
        s = c.streams.video[0]
        return sum(p.pts is not None and p.pts > HOURS_3 for p in c.demux(s))


def _read_through(path, skip: str):
    reader = FrameSampler(size=None, skip=skip)._open(path)
    try:
        got = [reader.at(t / 2) for t in range(0, 40)] + [reader.at(19.95)]  # (0 to 20 s)
        return got, reader.at(25.0), reader.at(100.0), reader.played_s()
    finally:
        reader.close()


@pytest.mark.parametrize("skip", ["none", "nonref", "nonkey"])
def test_a_ts_read_through_a_stray_packet_ends_where_its_frames_do(tmp_path, skip):
    path = write_ts(tmp_path / "stray.ts", [n % 256 for n in range(200)])
    data = bytearray(path.read_bytes())
    _shift(data, _heads(data)[30], HOURS_3)  # (frame 30's packet, in decoding order)
    path.write_bytes(bytes(data))
    assert _far(path) == 1 and probe(path).duration == pytest.approx(20.0, abs=0.11)
    got, after, far, played = _read_through(path, skip)
    assert got[-1] is not None and got[-1][0] >= 19.0
    assert after is None and far is None  # (was its last frame, for any time up to 3 hours)
    assert played == pytest.approx(20.0, abs=0.11)  # (was 10803.1)


def _vob(path, frames: int = 200):
    """A DVD VOB (MPEG-2 in MPEG-PS) in which each frame's packet starts a PES of its own (noise
    keeps each frame past a pack): a stray PES stamps one packet."""
    rng = np.random.default_rng(0)
    with av.open(str(path), "w", format="dvd", options={"packetsize": "2048"}) as out:
        s = out.add_stream("mpeg2video", rate=FPS)
        s.width, s.height, s.pix_fmt = 64, 48, "yuv420p"
        s.options = {"g": "10", "qscale": "1"}
        s.codec_context.flags |= av.codec.context.Flags.qscale  # (a fixed, fine quantiser: large frames)
        for n in range(frames):
            img = picture(n % 256)
            img[24:] = rng.integers(0, 256, (24, 64, 3), np.uint8)
            for p in s.encode(av.VideoFrame.from_ndarray(img, format="rgb24")):
                out.mux(p)
        for p in s.encode():
            out.mux(p)
    return path


def test_a_vob_whose_last_packet_is_stamped_hours_on_is_indexed_as_long_as_it_plays(tmp_path):
    from tests.test_cut_short import run, video

    folder = tmp_path / "videos"
    folder.mkdir()
    path = _vob(folder / "dvd.vob")
    data = bytearray(path.read_bytes())
    _shift(data, _heads(data)[-1], HOURS_3)
    path.write_bytes(bytes(data))
    assert _far(path) == 1 and probe(path).duration == pytest.approx(19.9, abs=0.11)
    sampler = FrameSampler(size=None, skip="nonref")
    got = list(sampler.iter_at_rate(path, 2.0))
    assert got[-1][0] >= 19.0 and [number(f) for _, f in got] == [round(t * FPS) for t, _ in got]
    assert sampler.ended_at is None or sampler.ended_at <= 20.05  # (was 10820.0)
    run(tmp_path / "lib", folder)
    rec, moments = video(tmp_path / "lib", "dvd.vob")
    assert rec.duration == pytest.approx(19.95, abs=0.11)  # (was 10820.0: 3 hours)
    assert moments[-1].end == pytest.approx(rec.duration)  # (was 0:16.0-3:00:20.0)


@pytest.mark.parametrize("skip", ["none", "nonkey"])
def test_a_clock_that_jumps_and_runs_on_keeps_its_length(tmp_path, monkeypatch, skip):
    """A jump of a minute half-way that no timeline cuts (the file taken for steady): its packets
    run on from the jump, so they count (as before), and a plain 20 s TS is 20 s."""
    plain = write_ts(tmp_path / "plain.ts", [n % 256 for n in range(200)])
    path = tmp_path / "jump.ts"
    data = bytearray(plain.read_bytes())
    heads = _heads(data)
    for head in heads[100:]:
        _shift(data, head, 60 * 90000, dts=True)
    path.write_bytes(bytes(data))
    monkeypatch.setattr(timeline, "steady", lambda *a, **k: True)
    assert _read_through(plain, skip)[3] == pytest.approx(20.0, abs=0.11)
    reader = FrameSampler(size=None, skip=skip)._open(path)
    try:
        assert reader.timeline is None
        while reader._next() is not None:
            pass
        assert reader.played_s() == pytest.approx(80.0, abs=0.11)
    finally:
        reader.close()


@pytest.mark.parametrize("k", [31, 52, 115, 157])
def test_a_stray_packet_first_after_a_seek_does_not_stretch_the_length(tmp_path, k):
    """The first packet after a seek was taken as it came (nothing read yet to judge it by): where
    a seek back landed just before the packet stamped 3 hours on (frame ``k``'s), the 20 s TS then
    played 3 hours. The packets after a seek run on from where it went: one far past it is stray."""
    path = write_ts(tmp_path / "stray.ts", [n % 256 for n in range(200)])
    data = bytearray(path.read_bytes())
    _shift(data, _heads(data)[k], HOURS_3)
    path.write_bytes(bytes(data))
    for t in [round(k / FPS + d / 10, 1) for d in range(-5, 25)]:  # (seeks landing before and on it)
        reader = FrameSampler(size=None)._open(path)
        try:
            reader.at(19.0)
            got = reader.at(t)
            assert got is not None and got[0] == pytest.approx(t, abs=0.11)
            while reader._next() is not None:
                pass
            assert reader.played_s() == pytest.approx(20.0, abs=0.11), t  # (was 10803.4 for 4.9 s)
            assert reader.at(25.0) is None
        finally:
            reader.close()
