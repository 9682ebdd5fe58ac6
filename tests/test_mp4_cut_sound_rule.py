"""Which player a cut-short MP4 (its index first, its media data cut: a download that stopped) plays in, by
``core.play_timing.cut_matters`` (rv_12's finding 2 on ac3dd9b5): the engine's frames end where the file's do, but
without sound; a plain player keeps the sound, its timeline running on past the last frame by what was lost. A file
with no sound gains nothing from the plain player: it went there where it lost under a second (and 2 %: a silent
2 min clip 2.4 s), now only under half a second. One with sound was left there where it lost up to 2 % of its
length (a 2 h film stopped 2 minutes before its end, its clock running 2 minutes past its last frame): now at
most 3 s."""

from __future__ import annotations

import pytest

av = pytest.importorskip("av")

import numpy as np  # noqa: E402

from core import play_timing  # noqa: E402
from core.mp4_cut import playable_s  # noqa: E402
from core.play_timing import engine_timed  # noqa: E402
from tests.test_mp4_cut_short_play import index_first_mp4  # noqa: E402
from tests.test_timestamp_restarts import picture  # noqa: E402

RATE = 8000  # (the sound's samples a second: little to encode)


def with_sound_mp4(path, seconds: int, fps: int):
    """A numbered clip with B-frames and a silent AAC track, its index before its media data ('faststart')."""
    with av.open(str(path), "w", format="mp4", options={"movflags": "faststart"}) as out:
        video = out.add_stream("libx264", rate=fps)
        video.width, video.height, video.pix_fmt = 64, 48, "yuv420p"
        video.options = {"g": "10", "bf": "2"}
        audio = out.add_stream("aac", rate=RATE)
        audio.layout = "mono"
        for i in range(seconds * fps):
            out.mux(video.encode(av.VideoFrame.from_ndarray(picture(i), format="rgb24")))
            block = av.AudioFrame.from_ndarray(np.zeros((1, RATE // fps), np.float32), format="fltp", layout="mono")
            block.sample_rate, block.pts = RATE, i * (RATE // fps)
            out.mux(audio.encode(block))
        out.mux(video.encode())
        out.mux(audio.encode())
    return path


def cut(whole, keep: float, name: str):
    """``whole`` cut ``keep`` of the way through its media data."""
    data = whole.read_bytes()
    media = data.index(b"mdat") + 4
    path = whole.with_name(name)
    path.write_bytes(data[:media + int(keep * (len(data) - media))])
    return path


def lost_s(path) -> float:
    """How much shorter ``path`` plays than the length its header says (a plain player's timeline)."""
    with av.open(str(path)) as c:
        return c.duration / 1e6 - playable_s(path)


def test_a_silent_file_losing_more_than_half_a_second_plays_through_the_engine(tmp_path):
    silent = cut(index_first_mp4(tmp_path / "whole.mp4"), 0.95, "silent.mp4")  # (10 s, no sound track)
    assert 0.5 < lost_s(silent) < 1.0
    timed = engine_timed(silent)  # (the parent: None, the plain player's 0:10 for frames ending at 0:09.2)
    assert timed is not None and timed.why == play_timing.CUT_SHORT and not timed.sound
    assert timed.duration == pytest.approx(playable_s(silent))


def test_a_file_with_sound_losing_as_much_keeps_its_sound_in_the_plain_player(tmp_path):
    clip = cut(with_sound_mp4(tmp_path / "whole.mp4", 10, 10), 0.95, "clip.mp4")
    assert 0.5 < lost_s(clip) < 1.0
    assert engine_timed(clip) is None


def test_a_long_file_with_sound_losing_more_than_3_s_plays_through_the_engine(tmp_path):
    whole = with_sound_mp4(tmp_path / "whole.mp4", 300, 1)  # (5 min: 2 % is 6 s)
    late = cut(whole, 0.98, "late.mp4")
    assert 3.0 < lost_s(late) < 6.0
    timed = engine_timed(late)  # (the parent: None, within 2 % of its length)
    assert timed is not None and timed.why == play_timing.CUT_SHORT and timed.sound
    assert timed.duration == pytest.approx(playable_s(late))
    assert engine_timed(whole) is None


def test_the_rule_a_long_film_with_sound_loses_at_most_3_s_a_silent_file_half_a_second():
    matters = play_timing.cut_matters
    assert matters(7200.0, 7196.5, True) and not matters(7200.0, 7197.5, True)  # (the parent: up to 144 s)
    assert not matters(30.0, 29.2, True) and matters(30.0, 28.5, True)  # (a short one: at least 1 s)
    assert not matters(100.0, 98.5, True) and matters(100.0, 97.5, True)  # (between: 2 %)
    assert matters(7200.0, 7199.0, False) and matters(30.0, 29.2, False) and not matters(30.0, 29.6, False)
