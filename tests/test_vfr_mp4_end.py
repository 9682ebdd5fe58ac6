"""A screen recording in MP4 whose frame rate varies (60 a second while something moves, one frame for a
still) with B-frames read short: FFmpeg's length of an MP4 track is its samples' decoding times' (their
'stts' durations), which the edit list's shift balances at a steady rate, but a still of a second
among the last reordered frames shows them that much after their decoding (a 42.28 s recording read
41.39 s long: its last still and last frame never indexed). Its header says where it ends (the edit list,
no later than the media's 'mdhd' length: ``mp4_header.shown_end``): that length is taken where longer."""

from __future__ import annotations

from fractions import Fraction

import av
import numpy as np
import pytest

from core.media import FrameSampler, probe
from tests.test_timestamp_restarts import number, picture

TB = Fraction(1, 1000)


def write_vfr(path, times, bf: int = 2, edit_list: bool = True, fmt: str | None = None, tb: Fraction = TB,
              stream_tb: bool = True, sound_s: float = 0.0):
    """A 64x48 H.264 clip of frames shown at ``times`` (seconds), ``bf`` B-frames, in ``fmt`` (by the name's
    extension where None); the time base ``tb`` the encoder's, the stream's too where ``stream_tb`` (else the
    muxer's own). An MP4 without its edit list where not ``edit_list``; ``sound_s`` seconds of AAC (its second
    track) where given."""
    with av.open(str(path), "w", format=fmt, options={} if edit_list else {"use_editlist": "0"}) as out:
        s = out.add_stream("libx264", rate=60)
        s.width, s.height, s.pix_fmt = 64, 48, "yuv420p"
        s.codec_context.time_base = tb
        if stream_tb:
            s.time_base = tb
        s.options = {"g": "60", "bf": str(bf)}
        a = out.add_stream("aac", rate=48000) if sound_s else None
        if a is not None:
            a.layout = "mono"
        for n, t in enumerate(times):
            f = av.VideoFrame.from_ndarray(picture(n), format="rgb24")
            f.pts, f.time_base = round(t / tb), tb
            out.mux(s.encode(f))
        out.mux(s.encode())
        if a is not None:
            tone = (np.sin(np.arange(1024)[None] / 10) * 0.3).astype("float32")
            for pts in range(0, int(sound_s * 48000), 1024):
                fr = av.AudioFrame.from_ndarray(tone, format="fltp", layout="mono")
                fr.sample_rate, fr.pts = 48000, pts
                out.mux(a.encode(fr))
            out.mux(a.encode())
    return path


# 1 s moving at 60 a second, a 1.5 s still, 3 frames, a 1.2 s still, 2 frames (each 1/60 s): 3.77 s, which
# FFmpeg read 2.58 s long (the still among the last frames reordered)
STEPS = [1 / 60] * 60 + [1.5] + [1 / 60] * 2 + [1.2] + [1 / 60] * 2
TIMES = np.round(np.concatenate([[0.0], np.cumsum(STEPS)[:-1]]), 3).tolist()
END = TIMES[-1] + 1 / 60


def shown(t: float) -> int:
    return int(np.searchsorted(TIMES, t + 1e-6, side="right") - 1)


@pytest.mark.parametrize("edit_list", [True, False])
@pytest.mark.parametrize("bf", [2, 0])
def test_a_variable_rate_mp4_with_b_frames_is_as_long_as_its_frames_show(tmp_path, bf, edit_list):
    """(Without an edit list, its frames' timestamps say where it ends: ``core.mp4_end``; it read 2.58 s.)"""
    path = write_vfr(tmp_path / "screen.mp4", TIMES, bf, edit_list)
    assert probe(path).duration == pytest.approx(END, abs=0.002)
    got = FrameSampler(size=None, skip="nonref").at_rate(str(path), 2.0, start=0.25)
    assert got.times.tolist()[-1] >= TIMES[-2] - 1e-3  # (3.73 s on: its last frames sampled)
    assert [number(f) for f in got.frames] == [shown(t) for t in got.times]
    last = FrameSampler(size=None, _strategy="seek").frames_at(str(path), [END - 0.01])
    assert number(last.frames[0]) == len(TIMES) - 1 and last.times[0] == pytest.approx(TIMES[-1], abs=1e-3)


