"""An MPEG-PS as FFmpeg's muxer writes one (``write_clip``), for the length tests of short and long
clips (tests/test_ps_short_length.py, tests/test_ps_long_length.py), each written by a fresh process
(``tests.fresh_writer``: x264's bytes vary with what the process encoded before)."""

from __future__ import annotations

from fractions import Fraction
from pathlib import Path

import av
import numpy as np

FPS, SIZE = 25, (64, 48)


def write_clip(path: Path, codec: str, seconds: str, bf: str, sound: str = "", shade_step: str = "35") -> Path:
    """``seconds`` of numbered frames (YUV, a moving bar and a shade a second, ``shade_step`` apart in a run
    of 6 shades: the same bytes every process) in an MPEG-PS, ``codec`` ``mpeg2video`` or ``libx264`` with
    ``bf`` B-frames, and silent MP2 sound where ``sound``. (Each argument a string: ``written_fresh``'s.)"""
    n, (w, h), step = round(float(seconds) * FPS), SIZE, int(shade_step)
    with av.open(str(path), "w", format="vob") as out:
        v = out.add_stream(codec, rate=FPS)
        v.width, v.height, v.pix_fmt = w, h, "yuv420p"
        x264 = {"preset": "ultrafast", "sc_threshold": "0"} if codec == "libx264" else {}
        v.options = {"g": "12", "bf": bf, **x264}
        a = None
        if sound:
            a = out.add_stream("mp2", rate=48000)
            a.layout = "mono"
        for i in range(n):
            y = np.full((h, w), 40 + (i // FPS) % 6 * step, np.uint8)
            y[:, (i * 2) % (w - 8):(i * 2) % (w - 8) + 8] = 235
            yuv = np.concatenate([y, np.full((h // 2, w), 128, np.uint8)])
            f = av.VideoFrame.from_ndarray(yuv, format="yuv420p")
            f.pts, f.time_base = i, Fraction(1, FPS)
            out.mux(v.encode(f))
            if a is not None and i % 2 == 0:
                s = av.AudioFrame.from_ndarray(np.zeros((1, 1152), np.int16), format="s16", layout="mono")
                s.sample_rate, s.pts = 48000, (i // 2) * 1152
                out.mux(a.encode(s))
        out.mux(v.encode())
        if a is not None:
            out.mux(a.encode())
    return path
