"""``ps_genpts.filled`` times an MPEG-PS whose clips are joined byte for byte the same wherever their clock
stands, across its 33-bit wrap too. bb98c00 (a speed-up of e2ff42c's restart rule) looked at a stream's
clock going back only where its raw decoding time was lower than the one before, so a join whose clock
went back across the wrap (the clip before it just past 2**33, the next one just before) did not start
a run: a 2-frame clip after it, followed by a clip whose clock starts again (``part_cuts.restarted``),
was taken for one clip with it, and its last frame was given the next clip's time instead of its own
end, as it is away from the wrap."""

from __future__ import annotations

from types import SimpleNamespace

import pytest

from core import ps_genpts
from core.ps_genpts import WRAP, Packet

FRAME = 3600  # 90 kHz ticks: 25 fps
JUMP = 45_000  # (0.5 s: a jump back this far is a join)


def _joined(start: int) -> list[Packet]:
    """Three clips of one stream joined: 4 frames from ``start``; 3 frames from 4 s before it (a join);
    6 frames from a frame's half before that clip's start (its clock started again). Each clip's first
    frame a keyframe stamped, the others with no presentation time (genpts gives them one)."""
    stream, out = SimpleNamespace(index=0), []
    back = start - 360_000
    for first, frames in ((start, 4), (back, 3), (back - FRAME // 2, 6)):
        for k in range(frames):
            dts = (first + k * FRAME) % WRAP
            out.append(Packet(stream, 100 * len(out), dts + FRAME if k == 0 else None, dts, FRAME, 100, k == 0))
    return out


def _times(start: int) -> list[int]:
    """The presentation times ``filled`` gives the clips from ``start``, from ``start`` on the wrapping clock."""
    return [(p.pts - start) % WRAP for p in ps_genpts.filled(_joined(start), jump=JUMP, own={})]


@pytest.mark.parametrize("start", [100, 200_000], ids=["the first clip just past the wrap", "further past it"])
def test_clips_joined_across_the_wrap_are_timed_as_away_from_it(start):
    away = _times(10_000_000)
    assert away[6] == (-360_000 + 3 * FRAME) % WRAP  # (the 2-frame clip's last frame: its own end)
    assert _times(start) == away
