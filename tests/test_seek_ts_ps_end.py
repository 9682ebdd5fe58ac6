"""Seeks in an MPEG-TS/PS near its end and past it.

FFmpeg seeks these formats by timestamps found in the bytes: it lands on the frame stamped at the
target, any frame, not the keyframe before, and the decoder rejects the packets from there to the
next keyframe. In the last group of pictures none comes: a seek there decoded nothing, the reader
stepped back 1, 4, 16 s (each decoding nothing while the group was longer), and a time past the end
cost 4 seeks. Where a step decoded nothing more than a few seconds before the end, the reader took
it for an index that lies (``reader_seek.landed``): seeking and seeking ahead stopped for the whole
file, every later time read from its start (a 30 s TS with 10 s groups: 744 frames decoded for its
frame at 29.6 s, and as many again for each time before). Now the reader seeks some way before the
time and walks the packets on to the keyframe at or before it (``reader_seek.by_timestamps``), as
MP4 and Matroska land on it: the frames there, at most 2 seeks past the end, seeking kept on.
"""

from __future__ import annotations

import functools
from pathlib import Path

import pytest

from core import reader_seek
from core.av_reader import FrameReader
from core.media import FrameSampler
from tests.test_seek_matrix import SCENE_CUTS, write_clip

FPS, SECONDS = 25, 30
# name: (format, codec, extension); grain keeps an MPEG-PS's frames one a PES (as a camera's)
KINDS = {"ts": ("mpegts", "libx264", "ts"), "ps": ("vob", "mpeg2video", "mpg")}
GOPS = (12, 30, 250)  # frames: ~0.5 s (broadcast), ~1 s, 10 s (a security camera's)
# (the MPEG-2 clips without scene cuts: their grain made one every 3 frames whatever the GOP, so the PS
# cases had no long group, 248 keyframes of 750; tests.test_seek_matrix.SCENE_CUTS)


@pytest.fixture(scope="module")
def folder(tmp_path_factory):
    return tmp_path_factory.mktemp("ts_ps_end")


def clip(folder: Path, kind: str, gop: int, bf: int) -> Path:
    fmt, codec, ext = KINDS[kind]
    path = folder / f"{kind}-g{gop}-bf{bf}.{ext}"
    if not path.exists():
        write_clip(path, fmt, codec, {"bf": str(bf), **SCENE_CUTS.get(codec, {})}, gop,
                   [i / FPS for i in range(SECONDS * FPS)], noise=kind == "ps")
    return path


def sequential(path: Path, times: list[float]) -> list:
    got = FrameSampler(size=None, _strategy="sequential").frames_at(str(path), times)
    return [(round(float(t), 6), f.tobytes()) for t, f in zip(got.times, got.frames)]


def last_frame_s(path: Path) -> tuple[float, float]:
    """The time of the file's last frame, and its duration (read through once a clip: each clip's 4 tests
    ask it, 750 frames each time)."""
    return _last_frame_s(str(path))


@functools.cache
def _last_frame_s(path: str) -> tuple[float, float]:
    reader = FrameSampler(size=None, _strategy="sequential")._open(path)
    try:
        last = reader.pending
        while (got := reader._next()) is not None:
            last = got
        return last[0], reader.info.duration
    finally:
        reader.close()


@pytest.fixture
def seeks(monkeypatch) -> list:
    """FFmpeg's seeks (``reader_seek.to_pts`` calls), counted."""
    calls, real = [], reader_seek.to_pts
    monkeypatch.setattr(reader_seek, "to_pts", lambda reader, pts: calls.append(pts) or real(reader, pts))
    return calls


CASES = [(k, g, bf) for k in KINDS for g in GOPS for bf in (0, 2)]


@pytest.mark.parametrize("kind,gop,bf", CASES)
@pytest.mark.parametrize("before_end", [0.3, 1.5])
def test_a_time_near_the_end_gives_its_frame_from_the_last_keyframe_before_it(folder, seeks, kind, gop, bf, before_end):
    path = clip(folder, kind, gop, bf)
    last, _ = last_frame_s(path)
    times = [round(last - before_end, 3)]
    want = sequential(path, times)
    seeks.clear()
    sampler = FrameSampler(size=None, _strategy="seek")
    got = sampler.frames_at(str(path), times)
    assert [(round(float(t), 6), f.tobytes()) for t, f in zip(got.times, got.frames)] == want
    assert len(seeks) <= 2  # (was 3 with 10 s groups)
    # from the last keyframe before it (was 714-744 frames with 10 s groups: the file from its start)
    assert sampler.last_stats["grabs"] <= gop + 2


