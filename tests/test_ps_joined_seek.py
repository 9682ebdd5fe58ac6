"""Seeks in MPEG-PS files joined byte for byte (DVD VOBs, camcorder .MPG/.MOD clips: ``cat``), read
through a timeline (``core.timeline``: the clock starts again at each part).

FFmpeg gives a PS packet a byte position only with its PES's timestamp: where small frames share a
PES (these tiny clips; H.264 on DVD and camcorder-like files, a PTS every ~0.7 s) most packets have
none, and a walk took such a packet for one of the segment last handed to the decoder: walked from the
file's start (nothing handed), every keyframe of the second part looked like one of the first, and a
time in the second part gave the first part's last frame (299.96 s for 540 s of two 5-minute clips).
And a seek back, or far ahead, walked every packet from the file's start (the scan listed no keyframe
a PS could be sought to by its bytes). Now each such packet lies in the segment of the positioned
packet read before it, and a seek goes by its bytes to the PES a keyframe before the time begins in
(``timeline_seek.jump``), then walks on as from the file's start: the sequential read's frames. (And
H.264 frames without a timestamp after a seek into a part's last group are timed on from their
keyframe, ``untimed_keys``, not back from the next part's first timed frame: frames off their times.)
"""

from __future__ import annotations

from fractions import Fraction
from pathlib import Path

import av
import numpy as np
import pytest

from core import reader_packets
from core.media import FrameSampler
from tests import ps_writer

FPS, PART_S = 25, 20
SIZE = (64, 48)
GOPS = {"mpeg2video": 15, "libx264": 12}  # (a DVD's 15; a camcorder's 12)


