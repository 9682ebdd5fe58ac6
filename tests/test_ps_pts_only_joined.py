"""H.264 clips joined byte for byte, one without B-frames before one with them, within what FFmpeg's probe reads
(a phone's or a screen recorder's short clip joined to a camcorder's): FFmpeg's muxer stamped the first clip's
PES with a PTS alone (each frame decoded when it is shown), and FFmpeg's demuxer, its probe having found the
second clip's B-frames, filled each such packet's DTS from the PTS of the stamp before (0.64 s back: small frames
share a PES). The scan took the first PES for stray stamps: 6 s + 6 s read 12.56 s long, the first clip 0.64 s
late, a seek at 5.97 s gave the frame at 5.28 s; 4 s + 4 s never gave the second clip's frames. A PES with a
PTS alone is now decoded at that PTS (``core.pes_dts``, as MPEG-2 Systems says), in the scan and the read.
(A seek into the second clip's last group, timed on from its keyframe, took the first clip's delay: 2 frames
off, left out here until each part had its own delay, ``tests/test_ps_joined_key_delay.py``.)"""

from __future__ import annotations

from pathlib import Path

import pytest

from core.media import probe
from tests.fresh_writer import written_fresh
from tests.test_ps_joined_seek import frames, write_ps
from tests.test_ps_restart_short import wanted

SHAPES = {"6+6": ((6.0, 6.0), (0, 2)), "4+4": ((4.0, 4.0), (0, 2)), "6+0.12+6": ((6.0, 0.12, 6.0), (0, 2, 0))}


def write_joined(path: Path, shape: str) -> Path:
    """``SHAPES[shape]``'s H.264 clips (``write_ps``, each its clock from the start), joined byte for byte."""
    order, bfs = SHAPES[shape]
    parts = [write_ps(path.with_suffix(f".{k}.vob"), "libx264", s, shade=40 * k, bf=bf)
             for k, (s, bf) in enumerate(zip(order, bfs))]
    path.write_bytes(b"".join(p.read_bytes() for p in parts))
    return path


@pytest.mark.slow
@pytest.mark.parametrize("shape", list(SHAPES))
def test_a_clip_without_b_frames_before_one_with_them_reads_at_its_times(tmp_path, shape):
    order, _ = SHAPES[shape]
    path = written_fresh("tests.test_ps_pts_only_joined:write_joined", tmp_path / "joined.vob", shape)
    parts = [path.with_suffix(f".{k}.vob") for k in range(len(order))]
    at = [sum(order[:k]) for k in range(len(order))]
    times = [a + t for a, s in zip(at, order) for t in (0.01, s / 2 + 0.01, s - 0.15)]
    want = wanted(parts, order, times)
    assert probe(str(path)).duration == pytest.approx(sum(order), abs=1e-6)
    assert frames("sequential", path, times) == want
    for t, w in zip(times, want):  # (each a fresh reader: a thumbnail, search's jump)
        assert frames("seek", path, [t]) == [w], t
