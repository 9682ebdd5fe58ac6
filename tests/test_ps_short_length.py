"""A 1-3 s MPEG-PS clip (a camcorder's short clip) probed up to a second short: FFmpeg's length runs from its
first PES stamp to its last PES's, and the frames after that stamp, sharing its PES, are left out (small
frames: a 3 s MPEG-2 clip read 1.92 s, H.264 2.64 s, 2 s of H.264 1.52 s). Its moments still ran to where its
frames end (``FrameSampler.ended_at``), but whatever planned its samples over its length (``uniform``: a
dataset loader's, the library's length before the read) planned them over the short one: the last second never
sampled. Now an MPEG-TS/PS its header says is under ``stream_facts.SHORT_S`` has its packets read to its end,
none decoded (``stream_facts.packets_end``): its length is its last frame's end, its frame count with it."""

from __future__ import annotations


import pytest

from core.decode_pool import DecodeSpec, decode_file
from core.media import FrameSampler, probe
from tests.fresh_writer import written_fresh
from tests.ps_muxed import FPS


CLIPS = [(codec, bf, seconds, sound) for codec, bf in [("mpeg2video", "2"), ("mpeg2video", "0"), ("libx264", "2")]
         for seconds in ("1.2", "2", "3") for sound in ("", "sound")]


def shown(path, times) -> list:
    got = FrameSampler(size=None, _strategy="sequential").frames_at(str(path), times)
    return [(round(float(t), 6), f.tobytes()) for t, f in zip(got.times, got.frames)]


@pytest.mark.slow
@pytest.mark.parametrize("codec,bf,seconds,sound", CLIPS)
def test_a_short_clip_is_as_long_as_its_frames_and_sampled_to_its_end(tmp_path, codec, bf, seconds, sound):
    path = written_fresh("tests.ps_muxed:write_clip", tmp_path / "short.vob", codec, seconds, bf, sound, "50")
    true = round(float(seconds) * FPS) / FPS
    info = probe(str(path))
    assert info.duration == pytest.approx(true, abs=1.01 / FPS)
    assert abs(info.frame_count - round(true * FPS)) <= 1
    # samples planned over its length (a loader's eight): the last in its last sixteenth, each the frame there
    planned = FrameSampler(size=None).uniform(str(path), 8)
    assert true - true / 8 < planned.times[-1] < true
    assert [b for _, b in shown(path, [t + 0.001 for t in planned.times])] == [f.tobytes() for f in planned.frames]
    # its moments: the last window's samples inside the clip, each the frame shown at its time
    got, moments = decode_file(str(path), DecodeSpec(size=None, timeout_s=20.0))
    last = list(moments)[-1]
    assert last.end == pytest.approx(true, abs=1.01 / FPS) and got.duration == pytest.approx(true, abs=1.01 / FPS)
    assert 0 <= last.frame_times.min() and last.frame_times.max() < true
    assert last.frame_times.max() > true - 0.5 - 1.01 / FPS  # (sampled twice a second: to its last half second)
    frames = shown(path, [t + 0.001 for t in last.frame_times])
    assert [b for _, b in frames] == [f.tobytes() for f in last.frames]
