"""Which player a cut-short MP4 (its index first, its media data cut: a download that stopped) plays in
(``core.play_timing.engine_timed``): one with no sound gains nothing from a plain player, so the engine's frames, which
end where the file's do, show it where it loses more than a frame; one with sound stays in the plain player, its sound
kept, its timeline and seeks held to where its frames stop (s59 X15: no threshold any more, the cut shorter than the old
ones froze Qt's player sought past it). Whether it is *said* cut short is the index's rule
(``core.av_reader.cut_tolerance``), so the preview and ``seekframe index`` agree."""

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


def with_sound_mp4(path, seconds: int, fps: int, sound_after_s: int = 0):
    """A numbered clip with B-frames and a silent AAC track, its index before its media data ('faststart'); the
    sound goes on ``sound_after_s`` s after the last frame."""
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
        for i in range(seconds * fps, (seconds + sound_after_s) * fps):
            block = av.AudioFrame.from_ndarray(np.zeros((1, RATE // fps), np.float32), format="fltp", layout="mono")
            block.sample_rate, block.pts = RATE, i * (RATE // fps)
            out.mux(audio.encode(block))
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
    timed = engine_timed(clip)  # (Qt's player, its timeline held to where the frames stop: s59 X15)
    assert isinstance(timed, play_timing.Cut) and timed.playable_s == pytest.approx(playable_s(clip))


def test_a_long_file_with_sound_losing_more_than_3_s_keeps_its_sound_and_is_said_cut_short_as_the_index_says(tmp_path):
    whole = with_sound_mp4(tmp_path / "whole.mp4", 300, 1)  # (5 min: the index's allowance 10 s)
    late = cut(whole, 0.98, "late.mp4")
    assert 3.0 < lost_s(late) < 6.0
    timed = engine_timed(late)  # (s59 X15: Qt's player, held to where it stops; the parent: the engine's, silent)
    assert isinstance(timed, play_timing.Cut) and timed.playable_s == pytest.approx(playable_s(late))
    assert not timed.said  # (under the index's 10 s: ``seekframe index`` says it whole, the preview too)
    assert engine_timed(whole) is None


def test_the_rule_is_the_index_s_a_few_frames_to_10_percent_at_most_10_s():
    from core.av_reader import cut_tolerance

    assert cut_tolerance(7200.0, 25.0) == 10.0 and cut_tolerance(30.0, 25.0) == pytest.approx(3.0)
    assert cut_tolerance(1.0, 10.0) == pytest.approx(0.3)  # (3 frames)


def test_the_preview_says_cut_short_exactly_where_the_index_does_on_the_video_s_own_length(tmp_path):
    """The preview's note and ``seekframe index`` use one rule (``av_reader.said_cut_short``) on the same numbers:
    the video's length as the index reads it (its track's, not the header's, which a soundtrack 3 s longer makes
    13 s) and how far it plays as its sample tables say (``mp4_cut.playable_s``; the decoder's run ended up to a few
    frames later). Before, a 10 s video losing 0.5 s was whole to the index (allowance 1 s) and "(cut short)" in the
    preview (13 - 9.5 s past its 1.3 s); and cuts within a frame or two of the allowance were judged apart."""
    from core.errors import CutShort
    from core.media import FrameSampler, probe

    whole = with_sound_mp4(tmp_path / "whole.mp4", 10, 10, sound_after_s=3)
    with av.open(str(whole)) as c:
        assert c.duration / 1e6 > 12.5 and probe(whole).duration == pytest.approx(10.0, abs=0.15)
    verdicts = []
    for n, keep in enumerate(np.arange(0.80, 0.995, 0.01)):  # (losing from ~2.4 s of its video to none)
        clip = cut(whole, float(keep), f"clip{n}.mp4")
        if playable_s(clip) is None:
            continue
        lost = probe(clip).duration - playable_s(clip)
        try:
            for _ in FrameSampler(size=16).iter_at_rate(str(clip), 2.0):
                pass
            index = False
        except CutShort:
            index = True
        timed = engine_timed(clip)
        assert isinstance(timed, play_timing.Cut)
        verdicts.append((round(lost, 2), index))
        assert timed.said == index, (keep, lost)
    assert any(said for _, said in verdicts) and any(lost > 0.2 and not said for lost, said in verdicts)
