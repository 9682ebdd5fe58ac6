"""A seek that fails (FFmpeg words it EPERM) is walked to from the file's start
(``core.reader_seek.walk``). A walk that met damage before the wanted time, a demuxer's error of
the file's bytes rather than of the disk (``av.InvalidDataError`` where a fragment's data offset
is off, ``av.MemoryError`` where a sample's size is), failed the whole file ("unexpected error:
InvalidDataError…"), though reading straight through the same file ends at the damage: indexed as
far as it plays, with the cut-short note. Now the walk ends there as the straight read does, and
both drain the decoder there, as at a file's end (the straight read lost the frames it held). (An
I/O error of the moment still fails the read: tests/test_read_errors_mid_seek.py.)"""

from __future__ import annotations

import errno
import struct

import av
import numpy as np
import pytest

from core.av_reader import FrameReader
from core.errors import CutShort
from core.media import FrameSampler
from core.momentary import is_momentary
from core.moments import MomentSegmenter

FPS, SECONDS = 10, 30
SEEK = FrameReader._seek_pts


def picture(n: int) -> np.ndarray:
    """Frame ``n``: a colour per second, a bar as wide as its number within the second."""
    img = np.zeros((48, 64, 3), np.uint8)
    img[:] = ((n // FPS) * 53 % 256, (n // FPS) * 97 % 256, 128)
    img[:, : 6 * (n % FPS) + 2] = 255
    return img


def boxes(data: bytes, start: int, end: int):
    at = start
    while at + 8 <= end:
        size, kind = struct.unpack(">I4s", data[at:at + 8])
        if size < 8:
            return
        yield at, size, kind
        at += size


def fragmented_mp4(path, damage: str):
    """A fragmented MP4 (a fragment each second, as cameras and streaming recorders write), one
    of whose fragments halfway in has a damaged field in its sample table: its data offset
    ('offset': FFmpeg's demuxer says InvalidDataError there) or its fourth sample's size
    ('size': it will not allocate the packet, ENOMEM)."""
    with av.open(str(path), "w", options={"movflags": "frag_keyframe+empty_moov"}) as out:
        s = out.add_stream("libx264", rate=FPS)
        s.width, s.height, s.pix_fmt = 64, 48, "yuv420p"
        s.options = {"g": str(FPS), "keyint_min": str(FPS), "sc_threshold": "0", "bf": "2", "threads": "1"}
        for n in range(SECONDS * FPS):
            for packet in s.encode(av.VideoFrame.from_ndarray(picture(n), format="rgb24")):
                out.mux(packet)
        for packet in s.encode():
            out.mux(packet)
    data = bytearray(path.read_bytes())
    moofs = [(at, size) for at, size, kind in boxes(data, 0, len(data)) if kind == b"moof"]
    assert len(moofs) >= SECONDS - 1
    moof, size = moofs[len(moofs) // 2]
    traf = next((at, n) for at, n, kind in boxes(data, moof + 8, moof + size) if kind == b"traf")
    trun = next(at for at, _, kind in boxes(data, traf[0] + 8, sum(traf)) if kind == b"trun")
    flags = int.from_bytes(data[trun + 9:trun + 12], "big")
    assert flags & 0x1 and flags & 0x200 and not flags & 0x100  # (offset, sizes; no durations)
    per = 4 * sum(bool(flags & f) for f in (0x200, 0x400, 0x800))
    first = trun + 16 + 4 + (4 if flags & 0x4 else 0)
    at, value = (trun + 16, 0x80000000) if damage == "offset" else (first + 3 * per, 0x7FFFFFF0)
    data[at:at + 4] = value.to_bytes(4, "big")
    path.write_bytes(bytes(data))
    return path


@pytest.fixture(params=["offset", "size"])
def damaged(request, tmp_path):
    path = fragmented_mp4(tmp_path / f"{request.param}.mp4", request.param)
    with av.open(str(path)) as c:  # (the demuxer stops with an error of the bytes halfway in)
        s = c.streams.video[0]
        got = []
        with pytest.raises(av.FFmpegError) as e:
            for p in c.demux(s):
                got.append(p)
    assert not is_momentary(e.value), e.value  # (damage, not a disk's error of the moment)
    assert SECONDS / 3 < len(got) / FPS < 2 * SECONDS / 3
    return path


def seeks_fail_past(monkeypatch, after_s: float):
    """FFmpeg's seeks to a time past ``after_s`` fail (it says EPERM of every failed seek), as a
    seek that read the damaged bytes would; seeks before it work."""
    def seek(self, pts):
        if (pts - (self.origin or 0)) * self.tb > after_s:
            raise av.PermissionError(errno.EPERM, "Operation not permitted")
        return SEEK(self, pts)

    monkeypatch.setattr(FrameReader, "_seek_pts", seek)


def outcome(path, t: float, strategy: str):
    """What the sampler gives for time ``t``: (the frame's time, its bytes), or where it says the
    file is cut short."""
    try:
        got = FrameSampler(size=None, _strategy=strategy).frames_at(str(path), [t])
    except CutShort as e:
        return ("cut short", e.plays_s, e.claimed_s, e.reason)
    return (float(got.times[0]), got.frames[0].tobytes())


def test_a_failed_seek_walked_over_damage_ends_where_reading_straight_through_does(damaged, monkeypatch):
    straight = outcome(damaged, 25.0, "sequential")
    assert straight[0] == "cut short" and SECONDS / 3 < straight[1] < 2 * SECONDS / 3, straight[:3]
    plays = straight[1]
    wanted = [plays - 0.35, plays - 0.05, plays + 0.5, 25.0]  # (in the last group that plays, after it)
    want = {t: outcome(damaged, t, "sequential") for t in wanted}
    for t in wanted[:2]:  # the frames before the damage play, the last ones too (the decoder drained)
        assert want[t][0] == pytest.approx(int(t * FPS + 1e-6) / FPS), (t, want[t][:1])
    seeks_fail_past(monkeypatch, 0.0)  # every seek fails: each time wanted is walked to
    for t in wanted:
        assert outcome(damaged, t, "seek") == want[t], t


def test_indexing_whose_seek_past_the_damage_fails_indexes_as_far_as_it_plays_with_the_note(damaged, monkeypatch):
    def moments(sampler):
        got = []
        with pytest.raises(CutShort) as cut:
            for m in MomentSegmenter(window_s=2.0, frames_per_moment=2).segment(str(damaged), sampler):
                got.append((m.start, m.end, list(m.frame_times), [f.tobytes() for f in m.frames]))
        return got, cut.value.note(), cut.value.plays_s

    straight = moments(FrameSampler(size=16, _strategy="sequential"))
    assert straight[1].startswith("cut short: plays") and straight[0]
    for before in (1.0, 0.01):  # the seeks up to a time before the damage work; the next fails
        seeks_fail_past(monkeypatch, straight[2] - before)
        assert moments(FrameSampler(size=16, _strategy="seek")) == straight, before


def test_indexing_whose_seek_ahead_past_the_damage_fails_indexes_as_far_as_it_plays_with_the_note(damaged,
                                                                                                   monkeypatch):
    """The indexing reader seeks ahead to keyframes its index lists (``decode_modes.seek_ahead``):
    one whose seek failed failed the file with an unexpected PermissionError; now it is walked to
    from the file's start, as other failed seeks are, and ends at the damage."""
    def moments(sampler):
        got = []
        with pytest.raises(CutShort) as cut:
            for m in MomentSegmenter(window_s=2.0, frames_per_moment=1).segment(str(damaged), sampler):
                got.append((m.start, m.end, list(m.frame_times), [f.tobytes() for f in m.frames]))
        return got, cut.value.note(), cut.value.plays_s

    straight = moments(FrameSampler(size=16, _strategy="sequential"))
    asked = []

    def seek(self, pts):
        asked.append((pts - (self.origin or 0)) * self.tb)
        if asked[-1] > 1.0:
            raise av.PermissionError(errno.EPERM, "Operation not permitted")
        return SEEK(self, pts)

    monkeypatch.setattr(FrameReader, "_seek_pts", seek)
    sampler = FrameSampler(size=16)  # (a frame each 2 s, ahead by less than a seek: seeks ahead)
    assert moments(sampler) == straight
    assert [t for t in asked if t > 1.0], asked
