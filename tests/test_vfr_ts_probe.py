"""An MPEG-TS whose header gives no frame rate (a screen recording at a varying rate: 60 frames a second
while something moves, one frame for a still) read 257449 s, 1e9 s or 1.3e14 s long, or failed with
'Container is not open', by chance: ``stream_facts.video_info`` took the reader's container and stream
before reading the first frames for a rate (``estimate_rate``), and reading them and back opened the file
again (an MPEG-TS sought to its start lands past its first frame), closing the two it then read the length
of: freed memory. Now it takes them after."""

from __future__ import annotations

from fractions import Fraction

import av
import numpy as np
import pytest

from core.media import FrameSampler, probe
from tests.test_timestamp_restarts import number
from tests.test_vfr_mp4_end import write_vfr

TB = Fraction(1, 90000)
_RNG = np.random.default_rng(2)  # (150 frames, a fifth of them stills of 0.3-2.5 s)
GAPS = np.where(_RNG.random(150) < 0.2, _RNG.uniform(0.3, 2.5, 150), 1 / 60)
TIMES = np.round(np.concatenate([[0.0], np.cumsum(GAPS)[:-1]]), 3).tolist()


def write_vfr_ts(path):
    return write_vfr(path, TIMES, fmt="mpegts", tb=TB)


def test_an_mpeg_ts_of_no_header_rate_reads_its_own_length_every_time(tmp_path):
    path = write_vfr_ts(tmp_path / "screen.ts")
    with av.open(str(path)) as c:
        assert not c.streams.video[0].average_rate  # (the rate comes from its first frames)
    end = TIMES[-1]
    for _ in range(3):
        assert probe(path).duration == pytest.approx(end, abs=0.05)
        for skip in ("none", "nonref", "nonkey"):
            reader = FrameSampler(size=None, skip=skip)._open(str(path))
            try:
                assert reader.info.duration == pytest.approx(end, abs=0.05), skip
            finally:
                reader.close()
    got = FrameSampler(size=None).frames_at(str(path), [0.2, 1.0, 3.0, 4.0, end - 0.01])
    assert [number(f) for f in got.frames] == [int(np.searchsorted(TIMES, t, side="right") - 1) for t in
                                               (0.2, 1.0, 3.0, 4.0, end - 0.01)]
