"""A seek in a file read through a timeline (joined MPEG-TS clips, an FLV whose clock starts again, a
Dahua DVR file with a gap) goes to the keyframe before the time by its bytes (``core.timeline_seek``;
the DVR file opened again from there, its first second's times made a straight read's): a fresh reader asked for
a time near the end of a long file read every packet from the file's start (a results grid of 10
thumbnails from an hour-long DVR file read it 10 times). The cost is counted in packets demuxed;
the frames stay the sequential read's, and a byte seek that lands elsewhere reads from the start."""

from __future__ import annotations

import random

import pytest

from core import av_reader, reader_packets, timeline_seek
from core.media import FrameSampler
from tests.test_dhav import write_dav
from tests.test_reader_flv_restart import FPS as FLV_FPS
from tests.test_reader_flv_restart import write as write_flv
from tests.test_timestamp_restarts import FPS, write_ts

GOP = 10  # (the clips' frames a group of pictures: 1 s at FPS)


@pytest.fixture(scope="module")
def files(tmp_path_factory):
    """Three 20 s clips joined as ``cat`` joins them (their clocks start again at each), an FLV
    whose clock starts again half-way (10 s), and a DVR file of 40 s whose recording stops 20 s in
    and resumes 30.5 s later (its keyframes, at whole seconds before, half-way through one after)."""
    d = tmp_path_factory.mktemp("tlseek")
    ts = d / "joined.ts"
    ts.write_bytes(b"".join(write_ts(d / f"{k}.ts", [(k * 50 + i) % 256 for i in range(20 * FPS)], gop=GOP).read_bytes()
                            for k in range(3)))
    dav = write_dav(d / "gap.dav", [i % 256 for i in range(40 * FPS)], jump_at=20 * FPS, jump_s=30.5)
    return {"ts": (ts, GOP), "flv": (write_flv(d / "restart.flv"), FLV_FPS), "dav": (dav, GOP)}


def sequential(path, times, skip: str = "none"):
    """The sequential read's answers at ``times`` (sorted): (time, pixels) each."""
    got = FrameSampler(size=None, skip=skip, _strategy="sequential").frames_at(str(path), sorted(times))
    return dict(zip(sorted(times), ((round(float(t), 6), f.tobytes()) for t, f in zip(got.times, got.frames))))


def demuxed(monkeypatch) -> list:
    """Counts the packets (with a timestamp) a reader demuxes from here on."""
    count, note = [0], reader_packets.note_packet

    def counted(reader, packet):
        count[0] += 1
        return note(reader, packet)

    monkeypatch.setattr(reader_packets, "note_packet", counted)
    return count


def at(reader, t):
    got = reader.at(t)
    return round(float(got[0]), 6), got[1].to_ndarray(format="rgb24").tobytes()


@pytest.mark.parametrize("kind", ["ts", "flv", "dav"])
def test_a_fresh_reader_seeks_near_the_end_reading_two_groups_not_the_file(files, kind, monkeypatch):
    path, gop = files[kind]
    reader = FrameSampler(size=None)._open(str(path))
    try:
        t = reader.info.duration - 1.5
        want = sequential(path, [t])[t]
        count = demuxed(monkeypatch)
        assert at(reader, t) == want
        # (the old walk from the file's start: 586 packets of the TS's 600, 223 of the FLV's 250)
        assert count[0] <= 2 * gop + 2, count[0]
    finally:
        reader.close()