@pytest.mark.parametrize("kind,gop,bf", CASES)
@pytest.mark.parametrize("first", [None, 5.0])
def test_a_time_past_the_end_takes_at_most_two_seeks_and_decodes_the_last_group_only(folder, seeks, kind, gop, bf,
                                                                                     first):
    path = clip(folder, kind, gop, bf)
    last, duration = last_frame_s(path)
    times = ([] if first is None else [first]) + [duration + 5.0]
    want = sequential(path, times)
    assert want[-1][0] == round(last, 6)
    seeks.clear()
    sampler = FrameSampler(size=None)
    got = sampler.frames_at(str(path), times)
    assert [(round(float(t), 6), f.tobytes()) for t, f in zip(got.times, got.frames)] == want
    assert len(seeks) <= 2  # (was 4)
    # (was 251-278: 4 steps back from the time, each decoding nothing, then 16 s before it)
    assert sampler.last_stats["grabs"] <= gop + (first or 0) * FPS + 2


@pytest.mark.parametrize("kind", list(KINDS))
@pytest.mark.parametrize("bf", [0, 2])
def test_seeking_stays_on_after_a_seek_near_the_end_that_first_decodes_nothing(folder, kind, bf):
    """10 s groups: the steps back 1 and 4 s from 25.5 s decoded nothing, and the reader stopped
    seeking for the file: 12 s then decoded from its start (~300 frames), as did every later time."""
    path = clip(folder, kind, 250, bf)
    sampler = FrameSampler(size=None, _strategy="seek")
    reader = sampler._open(str(path))
    try:
        gap = reader.seek_gap_s
        for t, most in ((25.5, 140), (12.0, 55), (29.0, 230), (3.0, 80)):
            before = reader.decoded
            got = reader.at(t)
            assert got is not None and abs(got[0] - t) < 1.0 / FPS + 1e-6
            assert reader.decoded - before <= most, t  # (from the keyframe before t: 20 s, 10 s, 20 s, 0 s)
        assert reader.seek_gap_s == gap and reader.walks
    finally:
        reader.close()


def test_a_seek_that_needed_the_longer_step_does_not_make_every_later_seek_walk_it(folder, seeks, monkeypatch):
    """2 s groups: a time 1.99 s after a keyframe misses it from 2 s before (FFmpeg lands by
    decoding timestamps, the keyframe's two frames before its own) and takes the 16 s step; every
    later seek then started there, walking 16 s of packets (~400) for a keyframe under 2 s back.
    Now the seek after one whose keyframe lay well within a shorter step starts from that step."""
    path = folder / "ts-g50-bf2.ts"
    if not path.exists():
        write_clip(path, "mpegts", "libx264", {"bf": "2"}, 50, [i / FPS for i in range(SECONDS * FPS)])
    read = [0]
    demuxed = FrameReader._demuxed

    def counted(self):
        for packet in demuxed(self):
            read[0] += 1
            yield packet

    monkeypatch.setattr(FrameReader, "_demuxed", counted)
    reader = FrameSampler(size=None, _strategy="seek")._open(str(path))
    try:
        reader.at(29.5)
        seeks.clear()
        got = reader.at(17.99)  # (back: the keyframe at 16 s missed from 15.99 s)
        assert got is not None and abs(got[0] - 17.96) < 1e-6 and len(seeks) == 2
        for n, t in enumerate((5.1, 25.3, 9.7, 3.2, 27.9, 6.6, 28.8)):  # (each back or over 20 s on)
            seeks.clear()
            before, read[0] = reader.decoded, 0
            got = reader.at(t)
            assert got is not None and abs(got[0] - t) < 1.0 / FPS + 1e-6
            assert len(seeks) == 1 and reader.decoded - before <= 2 * FPS, t
            if n > 0:  # (the first still from 16 s: its keyframe found 1.1 s back, the step falls to 2 s)
                assert read[0] <= 4 * FPS, t  # (2 s and where FFmpeg lands before it; was ~400: 16 s)
    finally:
        reader.close()