def picture(i: int, shade: int = 0) -> np.ndarray:
    """Frame ``i``: a flat shade (changing every second) and a red square moving along a row."""
    w, h = SIZE
    img = np.empty((h, w, 3), np.uint8)
    img[:] = (90, 100 + ((i // FPS) * 3 + shade) % 120, 110)
    x = (i * 3) % (w - 16)
    img[8:24, x:x + 16] = (230, 40, 40)
    return img


def write_ps(path: Path, codec: str, seconds: float, shade: int = 0, bf: int = 2, fmt: str = "vob") -> Path:
    """``seconds`` of ``picture`` in an MPEG-PS as FFmpeg's muxer writes one (small frames share a
    PES and its one timestamp), ``codec`` (``mpeg2video`` or ``libx264``), a keyframe every ``GOPS``."""
    gop = GOPS[codec]
    with av.open(str(path), "w", format=fmt) as out:
        s = out.add_stream(codec, rate=FPS)
        s.width, s.height, s.pix_fmt = SIZE[0], SIZE[1], "yuv420p"
        s.codec_context.time_base = Fraction(1, FPS)
        s.options = ({"g": str(gop), "sc_threshold": "0", "bf": str(bf), "preset": "ultrafast"} if codec == "libx264"
                     else {"g": str(gop), "bf": str(bf)})
        for i in range(int(seconds * FPS)):
            f = av.VideoFrame.from_ndarray(picture(i, shade), format="rgb24")
            f.pts, f.time_base = i, Fraction(1, FPS)
            out.mux(s.encode(f))
        out.mux(s.encode())
    return path


def write_standard(path: Path, seconds: float, bf: int = 2) -> Path:
    """MPEG-2 in an MPEG-PS stamped as MPEG-2 Systems means (``tests.ps_writer``: DVD authoring tools',
    camcorders'), in PES of 2000 bytes, every 3rd stamped, a keyframe every 15 frames."""
    pics = ps_writer.pictures(int(seconds * FPS), FPS, {"bf": str(bf), "g": "15"}, size=SIZE)
    return ps_writer.write(path, pics, [(45000 + 3600 * pts, 45000 + 3600 * dts) for _, pts, dts, _ in pics], 2000, "sparse")


def write_joined(path: Path, codec: str, parts: int = 2, seconds: float = PART_S, bf: int = 2) -> Path:
    """``parts`` clips of ``write_ps`` (``codec`` "standard": ``write_standard``) joined byte for
    byte, each its clock from 0 (``cat``)."""
    with open(path, "wb") as out:
        for k in range(parts):
            part = path.with_suffix(f".{k}.vob")
            out.write((write_standard(part, seconds, bf) if codec == "standard" else
                       write_ps(part, codec, seconds, shade=40 * k, bf=bf)).read_bytes())
    return path


_JOINED: dict = {}  # (codec, bf): the joined clip written for this session's tests (read only)


def joined_clip(tmp_path_factory, codec: str, bf: int) -> Path:
    """``write_joined``'s two parts of ``codec`` with ``bf`` B-frames, written once a session."""
    if (codec, bf) not in _JOINED or not _JOINED[codec, bf].exists():
        _JOINED[codec, bf] = write_joined(tmp_path_factory.mktemp("ps_joined") / f"{codec}-bf{bf}.vob", codec, bf=bf)
    return _JOINED[codec, bf]


@pytest.fixture(scope="module", params=[("mpeg2video", 2), ("standard", 2), ("libx264", 2), ("libx264", 0)],
                ids=["mpeg2-bf2", "mpeg2-standard-bf2", "h264-bf2", "h264-bf0"])
def joined(request, tmp_path_factory) -> Path:
    return joined_clip(tmp_path_factory, *request.param)


def positionless(path: Path) -> float:
    """The share of the video's packets FFmpeg gives no byte position."""
    with av.open(str(path)) as c:
        packets = [p for p in c.demux(c.streams.video[0]) if p.size]
    return sum(p.pos is None or p.pos < 0 for p in packets) / len(packets)


def frames(strategy: str, path: Path, times: list[float]) -> list:
    got = FrameSampler(size=None, _strategy=strategy).frames_at(str(path), times)
    return [(round(float(t), 6), f.tobytes()) for t, f in zip(got.times, got.frames)]


def counting_demux(monkeypatch) -> list[int]:
    """``[n]``: the packets every reader demuxes from now on (``reader_packets.demuxed`` counted)."""
    count, real = [0], reader_packets.demuxed

    def counted(reader):
        for packet in real(reader):
            count[0] += 1
            yield packet

    monkeypatch.setattr(reader_packets, "demuxed", counted)
    return count


def demuxed_for(path: Path, t: float, monkeypatch) -> tuple[int, tuple]:
    """Packets a fresh reader demuxes after its probe for the frame shown at ``t``, and that frame."""
    real = reader_packets.demuxed
    count = counting_demux(monkeypatch)
    sampler = FrameSampler(size=None, _strategy="seek")
    reader = sampler._open(str(path))
    try:
        assert reader.timeline is not None and len(reader.timeline.segments) == 2
        count[0] = 0
        time, frame = reader.at(t)
        return count[0], (round(float(time), 6), sampler._convert(frame, reader.view).tobytes())
    finally:
        reader.close()
        monkeypatch.setattr(reader_packets, "demuxed", real)


TIMES = [36.0, 8.0, 39.5, 20.02, 27.3, 0.5, 19.96, 33.0, 12.0]  # (back and forth, both parts, the join)


def test_the_joined_clips_mostly_have_packets_without_a_position(joined):
    assert positionless(joined) > 0.5


def test_each_time_alone_gives_the_sequential_reads_frame(joined):
    want = frames("sequential", joined, TIMES)
    for strategy in ("seek", "auto"):
        for t, w in zip(TIMES, want):
            got = frames(strategy, joined, [t])
            assert got == [w], (strategy, t, got[0][0], w[0])


def test_one_reader_back_and_forth_gives_the_sequential_reads_frames(joined):
    want = frames("sequential", joined, TIMES)
    sampler = FrameSampler(size=None, _strategy="seek")
    reader = sampler._open(str(joined))
    try:
        for t, w in zip(TIMES, want):
            time, frame = reader.at(t)
            assert (round(time, 6), sampler._convert(frame, reader.view).tobytes()) == w, (t, time, w[0])
    finally:
        reader.close()


def test_a_late_time_is_read_from_a_keyframe_near_it_not_from_the_files_start(joined, monkeypatch):
    """A fresh reader (a thumbnail, the preview) at 38 s of 40: a few groups of packets, where a walk
    from the file's start demuxed about all of them (~1000)."""
    want = frames("sequential", joined, [38.0])[0]
    packets, got = demuxed_for(joined, 38.0, monkeypatch)
    assert got == want
    assert packets <= 4 * GOPS["mpeg2video"] + 2 * FPS, packets  # (the PES before, the second's slack, a group or two)


@pytest.mark.parametrize("skip", ["none", "nonref", "nonkey"])
def test_times_around_every_keyframe_back_and_forth_and_fresh_give_the_sequential_reads_frames(joined, skip, monkeypatch):
    """In the decoder's skip modes too (indexing's, the quick pass's), against the sequential read
    skipping alike; most seeks go by bytes (``timeline_seek.jump``)."""
    import random

    from core import timeline_seek

    jumps, jump = [], timeline_seek.jump
    monkeypatch.setattr(timeline_seek, "jump", lambda *a: jumps.append(jump(*a)) or jumps[-1])
    gop = GOPS["libx264" if "264" in joined.name else "mpeg2video"] / FPS  # (libx264-bf2.vob)
    keys = [k * gop for k in range(int(PART_S / gop) + 1)]
    times = sorted({round(p * PART_S + x, 4) for p in (0, 1) for k in keys for x in (k - 0.01, k, k + 0.01, k + gop / 2)
                    if 0 <= p * PART_S + x < 2 * PART_S - 0.1})
    got = FrameSampler(size=None, skip=skip, _strategy="sequential").frames_at(str(joined), times)
    want = dict(zip(times, ((round(float(t), 6), f.tobytes()) for t, f in zip(got.times, got.frames))))
    order = times[:]
    random.Random(7).shuffle(order)
    sampler = FrameSampler(size=None, skip=skip, _strategy="seek")
    reader = sampler._open(str(joined))
    decoded = []
    try:
        for t in order:
            before = reader.decoded
            time, frame = reader.at(t)
            decoded.append(reader.decoded - before)
            got = (round(float(time), 6), sampler._convert(frame, reader.view).tobytes())
            assert got == want[t], (t, time, want[t][0])
    finally:
        reader.close()
    assert jumps.count(True) > len(times) // 4, (jumps.count(True), jumps.count(False), len(times))
    # each time decodes a group or two and the frames held until a timed one (~1 s): H.264's, 4.08 s
    # then 6.0 s took the frames held since 4.08 s for the keyframe's, an intra refresh's P-frame,
    # and seeks stopped: every later time read from the file's start (873 frames for 38.73 s)
    assert max(decoded) <= 2 * FPS + 2 * gop * FPS, (max(decoded), sum(decoded))
    for t in times[::5]:  # (a fresh reader each, as a result's thumbnail)
        got = FrameSampler(size=None, skip=skip, _strategy="seek").frames_at(str(joined), [t])
        assert [(round(float(x), 6), f.tobytes()) for x, f in zip(got.times, got.frames)] == [want[t]], t


@pytest.mark.parametrize("bf", [0, 2])
def test_the_second_part_starts_where_the_first_ends(tmp_path_factory, bf):
    """Two joined 20 s H.264 clips: the second part's frames at 20 s on, as it reads alone. They came
    0.88 s late without B-frames, 0.28 s with: the scan ended the first part at its last timed packet
    plus what it took for a frame's step, the median step between timed packets (~1 s), not where its
    untimed last frames end, 20 s (``core.part_ends``; MPEG-2's, FFmpeg timing every packet, passed)."""
    path = joined_clip(tmp_path_factory, "libx264", bf)
    joined = frames("sequential", path, [PART_S + 0.02, PART_S + 10.0])
    alone = frames("sequential", path.with_suffix(".1.vob"), [0.02, 10.0])  # (the second part read alone)
    assert joined == [(round(PART_S + t, 6), pixels) for t, pixels in alone]


@pytest.mark.parametrize("bf", [0, 2])
def test_keyframes_only_a_time_in_the_untimed_last_frames_gives_the_last_keyframe(tmp_path_factory, bf):
    """A 20 s H.264 clip read keyframes only (the quick pass): its last timed packet is at 19 s, the
    frames after it have no timestamp. A time among them (19.8 s, 19.95 s) answered None, past the
    end: the packets read said the stream played to 19.72 s. Now they count a frame each on from the
    timed one before (``reader_packets``): the last keyframe's (19.68 s), the stream playing 20 s.
    (Joined, the second part's last second read so; it came late before, past those times.)"""
    path = joined_clip(tmp_path_factory, "libx264", bf).with_suffix(".0.vob")  # (its first part: ``write_ps``'s)
    sampler = FrameSampler(size=None, skip="nonkey", _strategy="seek")
    reader = sampler._open(str(path))
    try:
        got = [reader.at(t) for t in (PART_S - 0.2, PART_S - 0.05)]
        last_key = (PART_S * FPS - 1) // GOPS["libx264"] * GOPS["libx264"] / FPS  # (19.68 s)
        assert [g and round(float(g[0]), 6) for g in got] == [last_key] * 2
        assert reader.played_s() == pytest.approx(PART_S)
    finally:
        reader.close()


def test_a_seek_forward_after_one_back_goes_by_bytes_not_walking_on(joined, monkeypatch):
    """The preview scrubbed: read on to 39 s, back to 2 s, then on to 30 s. The seek forward went by
    its bytes only where the keyframe lay past the furthest packet ever read (39 s): from 2 s it
    walked 28 s of packets (~700); now past those read since the seek back."""
    want = frames("sequential", joined, [30.0])[0]
    count = counting_demux(monkeypatch)
    sampler = FrameSampler(size=None, _strategy="seek")
    reader = sampler._open(str(joined))
    try:
        reader.at(39.0)
        reader.at(2.0)
        count[0] = 0
        time, frame = reader.at(30.0)
        assert (round(float(time), 6), sampler._convert(frame, reader.view).tobytes()) == want
        assert count[0] <= 4 * GOPS["mpeg2video"] + 2 * FPS, count[0]
    finally:
        reader.close()