@pytest.mark.parametrize("skip", ["none", "nonref", "nonkey"])
@pytest.mark.parametrize("kind", ["ts", "flv", "dav"])
def test_times_asked_alone_and_back_and_forth_give_the_sequential_reads_frames(files, kind, skip, monkeypatch):
    """(The decoder's skip modes too, against the sequential read skipping alike: indexing's, the quick pass's.)"""
    path, gop = files[kind]
    jumps, jump = [], timeline_seek.jump
    monkeypatch.setattr(timeline_seek, "jump", lambda *a: jumps.append(jump(*a)) or jumps[-1])
    reader = FrameSampler(size=None, skip=skip)._open(str(path))
    try:
        duration, rate = reader.info.duration, gop  # (a group of pictures lasts 1 s in both)
        keys = [k * gop / rate for k in range(1, int(duration))]
        # (not within the last frame: a DVR file's last packet said to last 1 ms ends the stream there
        # for a reader skipping to keyframes, walked or sought alike, where the sequential read gives that frame)
        times = sorted({max(0.0, round(x, 4)) for k in keys for x in (k - 0.01, k, k + 0.01, k + 0.55)} | {0.0, duration - 0.15})
        want = sequential(path, times, skip)
        order = times[:]
        random.Random(7).shuffle(order)
        bad = [t for t in order if at(reader, t) != want[t]]  # (one reader: back and forth)
        assert not bad, bad
        assert jumps.count(True) > len(times) // 4 and False not in jumps  # (sought by bytes, none landing elsewhere)
    finally:
        reader.close()
    for t in times[::3]:  # (a fresh reader each, as a result's thumbnail)
        fresh = FrameSampler(size=None, skip=skip)._open(str(path))
        try:
            assert at(fresh, t) == want[t], t
        finally:
            fresh.close()


def test_a_byte_seek_that_lands_elsewhere_reads_from_the_start(files, monkeypatch):
    path, gop = files["ts"]
    reader = FrameSampler(size=None)._open(str(path))
    try:
        t = reader.info.duration - 1.5
        want = sequential(path, [t])[t]
        key_before = timeline_seek.key_before
        monkeypatch.setattr(timeline_seek, "key_before", lambda tl, t: (lambda k: (k[0], k[1] + 188, k[2]))(key_before(tl, t)))
        count = demuxed(monkeypatch)
        assert at(reader, t) == want
        assert count[0] > 20 * gop  # (a packet one TS packet on: not the keyframe; walked from the start)
    finally:
        reader.close()


def test_a_joined_ts_whose_frames_mostly_come_without_timestamps_is_walked_from_its_start(tmp_path):
    """Its keyframes are timed by counting (``core.untimed_keys``), from what was read before: none is
    sought by its bytes, and its frames are the sequential read's."""
    from tests.test_reader_recheck_12_ts import unstamp, write

    parts = [unstamp(write(tmp_path / f"{k}.ts"), tmp_path / f"{k}u.ts").read_bytes() for k in range(2)]
    path = tmp_path / "joined.mts"
    path.write_bytes(b"".join(parts))
    reader = FrameSampler(size=None)._open(str(path))
    try:
        assert reader.timeline is not None and len(reader.timeline.segments) == 2
        assert reader.timeline.keys == []
        t = reader.info.duration - 1.5
        assert at(reader, t) == sequential(path, [t])[t]
    finally:
        reader.close()


def test_a_dvr_file_read_forward_a_frame_every_few_seconds_is_not_opened_again_for_each(files, monkeypatch):
    """Opening it again at a keyframe costs more than walking on a few seconds of packets: an indexing
    read (a frame every 5 s, in the decoder's skip mode) walks on, one open for the whole read."""
    path, _ = files["dav"]
    opens, open_video = [], av_reader.open_video
    monkeypatch.setattr(av_reader, "open_video", lambda *a, **k: opens.append(k.get("start", 0)) or open_video(*a, **k))
    times = [5.0 * k for k in range(8)]
    got = FrameSampler(size=None, skip="nonref").frames_at(str(path), times)
    straight = FrameSampler(size=None, skip="nonref", _strategy="sequential").frames_at(str(path), times)
    assert [round(float(t), 6) for t in got.times] == [round(float(t), 6) for t in straight.times]
    assert opens == [], opens  # (the sampler's own open is not counted: the reader opened it again for none)


def test_a_dvr_chunk_date_that_cannot_be_read_fails_the_read_not_its_times(files, monkeypatch):
    """The dates that say where the first second after the keyframe ends are read from the file: a
    read error there (a share that blipped) is the read's failure, tried again later, never frames
    timed on as if the second ran on."""
    from core.errors import MediaError

    path, _ = files["dav"]
    reader = FrameSampler(size=None)._open(str(path))
    try:
        def failing(*a, **k):
            raise OSError(5, "Input/output error")

        monkeypatch.setattr(timeline_seek, "open_bytes", failing)  # (its open of the file: core.bounded_read)
        with pytest.raises(MediaError, match="Input/output error"):
            reader.at(reader.info.duration - 1.5)
    finally:
        reader.close()
