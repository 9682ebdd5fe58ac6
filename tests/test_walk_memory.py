"""What a walk over an MPEG-TS/PS's packets holds (``timeline.Packets.walk``).

A walk reads the packets on to the last keyframe at or before the wanted time without decoding
them, holding those since the last keyframe met (they are decoded from it). Where no keyframe comes
for a long stretch (H.264 in an MPEG-PS whose small frames share a PES: its keyframes carry no
timestamp, so a walk never meets one; a damaged file; a camera's endless group of pictures) a walk
read to the file's end holding everything it read: a 4 GB recording took GBs of memory, past the
decode process's bound. Now a walk holds at most ``WALK_HOLD_BYTES`` and decodes from what it
holds; the frames are the sequential read's all the same. The bound is made small here (the clips
are a few MB): what a walk holds is counted after each walk (all it held, in these clips, which
hold no keyframe for the stretch walked).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from core import packet_walk, timeline
from core.media import FrameSampler
from tests.test_seek_matrix import write_clip

FPS, SECONDS = 25, 30
BOUND = 48 << 10
COST = 2048  # (what the test charges a held packet beyond its bytes, as the walk does)
MOST = BOUND + COST + (16 << 10)  # (the bound and the packet that passed it)
# name: (format, codec, extension, group of pictures in frames)
CLIPS = {
    "ts-one-key": ("mpegts", "libx264", "ts", 100_000),  # (a keyframe at the start only)
    "ps-h264": ("vob", "libx264", "mpg", 50),  # (2 s groups, keyframes without timestamps)
}
TIMES = [25.0, 3.0, 12.52, 27.9, 14.0, 9.96, SECONDS + 5.0]  # (back, ahead by a walk, far ahead, past the end)


@pytest.fixture(scope="module")
def folder(tmp_path_factory):
    return tmp_path_factory.mktemp("walk_memory")


def clip(folder: Path, name: str) -> Path:
    fmt, codec, ext, gop = CLIPS[name]
    path = folder / f"{name}.{ext}"
    if not path.exists():
        write_clip(path, fmt, codec, {"bf": "0"}, gop, [i / FPS for i in range(SECONDS * FPS)], noise=True)
    return path


def frames(sampler: FrameSampler, path: Path, times: list[float]) -> list:
    got = sampler.frames_at(str(path), times)
    return [(round(float(t), 6), f.tobytes()) for t, f in zip(got.times, got.frames)]


@pytest.fixture
def held(monkeypatch) -> list[int]:
    """The bytes each walk left held (its packets put back to decode), the bound made ``BOUND``."""
    monkeypatch.setattr(packet_walk, "WALK_HOLD_BYTES", BOUND, raising=False)
    sizes, real = [], timeline.Packets.walk

    def walk(self, t, seconds, **how):
        met = real(self, t, seconds, **how)
        sizes.append(sum(p.size + COST for p in self.ahead if not isinstance(p, timeline.Restart)))
        return met
    monkeypatch.setattr(timeline.Packets, "walk", walk)
    return sizes


@pytest.mark.parametrize("name", list(CLIPS))
def test_a_walk_over_a_long_stretch_without_keyframes_holds_a_bounded_share_and_gives_the_same_frames(folder, held,
                                                                                                       name):
    path = clip(folder, name)
    assert path.stat().st_size > 8 * BOUND  # (a walk to its end held it all)
    want = frames(FrameSampler(size=None, _strategy="sequential"), path, TIMES)
    for strategy in ("seek", "auto"):  # (one at a time: seeks back, walks ahead, far ahead)
        held.clear()
        assert [frames(FrameSampler(size=None, _strategy=strategy), path, [t])[0] for t in TIMES] == want
        assert held and max(held) <= MOST, strategy  # (was the whole file's bytes)
    held.clear()
    assert at_each(path, "seek") == at_each(path, "sequential")  # (one reader, every time in turn)
    assert held and max(held) <= MOST


def at_each(path: Path, strategy: str) -> list:
    reader = FrameSampler(size=None, _strategy=strategy)._open(str(path))
    try:
        return [got and (round(got[0], 6), got[1].to_ndarray(format="rgb24").tobytes())
                for got in (reader.at(t) for t in TIMES)]
    finally:
        reader.close()
