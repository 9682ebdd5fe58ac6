"""Fragmented MP4 (fMP4: an empty index, then one 'moof' + 'mdat' pair per group of pictures), as
phones, OBS and other crash-safe recorders write it: read at the right times, and a recording
that stopped part-way (power lost, the app killed) indexed as far as its whole fragments go."""

from __future__ import annotations

import struct
from fractions import Fraction
from pathlib import Path

import av
import numpy as np
import pytest

from core.errors import MediaError
from core.media import FrameSampler, probe
from core.moments import MomentSegmenter
from tests.test_tracks import colour_at, nearest, picture

FRAGMENTED = {"movflags": "frag_keyframe+empty_moov+default_base_moof"}


def write_fragmented(path: Path, seconds: float = 5.0, fps: int = 10) -> Path:
    """A clip whose colour changes each second, H.264 with B-frames, one fragment a second."""
    tb = Fraction(1, 90000)
    with av.open(str(path), "w", format="mp4", options=FRAGMENTED) as out:
        video = out.add_stream("libx264", rate=fps)
        video.width, video.height, video.pix_fmt, video.time_base = 64, 48, "yuv420p", tb
        video.options = {"g": str(fps), "keyint_min": str(fps), "sc_threshold": "0", "bf": "2"}
        for i in range(int(seconds * fps)):
            frame = av.VideoFrame.from_ndarray(picture(i / fps), format="rgb24")
            frame.pts, frame.time_base = round(i / fps / tb), tb
            out.mux(video.encode(frame))
        out.mux(video.encode())
    return path


def top_boxes(data: bytes) -> list[tuple[bytes, int, int]]:
    """(type, start, end) of the file's top-level boxes."""
    boxes, pos = [], 0
    while pos + 8 <= len(data):
        size, kind = struct.unpack(">I4s", data[pos : pos + 8])
        boxes.append((kind, pos, pos + size))
        pos += size
    return boxes


def colours(frames) -> list:
    return [nearest(f.reshape(-1, 3).mean(0)) for f in frames]


def test_a_fragmented_recording_is_read_at_its_times(tmp_path):
    path = write_fragmented(tmp_path / "rec.mp4")
    assert probe(path).duration == pytest.approx(5.0, abs=0.01)
    times = [0.05, 1.05, 2.55, 3.95, 4.95]
    got = FrameSampler(size=16).frames_at(path, times)
    assert colours(got.frames) == [colour_at(t) for t in times]


@pytest.mark.parametrize("cut", [8, -4, -60])  # bytes from the start of the 'moof' (or its end): FFmpeg
def test_a_recording_stopped_inside_a_fragments_header_is_read_as_far_as_its_whole_fragments(tmp_path, cut):
    # opened the first, not the others (cut in the sample table)
    """FFmpeg refuses to open an fMP4 that ends inside a 'moof' box (its open reads every fragment's
    header): the file was indexed as nothing, "damaged or incomplete MP4/MOV file", though three
    whole seconds play. It is now read as the fragments before that 'moof'."""
    whole = write_fragmented(tmp_path / "whole.mp4").read_bytes()
    moofs = [(start, end) for kind, start, end in top_boxes(whole) if kind == b"moof"]
    assert len(moofs) == 5
    start, end = moofs[3]  # the fourth second's header
    path = tmp_path / "stopped.mp4"
    path.write_bytes(whole[: (start if cut > 0 else end) + cut])
    info = probe(path)
    assert info.duration == pytest.approx(3.0, abs=0.01)
    times = [0.05, 1.05, 2.55, 2.95]
    got = FrameSampler(size=16).frames_at(path, times)
    assert colours(got.frames) == [colour_at(t) for t in times]
    assert np.allclose(got.times, [0.0, 1.0, 2.5, 2.9])
    moments = list(MomentSegmenter(window_s=1.0, frames_per_moment=2).segment(str(path), FrameSampler(size=16, skip="nonref")))
    assert moments[-1].end == pytest.approx(3.0, abs=0.01)
    for m in moments:
        assert colours(m.frames) == [colour_at(t) for t in m.frame_times]


def test_a_recording_stopped_inside_its_first_fragments_header_says_so(tmp_path):
    whole = write_fragmented(tmp_path / "whole.mp4").read_bytes()
    start, end = next((start, end) for kind, start, end in top_boxes(whole) if kind == b"moof")
    path = tmp_path / "stopped.mp4"
    path.write_bytes(whole[: end - 4])
    with pytest.raises(MediaError, match=r"recording stops inside the header of one of its fragments"):
        probe(path)


def test_a_long_recording_of_a_fragment_a_frame_stopped_inside_a_fragments_header(tmp_path):
    """More top-level boxes (4,400) than the header checks read (4,096): its whole fragments found all the same."""
    path = tmp_path / "long.mp4"
    with av.open(str(path), "w", format="mp4", options={"movflags": "frag_every_frame+empty_moov+default_base_moof"}) as out:
        video = out.add_stream("libx264", rate=25)
        video.width, video.height, video.pix_fmt, video.options = 64, 48, "yuv420p", {"bf": "0", "g": "25"}
        for i in range(2200):
            frame = av.VideoFrame.from_ndarray(picture(i / 25), format="rgb24")
            frame.pts, frame.time_base = i, Fraction(1, 25)
            out.mux(video.encode(frame))
        out.mux(video.encode())
    whole = path.read_bytes()
    start, end = [(s, e) for kind, s, e in top_boxes(whole) if kind == b"moof"][-25]  # (the 88th second's first frame)
    path.write_bytes(whole[: end - 4])
    assert probe(path).duration == pytest.approx(87.0, abs=0.01)
    got = FrameSampler(size=16).frames_at(path, [86.5])
    assert colours(got.frames) == [colour_at(86.5)]


def test_a_recording_of_fragments_that_start_part_way_is_as_long_as_they_play(tmp_path):
    """Its index and then the fragments from its third second on (a live stream's recording joined
    late, the segments of a stream saved from where a download began): FFmpeg gives the track's end
    as its length, counted from the stream's start, and the 3 s video was read as 5 s long, then
    called cut short where it ended."""
    whole = write_fragmented(tmp_path / "whole.mp4").read_bytes()
    boxes = top_boxes(whole)
    moov_end = next(end for kind, _, end in boxes if kind == b"moov")
    third = [start for kind, start, _ in boxes if kind == b"moof"][2]
    path = tmp_path / "joined late.mp4"
    path.write_bytes(whole[:moov_end] + whole[third:])
    info = probe(path)
    assert info.duration == pytest.approx(3.0, abs=0.11) and info.cut_short == ""
    moments = list(MomentSegmenter(window_s=1.0, frames_per_moment=2).segment(str(path), FrameSampler(size=16, skip="nonref")))
    assert moments[-1].end == pytest.approx(3.0, abs=0.11)
    for m in moments:  # (its first frame shown at 0: the stream's third second)
        assert colours(m.frames) == [colour_at(t + 2.0) for t in m.frame_times]
