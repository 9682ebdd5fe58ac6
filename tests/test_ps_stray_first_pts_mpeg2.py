"""An MPEG-2 MPEG-PS whose first PES has a stray PTS (DTS right) read every frame from 0.64 s on a frame late
(20 s, B-frames; at 1.0, 5.0, 12.3, 19.0 and 19.9 s; an MPEG-TS every frame), read through and sought alike.
FFmpeg times an MPEG-2 stream's every frame on from the last stamp it read (B-frames as decoded, the others
at the frame before), so the 16 frames after the stray keyframe in its PES came timed 60 s on: the scan saw a
part of 17 frames, no stray stamp, and placed it whole (to its last P-frame's guess) before the next. Those
frames are now untimed as an H.264 stream's are (``part_cuts.untimed_after``), and the keyframe's delay is
the first one's, a frame: the stream's later keyframes stand after the group before's B-frames, 3 frames
with 2 (``part_cuts._shown_before``)."""

from __future__ import annotations

import pytest

from core import part_cuts
from core.media import probe
from tests.test_ps_joined_seek import frames, write_ps
from tests.test_ps_stray_first_stamp import STRAY_60, TIMES, _stray_start

FRAME = 3600  # (25 a second, 90 kHz)


@pytest.mark.parametrize("bf,fmt,ext", [(2, "vob", "vob"), (0, "vob", "vob"), (2, "mpegts", "ts")])
def test_an_mpeg2_clip_whose_first_pts_alone_is_60_s_on_reads_as_without_it(tmp_path, bf, fmt, ext):
    clean = write_ps(tmp_path / f"clean.{ext}", "mpeg2video", 20.0, bf=bf, fmt=fmt)
    stray = _stray_start(clean, tmp_path / f"stray.{ext}", STRAY_60, dts=False)
    assert probe(stray).duration == pytest.approx(20.0, abs=0.05)
    want = frames("sequential", clean, TIMES)
    assert frames("sequential", stray, TIMES) == want  # (was a frame early from 1.0 s on)
    for t, w in zip(TIMES, want):  # (each a fresh reader: a thumbnail, search's jump)
        assert frames("seek", stray, [t]) == [w], t


def test_the_frames_timed_on_from_a_stray_pts_in_its_pes_are_untimed():
    # (stream, pos, pts, dts, duration, untimed before): the stray keyframe, 3 frames FFmpeg timed on from its
    # PTS inside its PES (no position), the next PES's B-frame, and a later keyframe 3 frames after its
    # decoding, the group before's 2 B-frames decoded after it, shown before it
    at = lambda n: 45000 + n * FRAME  # noqa: E731
    packets = [(0, 29, STRAY_60, at(0), FRAME, 0), (0, -1, STRAY_60 + 3 * FRAME, STRAY_60, FRAME, 0),
               (0, -1, STRAY_60 + FRAME, STRAY_60 + FRAME, FRAME, 0), (0, -1, STRAY_60 + 2 * FRAME, STRAY_60 + 2 * FRAME, FRAME, 0),
               (0, 2062, at(5), at(4), FRAME, 0), (0, -1, at(8), at(5), FRAME, 0), (0, -1, at(6), at(6), FRAME, 0),
               (0, -1, at(7), at(7), FRAME, 0), (0, 4110, at(11), at(8), FRAME, 0), (0, -1, at(9), at(9), FRAME, 0),
               (0, -1, at(10), at(10), FRAME, 0), (0, -1, at(14), at(11), FRAME, 0)]
    keyed = [0, 8]
    assert part_cuts._shown_before(packets, 8) == 2
    assert part_cuts.pts_strays(packets, keyed, 0, 1 / 90000, 1) == (1, FRAME)  # (was 3 frames, the later key's)
    out, keys = part_cuts.untimed_after(packets, keyed, 0, 1)
    assert [p[1] for p in out][:2] == [29, 2062] and out[1][5] == 3 and len(out) == len(packets) - 3
    assert keys == [0, 5]
