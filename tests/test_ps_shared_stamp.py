"""A PES's timestamp FFmpeg gives two packets in a row (H.264 in an MPEG-PS: the frame before, whose
tail lies in that PES, and the frame that begins there): the stamp is the later frame's.

The timeline's scan took it for the earlier packet's and counted the later as an untimed frame after
it: a part ending in untimed frames (``core.part_ends``) was counted a frame long, and every part
after it came a frame late (two joined 3 s H.264 clips without B-frames: the second began at 3.04 s,
3.0 s showing the first's last frame)."""

from __future__ import annotations

from pathlib import Path

import av

from core import ps_genpts
from core.media import FrameSampler
from tests.test_ps_joined_seek import write_joined

PART_S = 3.0  # (at 25 fps, GOP 12: a PES boundary lands so that frames 64 and 65 both get frame 65's stamp)


def joined(tmp_path) -> Path:
    return write_joined(tmp_path / "h264-bf0.vob", "libx264", seconds=PART_S, bf=0)


def test_the_clips_have_a_stamp_given_twice(tmp_path):
    """(what the test is about: without it, it would pass for want of the case)"""
    path = joined(tmp_path)
    with av.open(str(path)) as c:
        ps_genpts.off(c)
        stamped = [(p.pos, p.pts) for p in ps_genpts.filled(c.demux(c.streams.video[0])) if p.size and p.pts is not None]
    assert any(a == b for a, b in zip(stamped, stamped[1:]))


def test_the_second_part_starts_where_the_first_ends(tmp_path):
    path = joined(tmp_path)
    times = [PART_S - 0.04, PART_S, PART_S + 0.04]
    for strategy in ("sequential", "seek"):
        got = FrameSampler(size=None, _strategy=strategy).frames_at(str(path), times)
        assert [round(float(t), 6) for t in got.times] == times, strategy
