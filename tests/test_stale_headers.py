"""A header that claims less than the file holds (an AVI whose frame counts were never updated,
an FLV whose metadata duration is stale, a Matroska Duration written early): players play on to
the last frame, and Seekframe indexed only the header's length, saying nothing. It now reads on
while frames come, in those containers (``core.tracks.runs_on``), never in MP4/MOV, whose edit
list's end is a trim."""

from __future__ import annotations

import struct
from pathlib import Path

import av
import numpy as np
import pytest

from core.library.records import DONE
from core.media import FrameSampler, probe
from core.moments import MomentSegmenter
from tests.test_cut_short import run, video
from tests.test_tracks import colour_at, nearest


def clip(path: Path, fmt: str, codec: str = "libx264", seconds: int = 12, fps: int = 10,
         gop: int | None = None) -> bytearray:
    """A 64x48 clip of ``colour_at``'s colours, a keyframe every ``gop`` frames (default: a second);
    its bytes."""
    with av.open(str(path), "w", format=fmt) as out:
        s = out.add_stream(codec, rate=fps)
        s.width, s.height, s.pix_fmt = 64, 48, "yuv420p"
        s.options = {"g": str(gop or fps)}
        for i in range(seconds * fps):
            img = np.empty((48, 64, 3), np.uint8)
            img[:] = colour_at(i / fps)
            frame = av.VideoFrame.from_ndarray(img, format="rgb24")
            frame.pts = i
            for p in s.encode(frame):
                out.mux(p)
        for p in s.encode():
            out.mux(p)
    return bytearray(path.read_bytes())


def stale(folder: Path, kind: str) -> Path:
    """A 12 s clip whose header says 6 s."""
    path = folder / {"avi": "counts.avi", "flv": "meta.flv", "mkv": "early.mkv"}[kind]
    if kind == "avi":
        data = clip(path, "avi", "mpeg4")
        for box, at in ((b"strh", 40), (b"avih", 24)):  # dwLength, dwTotalFrames: 60 frames
            i = data.find(box)
            data[i + at:i + at + 4] = struct.pack("<I", 60)
    elif kind == "flv":
        data = clip(path, "flv")
        i = data.find(b"duration")
        data[i + 9:i + 17] = struct.pack(">d", 6.0)
    else:
        data = clip(path, "matroska")
        i = data.find(bytes([0x44, 0x89, 0x88]))  # the Segment's Duration, in milliseconds
        data[i + 3:i + 11] = struct.pack(">d", 6000.0)
        i = data.find(b"DURATION")  # (no track's DURATION tag to go by)
        data[i:i + 8] = b"XURATION"
    path.write_bytes(bytes(data))
    return path


@pytest.mark.parametrize("kind", ["avi", "flv", "mkv"])
def test_a_stale_header_is_read_on_to_the_last_frame(tmp_path, kind):
    path = stale(tmp_path, kind)
    assert probe(path).duration == pytest.approx(6.0, abs=0.2)  # (what the header says)
    sampler = FrameSampler(size=16, skip="nonref")
    moments = list(MomentSegmenter(window_s=4.0, frames_per_moment=2).segment(str(path), sampler))
    assert [(m.start, m.end) for m in moments] == [(0.0, 4.0), (4.0, 8.0), (8.0, pytest.approx(12.0, abs=0.11))]
    for m in moments:
        assert [nearest(f.reshape(-1, 3).mean(0)) for f in m.frames] == [colour_at(t) for t in m.frame_times]
    part = sampler.at_rate(str(path), 2.0, 0.0, 5.0)  # (a span asked for stays that span)
    assert part.times[-1] < 5.0


def test_the_library_records_the_length_it_played(tmp_path):
    folder = tmp_path / "videos"
    folder.mkdir()
    stale(folder, "avi")
    run(tmp_path / "lib", folder)
    rec, moments = video(tmp_path / "lib", "counts.avi")
    assert rec.status == DONE and rec.error == "" and rec.duration == pytest.approx(12.0, abs=0.11)
    assert moments[-1].end == pytest.approx(rec.duration)


def test_an_mp4_is_as_long_as_its_header_says(tmp_path):
    from tests.test_tracks import _trimmed, write

    path = _trimmed(write(tmp_path / "trim.mp4", 10.0), by_s=3.0, keep_s=7.0)
    moments = list(MomentSegmenter(window_s=4.0, frames_per_moment=2).segment(path, FrameSampler(size=16)))
    assert moments[-1].end == pytest.approx(7.0, abs=0.11)


def test_a_stale_header_on_a_damaged_file_records_the_length_it_played(tmp_path):
    """The damage note was raised before the length was widened: the header's 6 s was recorded
    while the moments ran to 12 s."""
    from core.decode_pool import DecodePool, DecodeSpec

    path = stale(tmp_path, "avi")
    data = bytearray(path.read_bytes())
    movi, index = data.find(b"movi"), data.find(b"idx1")
    lo, hi = movi + int((index - movi) * 0.6), movi + int((index - movi) * 0.7)
    data[lo:hi] = np.random.default_rng(0).integers(0, 256, hi - lo, dtype=np.uint8).tobytes()  # (bytes gone bad)
    path.write_bytes(bytes(data))
    pool = DecodePool()
    try:
        got = list(pool.decode(str(path), DecodeSpec(size=16, timeout_s=30.0), timeout_s=30.0))
    finally:
        pool.close()
    kind, info = got[-1]
    moments = [m for k, m in got if k == "moment"]
    assert kind == "done" and info.cut_short.startswith("damaged: "), got[-1]
    assert info.duration == pytest.approx(moments[-1].end, abs=0.01) and info.duration > 10.0
