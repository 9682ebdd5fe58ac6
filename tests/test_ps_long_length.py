"""An MPEG-PS of 4 s and more (past ``stream_facts.SHORT_S``) probed short: FFmpeg's length ends at its last PES's
stamp, the frames after it sharing that PES left out (small frames: 20 s of MPEG-2 read 19.28 s, 30 s of H.264 27.0 s,
8 s with sound 7.57 s). Its moments ran to its end already (``FrameSampler.ended_at``), but whatever planned over its
length (``uniform``: a dataset loader's eight samples) never sampled its last seconds, and the library recorded the
short length. Now the packets of its last ``stream_facts.TAIL_BYTES`` are read (not decoded): ``tail_end``."""

from __future__ import annotations


import av
import pytest

from core.decode_pool import DecodeSpec, decode_file
from core.media import FrameSampler, probe
from tests.fresh_writer import written_fresh
from tests.ps_muxed import FPS


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
    path = written_fresh("tests.ps_muxed:write_clip", tmp_path / "clip.vob", codec, seconds, bf, sound)
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

    path = written_fresh("tests.ps_muxed:write_clip", tmp_path / "clip.vob", "libx264", "6", "2", "")
    reads, real = [], stream_facts.packets_end
    monkeypatch.setattr(stream_facts, "packets_end", lambda *a, **k: reads.append(a) or real(*a, **k))
    lengths = [probe(str(path)).duration for _ in range(3)]
    assert lengths == [pytest.approx(frames_in(path) / FPS, abs=1.01 / FPS)] * 3 and len(reads) == 1
    written_fresh("tests.ps_muxed:write_clip", path, "libx264", "8", "2", "")  # (another file there)
    assert probe(str(path)).duration == pytest.approx(frames_in(path) / FPS, abs=1.01 / FPS) and len(reads) == 2
