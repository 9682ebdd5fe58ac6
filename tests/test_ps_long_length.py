"""An MPEG-PS of 4 s and more (past ``stream_facts.SHORT_S``) probed short: FFmpeg's length ends at its last PES's
stamp, the frames after it sharing that PES left out (small frames: 20 s of MPEG-2 read 19.28 s, 30 s of H.264 27.0 s,
8 s with sound 7.57 s). Its moments ran to its end already (``FrameSampler.ended_at``), but whatever planned over its
length (``uniform``: a dataset loader's eight samples) never sampled its last seconds, and the library recorded the
short length. Now the packets of its last ``stream_facts.TAIL_BYTES`` are read (not decoded): ``tail_end``."""

from __future__ import annotations

from fractions import Fraction
from pathlib import Path

import av
import numpy as np
import pytest

from core.decode_pool import DecodeSpec, decode_file
from core.media import FrameSampler, probe
from tests.fresh_writer import written_fresh

FPS, SIZE = 25, (64, 48)


def write_clip(path: Path, codec: str, seconds: str, bf: str, sound: str = "") -> Path:
    """``seconds`` of numbered frames (a moving bar, a shade a second, a run of 6 shades) in an MPEG-PS as
    FFmpeg's muxer writes one, ``codec`` ``mpeg2video`` or ``libx264`` with ``bf`` B-frames, silent MP2 sound
    where ``sound``."""
    n, (w, h) = round(float(seconds) * FPS), SIZE
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
            y = np.full((h, w), 40 + (i // FPS) % 6 * 35, np.uint8)
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


def frames_in(path) -> int:
    """How many frames ``path``'s video decodes to (FFmpeg's muxer may write fewer than it was given)."""
    with av.open(str(path)) as c:
        return sum(1 for _ in c.decode(c.streams.video[0]))


def shown(path, times) -> list:
    got = FrameSampler(size=None, _strategy="sequential").frames_at(str(path), times)
    return [(round(float(t), 6), f.tobytes()) for t, f in zip(got.times, got.frames)]


CLIPS = [("mpeg2video", "2", "5", ""), ("mpeg2video", "2", "20", ""), ("mpeg2video", "0", "30", "sound"),
         ("libx264", "2", "30", ""), ("libx264", "2", "8", "sound"), ("libx264", "0", "20", "sound")]


@pytest.mark.slow
@pytest.mark.parametrize("codec,bf,seconds,sound", CLIPS)
def test_a_longer_clip_is_as_long_as_its_frames_and_sampled_to_its_end(tmp_path, codec, bf, seconds, sound):
    path = written_fresh("tests.test_ps_long_length:write_clip", tmp_path / "clip.vob", codec, seconds, bf, sound)
    true = frames_in(path) / FPS
    info = probe(str(path))
    assert info.duration == pytest.approx(true, abs=1.01 / FPS)
    assert abs(info.frame_count - round(true * FPS)) <= 1
    # samples planned over its length (a loader's eight): the last in its last eighth, each the frame there
    planned = FrameSampler(size=None).uniform(str(path), 8)
    assert true - true / 8 < planned.times[-1] < true
    assert [b for _, b in shown(path, [t + 0.001 for t in planned.times])] == [f.tobytes() for f in planned.frames]
    # its moments as before: to its last frame's end
    got, moments = decode_file(str(path), DecodeSpec(size=None, timeout_s=20.0))
    assert list(moments)[-1].end == pytest.approx(true, abs=1.01 / FPS)
    assert got.duration == pytest.approx(true, abs=1.01 / FPS)


@pytest.mark.slow
def test_its_tail_is_read_once_for_every_open(tmp_path, monkeypatch):
    """Every open of a file probes it (a thumbnail's, each fresh reader's seek): its tail's packets are read once a
    file version, not once an open."""
    from core import stream_facts

    path = written_fresh("tests.test_ps_long_length:write_clip", tmp_path / "clip.vob", "libx264", "6", "2", "")
    reads, real = [], stream_facts.packets_end
    monkeypatch.setattr(stream_facts, "packets_end", lambda *a, **k: reads.append(a) or real(*a, **k))
    lengths = [probe(str(path)).duration for _ in range(3)]
    assert lengths == [pytest.approx(frames_in(path) / FPS, abs=1.01 / FPS)] * 3 and len(reads) == 1
    written_fresh("tests.test_ps_long_length:write_clip", path, "libx264", "8", "2", "")  # (another file there)
    assert probe(str(path)).duration == pytest.approx(frames_in(path) / FPS, abs=1.01 / FPS) and len(reads) == 2
