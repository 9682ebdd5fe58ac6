"""MPEG-PS clips joined byte for byte where one is 2-3 frames long (a camcorder clip stopped at once):
both clocks start at the same time, so the next clip's keyframe goes back only a frame or two from the
short clip's last timed packet, under a jump (``part_cuts.BACK_S``), and the scan did not cut the short clip
from the next (``part_cuts.behind`` needs untimed frames between): 6 s + 0.08 s + 6 s read 12.0 s long, the
short clip's frames and every later frame 2-3 frames early, read through and sought alike; an MPEG-2 short
clip's last P-frame took its genpts time from inside the next clip (``ps_genpts``). A keyframe going back to
or before its run's first decoding time now starts the clock again (``part_cuts.restarted``): a part of its
own, never run into the one before (``Segment.restart``), its frames told from the short clip's however
little their times step back (``Timeline.frame_seconds``), and ``ps_genpts`` ends the short clip there."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.test_ps_joined_seek import FPS, frames, write_ps


def joined(tmp_path: Path, codec: str, bf: int, order) -> tuple[Path, list[Path]]:
    """Clips of ``order``'s lengths (``write_ps``, each its clock from the start) joined byte for byte."""
    tmp_path.mkdir(parents=True, exist_ok=True)
    parts = [write_ps(tmp_path / f"p{k}.vob", codec, s, shade=40 * k, bf=bf) for k, s in enumerate(order)]
    path = tmp_path / "joined.vob"
    path.write_bytes(b"".join(p.read_bytes() for p in parts))
    return path, parts


def wanted(parts: list[Path], order, times: list[float]) -> list[tuple[float, bytes]]:
    """The frame each of ``times`` shows, the parts one after the other: frame k of a part at k / FPS."""
    own = [[px for _, px in frames("sequential", p, [(k + 0.25) / FPS for k in range(round(s * FPS))])]
           for p, s in zip(parts, order)]
    out = []
    for t in times:
        at = 0.0
        for pics, seconds in zip(own, order):
            if t < at + seconds or pics is own[-1]:
                k = min(int((t - at) * FPS + 1e-6), len(pics) - 1)
                out.append((round(at + k / FPS, 6), pics[k]))
                break
            at += seconds
    return out


@pytest.mark.parametrize("order", [(6.0, 0.08, 6.0), (6.0, 0.12, 6.0), (0.08, 6.0, 6.0)], ids=["2f", "3f", "2f-first"])
@pytest.mark.parametrize("codec,bf", [("mpeg2video", 0), ("mpeg2video", 2), ("libx264", 0), ("libx264", 2)])
def test_a_clip_of_2_or_3_frames_between_others_is_a_part_of_its_own(tmp_path, codec, bf, order):
    path, parts = joined(tmp_path, codec, bf, order)
    at = [sum(order[:k]) for k in range(len(order))]
    times = [a + t for a, s in zip(at, order) for t in (0.01, s / 2 + 0.01, s - 0.03)] + [sum(order) - 0.01]
    want = wanted(parts, order, times)
    assert frames("sequential", path, times) == want
    for t, w in zip(times, want):  # (each a fresh reader: a thumbnail, search's jump)
        assert frames("seek", path, [t]) == [w], t
    from core.media import probe

    assert probe(str(path)).duration == pytest.approx(sum(order), abs=1e-6)


@pytest.mark.parametrize("short", [0.08, 0.12])
@pytest.mark.parametrize("codec,bf", [("mpeg2video", 2), ("libx264", 0)])
def test_so_in_an_mpeg_ts(tmp_path, codec, bf, short):
    """The same clips in MPEG-TS, which read alike (12.0 s long, the last clip's frames 2-3 frames early): the
    clip after the short one is compared (a short clip alone is too short for FFmpeg to open)."""
    order = (6.0, short, 6.0)
    parts = [write_ps(tmp_path / f"p{k}.ts", codec, s, shade=40 * k, bf=bf, fmt="mpegts") for k, s in enumerate(order)]
    path = tmp_path / "joined.ts"
    path.write_bytes(b"".join(p.read_bytes() for p in parts))
    start, inside = 6.0 + short, [0.01, 0.05, 3.01, 5.97]
    want = [(round(start + t, 6), px) for t, px in frames("sequential", parts[2], inside)]
    assert frames("sequential", path, [start + t for t in inside]) == want
    assert [frames("seek", path, [start + t])[0] for t in inside] == want
    from core.media import probe

    assert probe(str(path)).duration == pytest.approx(sum(order), abs=1e-6)
