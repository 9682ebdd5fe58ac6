"""A walk over an MPEG-TS/PS's packets that passes its bound (``packet_walk.WALK_HOLD_BYTES``) inside a
group of pictures bigger than the bound (4K HEVC, 100 Mbit/s screen or game recordings with long
groups) drops what it holds and walks on (``core.packet_walk``), remembering the keyframe met: a
later keyframe at or before the time makes the drop free; where the walk ends in the dropped group
it walks again to that keyframe only and decodes from there (``reader_seek.walked``). Before, the
walk stopped at the bound and decoded every frame from there on to the time: on a 60 s TS with 4 s
groups and the bound below one group, a fresh reader at 20 s decoded 502 frames instead of 3, at
57.3 s 1435 instead of 35. Here the bound is made smaller than one group (the clips are small):
each seek decodes about what it decodes unbounded, the frames are the sequential read's, and a walk
holds no more than the bound.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from core import packet_walk, timeline
from core.media import FrameSampler
from tests.test_seek_matrix import write_clip

FPS, GOP = 25, 100  # (4 s groups of pictures, ~300 KB each as a walk charges them)
BOUND = 80 << 10
MOST = BOUND + 2048 + (16 << 10)  # (the bound and the packet that passed it)
SLACK = 3  # (frames a bounded seek may decode beyond the unbounded one's)
TS_TIMES = [20.0, 27.9, 9.96, 14.0, 25.0, 3.0, 12.52, 0.0]  # (fresh reader: ahead by a walk, by FFmpeg's seek)
JOINED_TIMES = [5.0, 10.0, 20.0, 23.9, 6.0, 17.0, 1.0]  # (a timeline's: back from the file's start)


@pytest.fixture(scope="module")
def clips(tmp_path_factory) -> dict[str, Path]:
    d = tmp_path_factory.mktemp("walk_group_drop")
    ts = write_clip(d / "gop.ts", "mpegts", "libx264", {"bf": "0"}, GOP, [i / FPS for i in range(30 * FPS)], noise=True)
    part = [i / FPS for i in range(12 * FPS)]  # (two 12 s clips joined as ``cat`` joins them: the clock restarts)
    a = write_clip(d / "a.ts", "mpegts", "libx264", {"bf": "0"}, GOP, part, noise=True).read_bytes()
    b = write_clip(d / "b.ts", "mpegts", "libx264", {"bf": "0"}, GOP, part, noise=True).read_bytes()
    (d / "joined.ts").write_bytes(a + b)
    return {"ts": ts, "joined": d / "joined.ts"}


@pytest.fixture
def held(monkeypatch) -> list[int]:
    """The bytes each walk left held (its packets put back to decode)."""
    sizes, real = [], timeline.Packets.walk

    def walk(self, t, seconds, **how):
        met = real(self, t, seconds, **how)
        sizes.append(sum(p.size + 2048 for p in self.ahead if not isinstance(p, timeline.Restart)))
        return met
    monkeypatch.setattr(timeline.Packets, "walk", walk)
    return sizes


def fresh(path: Path, t: float) -> tuple:
    """The frame at ``t`` from a reader of its own, and how many frames it decoded for it."""
    reader = FrameSampler(size=None, _strategy="seek")._open(str(path))
    try:
        before = reader.decoded
        got = reader.at(t)
        return reader.decoded - before, got and (round(got[0], 6), got[1].to_ndarray(format="rgb24").tobytes())
    finally:
        reader.close()


def in_turn(path: Path, times: list[float], strategy: str = "seek") -> tuple[list, list]:
    """The frames at ``times`` from one reader in turn, and the frames decoded for each."""
    reader = FrameSampler(size=None, _strategy=strategy)._open(str(path))
    counts, frames = [], []
    try:
        for t in times:
            before = reader.decoded
            got = reader.at(t)
            counts.append(reader.decoded - before)
            frames.append(got and (round(got[0], 6), got[1].to_ndarray(format="rgb24").tobytes()))
        return counts, frames
    finally:
        reader.close()


@pytest.mark.parametrize("name,times", [("ts", TS_TIMES), ("joined", JOINED_TIMES)])
def test_a_walk_past_its_bound_in_a_big_group_decodes_from_the_keyframe_before_the_time(clips, monkeypatch, held,
                                                                                         name, times):
    path = clips[name]
    want = in_turn(path, times, "sequential")[1]
    monkeypatch.setattr(packet_walk, "WALK_HOLD_BYTES", 1 << 40)
    free = [fresh(path, t) for t in times]
    free_turn = in_turn(path, times)
    assert [f for _, f in free] == want and free_turn[1] == want
    monkeypatch.setattr(packet_walk, "WALK_HOLD_BYTES", BOUND)
    held.clear()
    bounded = [fresh(path, t) for t in times]
    turn = in_turn(path, times)
    assert [f for _, f in bounded] == want and turn[1] == want  # (the sequential read's frames)
    for t, (n, _), (m, _) in zip(times, bounded, free):  # (was 450 more frames decoded at 20 s)
        assert n <= m + SLACK, (name, t, n, m)
    for t, n, m in zip(times, turn[0], free_turn[0]):
        assert n <= m + SLACK, (name, t, n, m)
    assert held and max(held) <= MOST  # (what a walk holds stays bounded)
