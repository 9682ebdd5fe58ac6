"""A short MPEG-2 clip with B-frames in MPEG-PS clips joined byte for byte (6 s + 0.6 s + 6 s, or 0.6 s
first) ended a frame late, and every frame after it came a frame (0.04 s) late, read straight through and
sought alike (at 6.62 s the short clip's last frame, not the next clip's first): FFmpeg's genpts gives
the short clip's last P-frame, which has no timestamp of its own, the decoding time of the first later
I/P-frame, and the next clip, its clock started again, reaches one a frame past where the short clip
ends. ``core.ps_genpts`` still gives FFmpeg's times (``Timeline.far``), and also the time the clip read
alone gives that frame, ending at the join (``Timeline.own``): the scan and the reader take that one."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.test_ps_joined_seek import frames, write_ps


def _joined(tmp_path: Path, order, bf: int):
    parts = [write_ps(tmp_path / f"p{k}.vob", "mpeg2video", s, shade=40 * k, bf=bf) for k, s in enumerate(order)]
    path = tmp_path / "joined.vob"
    path.write_bytes(b"".join(p.read_bytes() for p in parts))
    return path, parts


@pytest.mark.parametrize("order", [(6.0, 0.6, 6.0), (0.6, 6.0, 6.0), (6.0, 1.0, 6.0)])
@pytest.mark.parametrize("bf", [1, 2])
def test_a_short_mpeg2_part_with_b_frames_ends_where_it_ends(tmp_path, order, bf):
    path, parts = _joined(tmp_path, order, bf)
    at, times, want = 0.0, [], []
    for part, seconds in zip(parts, order):
        inside = [0.02, seconds / 2, seconds - 0.05]
        want += [(round(at + t, 6), px) for t, px in frames("sequential", part, inside)]
        times += [at + t for t in inside]
        at += seconds
    assert frames("sequential", path, times) == want
    for t, w in zip(times, want):  # (each a fresh reader: a thumbnail, search's jump)
        assert frames("seek", path, [t]) == [w], t
