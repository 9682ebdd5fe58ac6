"""An MPEG-2 MPEG-PS whose first PES is stamped 60 s on, its PTS and DTS alike (a recorder's glitch at the
file's start), read every frame from about 1 s on a frame late (2 and 3 B-frames), read through and sought.

FFmpeg times an MPEG-2 stream's every frame on from the last stamp it read, so the 16 frames after the
stray keyframe inside its PES came timed 60 s on too: the scan saw a first run of 17 timed packets, a part
of its own, no stray stamp, and placed it whole before the next. As for a stray PTS alone
(``tests/test_ps_stray_first_pts_mpeg2.py``), those frames are now untimed (``part_cuts.stray_lead``, then
``untimed_after``), where the next stamped packet jumps from them and is no keyframe (the rest of their
group; a clip joined after begins at one)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import av
import pytest

from core import part_cuts
from core.media import probe
from tests.test_ps_headed_key_landing import truth
from tests.test_ps_joined_seek import frames
from tests.test_ps_stray_first_stamp import STRAY_60

FRAME = 3600  # (25 a second, 90 kHz)
TIMES = [0.0, 0.1, 0.5, 1.0, 5.0, 12.3, 18.0, 19.0, 19.2, 19.9]


@pytest.fixture(scope="module")
def clips(tmp_path_factory):
    """20 s MPEG-2 VOBs with 2 and 3 B-frames, their first PES's PTS and DTS 60 s on: written by a fresh
    process (PyAV's encoder output varies with what the process encoded before)."""
    folder = tmp_path_factory.mktemp("stray_both")
    code = ("import sys, pathlib; from tests.test_ps_joined_seek import write_ps; "
            "from tests.test_ps_stray_first_stamp import STRAY_60, _stray_start; d = pathlib.Path(sys.argv[1]); "
            "[_stray_start(write_ps(d / f'clean{bf}.vob', 'mpeg2video', 20.0, bf=bf), d / f'stray{bf}.vob', STRAY_60)"
            " for bf in (2, 3)]")
    subprocess.run([sys.executable, "-c", code, str(folder)], check=True, timeout=240,
                   cwd=Path(__file__).resolve().parent.parent)
    return folder


def first_pes_frames(path: Path) -> int:
    """How many frames FFmpeg reads before the second stamped PES, the first one's (the shape: its frames
    without a position of their own, timed on from its stray stamp)."""
    with av.open(str(path)) as c:
        ps = [p for p in c.demux(c.streams.video[0]) if p.size]
    assert ps[0].pts - STRAY_60 > 0 and ps[0].dts - STRAY_60 > 0  # (both stamps 60 s on)
    return next(i for i, p in enumerate(ps[1:], 1) if p.pos is not None and p.pos >= 0)


@pytest.mark.slow
@pytest.mark.parametrize("bf", [2, 3])
def test_an_mpeg2_clip_whose_first_pes_is_stamped_60_s_on_reads_its_true_frames(clips, bf):
    path = clips / f"stray{bf}.vob"
    assert first_pes_frames(path) >= 3  # (a run the scan took for a part)
    assert probe(path).duration == pytest.approx(20.0, abs=0.05)
    true = truth(path)
    want = [true[int(t * 25 + 1e-6)] for t in TIMES]
    assert [t for t, (_, f), w in zip(TIMES, frames("sequential", path, TIMES), want) if f != w] == []  # (was a
    got = [frames("seek", path, [t])[0][1] for t in TIMES]  # frame early from 1.0 s on)
    assert [t for t, g, w in zip(TIMES, got, want) if g != w] == []


def test_the_frames_timed_on_from_a_stray_pes_are_untimed_unless_a_keyframe_comes_after_them():
    # (stream, pos, pts, dts, duration, untimed before): the stray keyframe and 3 frames FFmpeg timed on
    # from its stamps inside its PES (no position), then the next PES's B-frame back at the file's time
    at = lambda n: 45000 + n * FRAME  # noqa: E731
    stray = [(0, 29, STRAY_60 + FRAME, STRAY_60, FRAME, 0), (0, -1, STRAY_60 + 4 * FRAME, STRAY_60 + FRAME, FRAME, 0),
             (0, -1, STRAY_60 + 2 * FRAME, STRAY_60 + 2 * FRAME, FRAME, 0),
             (0, -1, STRAY_60 + 3 * FRAME, STRAY_60 + 3 * FRAME, FRAME, 0)]
    rest = [(0, 2062, at(5), at(5), FRAME, 0), (0, -1, at(9), at(6), FRAME, 0), (0, 4110, at(7), at(7), FRAME, 0)]
    assert part_cuts.stray_lead(stray + rest, [0], 0, 1 / 90000) == 1
    out, keys = part_cuts.untimed_after(stray + rest, [0], 0, 1)
    assert [p[1] for p in out][:2] == [29, 2062] and out[1][5] == 3 and keys == [0]
    # a clip of 4 frames in one PES joined before another, which begins at a keyframe: its own part
    assert part_cuts.stray_lead(stray + rest, [0, 4], 0, 1 / 90000) == 0
    # the first PES's frames running on with the next (no jump): nothing stray
    assert part_cuts.stray_lead([(0, 29, at(1), at(0), FRAME, 0), (0, -1, at(4), at(1), FRAME, 0),
                                 (0, -1, at(2), at(2), FRAME, 0), *rest[1:]], [0], 0, 1 / 90000) == 0
