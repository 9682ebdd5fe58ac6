"""Fragmented MP4s whose fragments say more than their first 'moof' (tracks fragmented apart: the
sound's fragment first), or whose video has B-frames: each frame read at the time a player shows it."""

from __future__ import annotations

from fractions import Fraction
from pathlib import Path

import av
import numpy as np
import pytest

from core.media import FrameSampler, probe
from core.moments import MomentSegmenter
from tests.test_fragmented_mp4 import colours, top_boxes
from tests.test_tracks import colour_at, picture

SEPARATE = "frag_keyframe+empty_moov+default_base_moof+separate_moof"


def write_with_sound(path: Path, movflags: str, seconds: int = 5, bframes: int = 0, **options: str) -> Path:
    """Sound (track 1) and video (track 2, one colour a second, a keyframe a second) for ``seconds``."""
    tb = Fraction(1, 48000)
    with av.open(str(path), "w", format="mp4", options={**({"movflags": movflags} if movflags else {}), **options}) as out:
        audio = out.add_stream("aac", rate=48000)
        video = out.add_stream("libx264", rate=10)
        video.width, video.height, video.pix_fmt = 64, 48, "yuv420p"
        video.options = {"bf": str(bframes), "g": "10", "keyint_min": "10", "sc_threshold": "0"}
        sent = 0
        for i in range(seconds * 10):
            while sent * 1024 <= i * 4800:  # (the sound up to this frame's time, interleaved)
                frame = av.AudioFrame.from_ndarray(np.zeros((1, 1024), np.float32), format="fltp", layout="mono")
                frame.sample_rate, frame.pts, frame.time_base = 48000, sent * 1024, tb
                out.mux(audio.encode(frame))
                sent += 1
            frame = av.VideoFrame.from_ndarray(picture(i / 10), format="rgb24")
            frame.pts, frame.time_base = i, Fraction(1, 10)
            out.mux(video.encode(frame))
        out.mux(video.encode())
        out.mux(audio.encode())
    return path


def joined_at(whole: Path, path: Path, moof: int) -> Path:
    """``whole``'s index, then its fragments from its ``moof``-th 'moof' on (a recording joined late)."""
    data = whole.read_bytes()
    boxes = top_boxes(data)
    moov_end = next(end for kind, _, end in boxes if kind == b"moov")
    path.write_bytes(data[:moov_end] + data[[start for kind, start, _ in boxes if kind == b"moof"][moof]:])
    return path


def test_a_recording_joined_late_at_a_sound_fragment_is_as_long_as_its_video_plays(tmp_path):
    """Its tracks fragmented apart, its first 'moof' the sound's: the video's start was looked for in
    that first 'moof' alone, not found, and the 4 s left of it read as 5 s (as long as the whole
    stream was), then said cut short a second before its end. Its start is now the first 'moof' of
    the video track's: the video of seconds 1 to 5, shown from 0, 4 s long."""
    whole = write_with_sound(tmp_path / "whole.mp4", SEPARATE)
    path = joined_at(whole, tmp_path / "joined late.mp4", 2)  # (the second second's sound, then its video)
    with av.open(str(path)) as c:  # (so the case is this one: the video's first fragment after the sound's)
        assert c.streams.video[0].start_time * c.streams.video[0].time_base > 0.9
    info = probe(path)
    assert info.duration == pytest.approx(4.0, abs=0.05) and info.cut_short == ""
    moments = list(MomentSegmenter(window_s=1.0, frames_per_moment=2).segment(str(path), FrameSampler(size=16, skip="nonref")))
    assert moments[-1].end == pytest.approx(4.0, abs=0.11)
    for m in moments:  # (its first frame shown at 0: the stream's second second)
        assert colours(m.frames) == [colour_at(t + 1.0) for t in m.frame_times]


def numbered(n: int) -> np.ndarray:
    """Frame ``n`` drawn as its number: six bars, white for a 1 bit."""
    img = np.zeros((48, 96, 3), np.uint8)
    for bit in range(6):
        if n >> bit & 1:
            img[:, bit * 16:(bit + 1) * 16] = 255
    return img


def number(frame) -> int:
    bars = np.asarray(frame, np.float32).mean(axis=(0, 2)).reshape(6, -1)[:, 4:-4].mean(axis=1)
    return int(sum(1 << bit for bit in range(6) if bars[bit] > 128))