def test_a_steady_rate_mp4_without_an_edit_list_is_not_read_again_to_its_end(tmp_path, monkeypatch):
    """(Its samples all last alike: FFmpeg's length is where it is shown to. Opening it again to demux its
    last group of pictures cost a 60 s 1080p clip about 300 ms of its probe.)"""
    from core import file_open

    real, opened = file_open.open_file, []
    monkeypatch.setattr(file_open, "open_file", lambda path, *a, **k: opened.append(path) or real(path, *a, **k))

    def opens(path) -> int:
        opened.clear()
        probe(path)
        return len(opened)

    steady = [k / 60 for k in range(120)]
    with_list = opens(write_vfr(tmp_path / "listed.mp4", steady, 2))
    assert opens(path := write_vfr(tmp_path / "steady.mp4", steady, 2, edit_list=False)) == with_list
    assert probe(path).duration == pytest.approx(2.0, abs=0.002)
    assert opens(write_vfr(tmp_path / "screen.mp4", TIMES, 2, edit_list=False)) == with_list + 1  # (read to its end)


def test_an_edit_list_of_no_entries_is_as_long_as_its_frames_show(tmp_path):
    """An 'elst' whose entry count is 0 (some muxers write one; FFmpeg's never does) says nothing of where its track
    ends: ``edits_end`` 0.0. FFmpeg plays its frames to 3.77 s all the same, and its length, its decoding times', is
    2.58 s: the length indexed was that (its last still and frames never indexed), or, read as no edit list, 4.0 s
    (``core.mp4_end`` took a reordered packet's decoding delta, a still's 1.5 s, for its time shown: rv_12's finding
    1). It is indexed as long as its frames show, as without an edit list, and the preview shows it so."""
    import struct

    from core import mp4_header

    data = bytearray(write_vfr(tmp_path / "listed.mp4", TIMES, 2, True).read_bytes())
    struct.pack_into(">I", data, data.index(b"elst") + 8, 0)  # (the count, after the box's type and version/flags)
    path = tmp_path / "empty_list.mp4"
    path.write_bytes(bytes(data))
    track = next(t for t in mp4_header._moov_tracks(path) if t.get("handler") == b"vide")
    assert mp4_header.edits_end(path, track["id"]) == 0.0 and mp4_header.shown_end(path, track["id"]) == 0.0
    with av.open(str(path)) as c:
        plain = c.duration / 1e6
        shown_to = max(f.pts * f.time_base for f in c.decode(video=0))
    assert plain < END - 1 and shown_to == pytest.approx(TIMES[-1], abs=0.002)  # (FFmpeg's length: short)
    assert probe(path).duration == pytest.approx(END, abs=0.002)
    # the preview: Qt's player (FFmpeg's length) ended it at 2.58 s, sought to 3 s it showed 2.58 s; the engine's
    # frames show it to where the index reads it (the file with its edit list: Qt's, as before)
    from core import play_timing

    timed = play_timing.engine_timed(path)
    assert timed is not None and timed.why == play_timing.NO_EDITS and timed.duration == pytest.approx(END, abs=0.002)
    assert play_timing.engine_timed(tmp_path / "listed.mp4") is None


def test_an_edit_list_of_no_entries_with_sound_shows_its_last_frames_in_the_preview(tmp_path):
    """The usual such file, a screen recording, has sound to its end (3.78 s): FFmpeg's length of the container,
    the longest track's, is the sound's, and the engine's 3.77 s was no more than a frame longer, so Qt's player
    kept it (rv_6's finding 1): its timeline ran to 3.78 s but its picture stopped at the frame at 2.53 s, and a
    result among the last frames (indexed: ``core.mp4_end``) showed the still before them. The preview plays the
    engine's frames (without sound, said so: ``EngineTimed.sound``), so a moment there shows its frame."""
    import struct

    from core import mp4_header, play_timing

    data = bytearray(write_vfr(tmp_path / "listed.mp4", TIMES, 2, True, sound_s=END + 0.01).read_bytes())
    struct.pack_into(">I", data, data.index(b"elst") + 8, 0)  # (the video's: its track is the first)
    path = tmp_path / "empty_list.mp4"
    path.write_bytes(bytes(data))
    track = next(t for t in mp4_header._moov_tracks(path) if t.get("handler") == b"vide")
    assert mp4_header.edits_end(path, track["id"]) == 0.0
    with av.open(str(path)) as c:
        assert c.streams.audio and c.duration / 1e6 >= END  # (the sound's length: the container's)
        video = c.streams.video[0]
        assert video.duration * video.time_base < END - 1  # (where FFmpeg's, and Qt's, video stops)
    assert probe(path).duration == pytest.approx(END, abs=0.002)
    timed = play_timing.engine_timed(path)
    assert timed is not None and timed.why == play_timing.NO_EDITS and timed.sound
    assert timed.duration == pytest.approx(END, abs=0.002)
    assert play_timing.engine_timed(tmp_path / "listed.mp4") is None  # (with its edit list: Qt's, sound and all)
