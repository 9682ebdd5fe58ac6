"""A single MPEG-PS clip of a few frames (a camcorder clip stopped at once) probed 0.02-0.04 s long with one frame
at 50 fps (2 MPEG-2 frames, 0.08 s): FFmpeg's length runs from its first PES stamp to its last, its rate is its
frames over that. Its one moment still ran to where its frames end (``FrameSampler.ended_at``), but its sample was
taken at half the probed length: always the first frame (with B-frames, a skipped one stood for it). Now an
MPEG-TS/PS whose header says it is under ``stream_facts.FEW_S`` long is read to its end (its rate its codec
header's) and decoded whole: its length, frame count and rate are its own, its moment's sample its middle frame.
An MPEG-TS of 2-3 frames (64x48) does not open in FFmpeg at all: it is skipped, said too short, never a crash."""

from __future__ import annotations

import pytest

from core.decode_pool import DecodeSpec, decode_file
from core.errors import MediaError
from core.media import probe
from tests.test_ps_joined_seek import FPS, frames, write_ps

CLIPS = [("mpeg2video", 0, 2), ("mpeg2video", 2, 2), ("mpeg2video", 2, 3), ("libx264", 2, 2), ("libx264", 0, 3)]


@pytest.mark.parametrize("codec,bf,n", CLIPS)
def test_a_clip_of_a_few_frames_has_its_length_and_its_middle_frame_sampled(tmp_path, codec, bf, n):
    path = write_ps(tmp_path / "few.vob", codec, n / FPS, bf=bf)
    info = probe(str(path))
    assert (info.duration, info.frame_count, info.fps) == (pytest.approx(n / FPS), n, FPS)
    got, moments = decode_file(str(path), DecodeSpec(size=None, timeout_s=20.0))
    moments = list(moments)
    assert got.duration == pytest.approx(n / FPS) and len(moments) == 1
    middle = (n // 2) / FPS  # (the frame shown at half its length)
    assert (moments[0].start, moments[0].end) == (0.0, pytest.approx(n / FPS))
    assert moments[0].thumb_time == pytest.approx(middle)
    assert moments[0].frames[0].tobytes() == frames("sequential", path, [middle + 0.01])[0][1]


@pytest.mark.parametrize("codec,bf,n", [("libx264", 2, 10), ("libx264", 0, 15), ("mpeg2video", 2, 15)])
def test_so_is_one_of_under_a_second_ffmpeg_reads_as_one_frame(tmp_path, codec, bf, n):
    """(0.4-0.6 s of 64x48 H.264 or MPEG-2: FFmpeg says 0.02-0.04 s, the moment's sample its first frame, at
    0.01 s; now where a longer clip's first is, a quarter second in or half way, the frame shown there.)"""
    path = write_ps(tmp_path / "few.vob", codec, n / FPS, bf=bf)
    info = probe(str(path))
    assert (info.duration, info.frame_count) == (pytest.approx(n / FPS), n)
    _, moments = decode_file(str(path), DecodeSpec(size=None, timeout_s=20.0))
    (moment,) = list(moments)
    at = int(min(0.25, n / FPS / 2) * FPS + 1e-6) / FPS  # (a quarter second in, or half the clip: the frame there)
    assert moment.end == pytest.approx(n / FPS) and moment.thumb_time == pytest.approx(at)
    assert moment.frames[0].tobytes() == frames("sequential", path, [at + 0.01])[0][1]


def test_an_mpeg_ts_of_a_few_frames_is_skipped_as_too_short(tmp_path):
    path = write_ps(tmp_path / "few.ts", "mpeg2video", 2 / FPS, bf=2, fmt="mpegts")
    with pytest.raises(MediaError, match="MPEG-TS too short for FFmpeg to find its video in"):
        probe(str(path))


@pytest.mark.slow
def test_indexing_keeps_the_clip_and_fails_the_ts_with_its_reason(tmp_path):
    from core.library.records import DONE, FAILED
    from tests.test_cut_short import run, video

    folder = tmp_path / "videos"
    folder.mkdir()
    write_ps(folder / "few.vob", "mpeg2video", 3 / FPS, bf=2)
    write_ps(folder / "few.ts", "mpeg2video", 2 / FPS, bf=2, fmt="mpegts")
    run(tmp_path / "lib", folder)
    rec, moments = video(tmp_path / "lib", "few.vob")
    assert rec.status == DONE and rec.duration == pytest.approx(3 / FPS) and len(moments) == 1
    rec, _ = video(tmp_path / "lib", "few.ts")
    assert rec.status == FAILED and "MPEG-TS too short for FFmpeg to find its video in" in rec.error
