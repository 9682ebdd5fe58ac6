"""A seek into an MPEG-2 MPEG-PS read through a timeline (clips joined byte for byte; a first PTS stray)
gave a frame 3 frames late with 3 B-frames (19.0 s: frame 478, not 475), where a read straight through was
right (2 B-frames were).

The seek lands at the PES before the one a keyframe begins in (``core.ps_keys``) and reads on from the
next stamped PES as a straight read does. But where that PES's stamp is the B-frame's after a keyframe
(FFmpeg's muxer stamps the frame whose first byte is in the PES; the keyframe's headers begin there, its
picture in the next: ``core.ps_clock``), it carries a PTS alone and FFmpeg takes the keyframe's decoding
time from its clock, counted from the landing without the untimed frames between: 3 frames early, and so
every frame after it up to the next stamp with a decoding time. The scan now marks such an anchor, and a
keyframe listed by it lands an anchor further back."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import av
import pytest

from core import ps_keys
from tests.test_ps_joined_seek import frames

pytestmark = pytest.mark.slow  # (two clips written by a fresh process, ~70 fresh readers)

FRAME = 3600  # (25 a second, 90 kHz)


def truth(path: Path) -> list[bytes]:
    """Every frame of ``path`` as FFmpeg decodes it straight through, in the order shown."""
    with av.open(str(path)) as c:
        return [f.to_ndarray(format="rgb24").tobytes() for f in c.decode(video=0)]


@pytest.fixture(scope="module")
def clips(tmp_path_factory):
    """Two 20 s MPEG-2 clips (3 B-frames) joined, and one clip whose first PTS alone is 60 s on: written by
    a fresh process (PyAV's encoder output varies with what the process encoded before)."""
    folder = tmp_path_factory.mktemp("headed_key")
    code = ("import sys, pathlib; from tests.test_ps_joined_seek import write_joined, write_ps; "
            "from tests.test_ps_stray_first_stamp import STRAY_60, _stray_start; d = pathlib.Path(sys.argv[1]); "
            "write_joined(d / 'joined.vob', 'mpeg2video', bf=3); "
            "_stray_start(write_ps(d / 'clean.vob', 'mpeg2video', 20.0, bf=3), d / 'stray.vob', STRAY_60, dts=False)")
    subprocess.run([sys.executable, "-c", code, str(folder)], check=True, timeout=240,
                   cwd=Path(__file__).resolve().parent.parent)
    return folder


def headed_keys(path: Path) -> int:
    """How many stamped keyframes share their stamp with the B-frame after them (the shape the fix is for)."""
    with av.open(str(path)) as c:
        ps = [p for p in c.demux(c.streams.video[0]) if p.size]
    return sum(1 for a, b in zip(ps, ps[1:]) if a.is_keyframe and a.pos is not None and a.pos >= 0
               and b.pos is None and b.pts == b.dts == a.pts)


@pytest.mark.parametrize("name,seconds", [("joined.vob", 40), ("stray.vob", 20)])
def test_a_seek_gives_the_true_frame_where_a_keyframes_stamp_is_the_b_frames_after_it(clips, name, seconds):
    path = clips / name
    assert headed_keys(path) >= 1  # (the shape: else the seek could not fail)
    true = truth(path)
    times = sorted({round(0.6 * k, 2) for k in range(int(seconds / 0.6))} | {19.0, seconds - 1.0})
    want = [true[min(len(true) - 1, int(t * 25 + 1e-6))] for t in times]
    assert [t for t, (_, f), w in zip(times, frames("sequential", path, times), want) if f != w] == []
    got = [frames("seek", path, [t])[0][1] for t in times]  # (each a fresh reader: a thumbnail, search's jump)
    assert [t for t, g, w in zip(times, got, want) if g != w] == []  # (was 19.0 s and more: 3 frames late)


class P:
    """A packet as the scan gives ``ps_keys.Keys`` one."""

    def __init__(self, pos, pts, dts, key=False):
        self.stream, self.pos, self.pts, self.dts, self.is_keyframe = Index, pos, pts, dts, key
        self.size, self.duration = 100, FRAME


class Index:
    index = 0


class Stream:
    index, average_rate, guessed_rate, time_base = 0, 25, 25, 1 / 90000


def test_a_keyframe_listed_by_a_pes_stamped_for_the_b_frame_after_it_lands_a_pes_further_back():
    # three stamped PES (a P-frame's, a B-frame's, a keyframe's whose stamp the B-frame after it shares),
    # then an unstamped keyframe listed by the last
    keys = ps_keys.Keys(Stream())
    packets = [P(100, 20 * FRAME, 16 * FRAME), P(None, 17 * FRAME, 17 * FRAME), P(200, 18 * FRAME, 18 * FRAME),
               P(None, 23 * FRAME, 19 * FRAME), P(300, 21 * FRAME, 20 * FRAME, key=True), P(None, 21 * FRAME, 21 * FRAME),
               P(None, 22 * FRAME, 22 * FRAME), P(None, 27 * FRAME, 23 * FRAME, key=True)]
    for p in packets:
        keys.note(p)
    assert [(anchor, landing) for anchor, landing, _ in keys.found] == [(300, 100), (300, 100)]  # (was 200)


def test_a_keyframe_stamped_as_its_own_lands_at_the_pes_before_its_own():
    keys = ps_keys.Keys(Stream())
    for p in [P(100, 20 * FRAME, 16 * FRAME), P(200, 18 * FRAME, 18 * FRAME), P(300, 24 * FRAME, 20 * FRAME, key=True),
              P(None, 21 * FRAME, 21 * FRAME)]:
        keys.note(p)
    assert [(anchor, landing) for anchor, landing, _ in keys.found] == [(300, 200)]