def write_numbered(path: Path, fmt: str = "mp4", *, video_first: bool = False, sound: bool = True, **options: str) -> Path:
    """4 s at 10 fps, each frame showing its number, 3 B-frames, a keyframe a second, AAC sound."""
    tb = Fraction(1, 48000)
    with av.open(str(path), "w", format=fmt, options=options) as out:
        def add_video():
            video = out.add_stream("libx264", rate=10)
            video.width, video.height, video.pix_fmt = 96, 48, "yuv420p"
            video.options = {"bf": "3", "g": "10", "keyint_min": "10", "sc_threshold": "0", "qp": "4"}
            return video
        video = add_video() if video_first else None
        audio = out.add_stream("aac", rate=48000) if sound else None
        video = video or add_video()
        sent = 0
        for i in range(40):
            while audio is not None and sent * 1024 <= i * 4800:
                frame = av.AudioFrame.from_ndarray(np.zeros((1, 1024), np.float32), format="fltp", layout="mono")
                frame.sample_rate, frame.pts, frame.time_base = 48000, sent * 1024, tb
                out.mux(audio.encode(frame))
                sent += 1
            frame = av.VideoFrame.from_ndarray(numbered(i), format="rgb24")
            frame.pts, frame.time_base = i, Fraction(1, 10)
            out.mux(video.encode(frame))
        out.mux(video.encode())
        if audio is not None:
            out.mux(audio.encode())
    return path


def presented(path: Path) -> list[tuple[float, int]]:
    """(when FFmpeg shows it, in seconds from the file's start, the number it shows) of every frame:
    the times a player built on FFmpeg (Qt's QMediaPlayer, the app's preview; VLC) shows them at."""
    with av.open(str(path)) as c:
        stream, start = c.streams.video[0], (c.start_time or 0) / 1e6
        return sorted((float(f.pts * stream.time_base) - start, number(f.to_ndarray(format="rgb24"))) for f in c.decode(stream))


FRAGMENTED = "frag_keyframe+empty_moov"


@pytest.mark.parametrize("fmt, options", [
    ("mp4", {"use_editlist": "0"}),  # (a plain MP4 written with no edit list)
    ("mp4", {"use_editlist": "0", "video_first": True}),
    ("mov", {"use_editlist": "0"}),
    ("mp4", {"use_editlist": "0", "movflags": "negative_cts_offsets"}),
    ("mp4", {"use_editlist": "0", "sound": False}),
    ("mp4", {"movflags": FRAGMENTED}), ("mp4", {"movflags": FRAGMENTED + "+default_base_moof"}),
    ("mp4", {"movflags": FRAGMENTED + "+default_base_moof+omit_tfhd_offset"}), ("mp4", {"movflags": SEPARATE}),
    ("mp4", {"movflags": FRAGMENTED + "+negative_cts_offsets"}), ("mp4", {"movflags": FRAGMENTED, "video_first": True}),
    ("mp4", {"movflags": "frag_keyframe"}),  # (its first second's samples in its index, the rest in fragments)
    ("mp4", {"movflags": "frag_keyframe+delay_moov"}), ("mp4", {"movflags": "cmaf"}), ("ismv", {}),
    ("mp4", {"movflags": "dash"}), ("mp4", {"movflags": FRAGMENTED + "+dash"}),  # (a segment index, 'sidx')
    ("mp4", {"movflags": "dash+global_sidx"}),
    ("mp4", {}), ("mov", {}),  # (with an edit list)
])
def test_the_frame_read_at_a_time_is_the_one_a_player_shows_then(tmp_path, fmt, options):
    """An MP4 with sound whose video has B-frames and no edit list shows its first frame its
    composition offset (2 frames here) after its sound's start, as FFmpeg, VLC and the app's
    preview (Qt's player) show it: a search result's second must be the preview's. The reader
    took that offset away (4.2 s read as 4.0 s), each frame 2 frames early against the preview.
    One with a segment index ('sidx': DASH) was as long as that index's end plus the offset (4.4 s)."""
    options = dict(options)
    shape = {k: options.pop(k) for k in ("video_first", "sound") if k in options}
    path = write_numbered(tmp_path / f"numbered.{fmt}", fmt, **shape, **options)
    shown = presented(path)
    assert [n for _, n in shown] == list(range(40))
    times = [0.0] + [k / 10 + 0.05 for k in range(45)]
    got = FrameSampler(size=None).frames_at(path, times)
    expected = [next((n for at, n in reversed(shown) if at <= t + 1e-6), 0) for t in times]
    assert [number(f) for f in got.frames] == expected
    assert probe(path).duration == pytest.approx(shown[-1][0] + 0.1, abs=0.01)
    moments = list(MomentSegmenter(window_s=1.0, frames_per_moment=2).segment(str(path), FrameSampler(size=None, skip="nonref")))
    assert moments[-1].end == pytest.approx(shown[-1][0] + 0.1, abs=0.01)
    for m in moments:
        assert [number(f) for f in m.frames] == [next(n for at, n in reversed(shown) if at <= t + 1e-6) for t in m.frame_times]
