"""4a711f0 made ``untimed_keys`` time the frames held after a keyframe on from that keyframe, not back
from a later part's timed frame, where that frame puts the keyframe more than 3 frames (0.1 s) from its
guess (it allowed 1 s) and a later part was handed since. Reader 14 had been released without it, and
``Timeline.moved_by_14`` (which 15's one-time check embeds again by) does not count it. Measured
(H.264 VOBs of 6 s + 6 s + 6 s, bf 0 and 2, the second's clock starting 0.1-1 s back from where the first
ends, the third's from 0: 14 files): where 15 cuts the parts as 14 did (``moved_by_14`` 0: kept), the
frames and times read straight through, sought (fresh readers) and indexed (nonref at 2 and 0.5 a
second, keyframes only, every frame at 0.25) were the same under 14's code and 15's; the two where they
differ have a part 14 did not cut (``moved_by_14`` infinite: embedded again). So no file keeps moments
the change moved. Here: kept files read the same with the old rule (``joined`` ignored)."""

from __future__ import annotations

from pathlib import Path

import pytest

from core import untimed_keys
from core.media import FrameSampler
from tests.test_ps_joined_seek import frames, write_ps
from tests.test_ps_short_part import stamped
from tests.test_stray_packet_length import _shift

TIMES = [0.3 * k for k in range(60)]


def _back_join(tmp_path: Path, back: float, bf: int) -> Path:
    """6 s, 6 s whose clock starts ``back`` s before the first's end, 6 s from 0 (a jump: a timeline)."""
    a, b, c = (write_ps(tmp_path / f"{k}.vob", "libx264", 6.0, shade=80 * k, bf=bf) for k in range(3))
    second = bytearray(b.read_bytes())
    for head in stamped(second):
        _shift(second, head, round(90000 * (6.0 - back)), dts=True)
    path = tmp_path / "joined.vob"
    path.write_bytes(a.read_bytes() + bytes(second) + c.read_bytes())
    return path


def _read(path: Path):
    seq = frames("sequential", path, TIMES)
    sought = [frames("seek", path, [t])[0] for t in TIMES[::3]]
    got = FrameSampler(size=16, skip="nonref").at_rate(str(path), 0.5, start=1.0)
    return seq, sought, got.times.tolist(), got.frames.tobytes()


@pytest.mark.slow
@pytest.mark.parametrize(("back", "bf"), [(0.3, 0), (0.7, 0), (0.7, 2), (1.0, 2)])
def test_a_file_15_keeps_reads_the_same_under_the_old_rule(tmp_path, monkeypatch, back, bf):
    path = _back_join(tmp_path, back, bf)
    reader = FrameSampler(size=None)._open(str(path))
    try:
        assert len(reader.timeline.segments) == 3 and reader.timeline.moved_by_14 == 0.0  # (kept by 15's check)
    finally:
        reader.close()
    now = _read(path)
    real = untimed_keys._on_from_key
    monkeypatch.setattr(untimed_keys, "_on_from_key", lambda held, guess, back, step, tb, joined=False:
                        real(held, guess, back, step, tb, False))
    assert _read(path) == now
