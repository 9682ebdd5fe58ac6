"""A Matroska or FLV file whose tags are not UTF-8 (a title written in Latin-1 by an older muxer or
tagger, common in older MKVs) is read as before: the look at its first packets for a slideshow whose
rate is only claimed (``core.sparse_rate``, b1c5b38) opened the file with PyAV's strict tag decoding,
whose UnicodeDecodeError made every such file fail to index where the reader itself (which reads
tags leniently: ``core.video_open``) read it."""

from __future__ import annotations

import numpy as np
import pytest

av = pytest.importorskip("av")

from core import sparse_rate, untimed_keys  # noqa: E402
from core.media import FrameSampler, reads_as_by  # noqa: E402


def write_latin1_tagged(path, fmt: str):
    """Two seconds of 30 fps H.264 whose title tag holds a byte that is not UTF-8 (0xE9: Latin-1 é)."""
    with av.open(str(path), "w", format=fmt) as out:
        out.metadata["title"] = "cafXYZcafe"
        s = out.add_stream("libx264", rate=30)
        s.width, s.height, s.pix_fmt = 64, 48, "yuv420p"
        s.options = {"bf": "2"}
        for i in range(60):
            frame = av.VideoFrame.from_ndarray(np.full((48, 64, 3), i * 4, np.uint8), format="rgb24")
            out.mux(s.encode(frame))
        out.mux(s.encode())
    data = path.read_bytes()
    assert data.count(b"cafXYZcafe") == 1
    path.write_bytes(data.replace(b"cafXYZcafe", b"caf\xe9YZcafe"))
    with pytest.raises(UnicodeDecodeError):  # (the tag is what this test says it is)
        av.open(str(path)).close()
    return path


@pytest.mark.parametrize("fmt,ext", [("matroska", "mkv"), ("flv", "flv")])
def test_a_file_whose_tags_are_not_utf8_is_indexed(tmp_path, fmt, ext):
    path = write_latin1_tagged(tmp_path / f"tagged.{ext}", fmt)
    sampler = FrameSampler(size=None, skip="nonref")  # (indexing's)
    reader = sampler.open(str(path))
    try:  # (asked of the reader open: frames_at closes it, its stream then freed)
        assert sparse_rate.sparser(reader, 1.0) is False  # (30 fps: no slideshow)
        assert reads_as_by(reader, 12) in (True, False)  # (the recheck of a library reader 12 indexed: no error)
        got = sampler.frames_at(reader, [0.5, 1.0, 1.5])
        assert len(got.frames) == 3
    finally:
        reader.close()


def _crc32_mpeg(data: bytes) -> int:
    """The CRC an MPEG-TS table section ends with (polynomial 0x04C11DB7, not reflected)."""
    crc = 0xFFFFFFFF
    for b in data:
        crc ^= b << 24
        for _ in range(8):
            crc = (crc << 1 ^ 0x04C11DB7 if crc & 0x80000000 else crc << 1) & 0xFFFFFFFF
    return crc


def write_latin1_language_ts(path):
    """Two seconds of 25 fps H.264 in an MPEG-TS (every frame stamped) with a soundtrack whose language
    code, in its program map table, holds a byte that is not UTF-8 (0xE9), as a broadcast recorder's may:
    FFmpeg copies the descriptor's bytes into the stream's tags as they are. Each copy of the table
    has its CRC made again, or FFmpeg would drop it."""
    with av.open(str(path), "w", format="mpegts") as out:
        s = out.add_stream("libx264", rate=25)
        s.width, s.height, s.pix_fmt = 64, 48, "yuv420p"
        out.add_stream("mp2", rate=48000).metadata["language"] = "qqx"
        for i in range(50):
            frame = av.VideoFrame.from_ndarray(np.full((48, 64, 3), i * 4, np.uint8), format="rgb24")
            frame.pts = i
            out.mux(s.encode(frame))
        out.mux(s.encode())
    data = bytearray(path.read_bytes())
    for at in range(0, len(data) - 187, 188):
        p = data[at:at + 188]
        if p[0] != 0x47 or not p[1] & 0x40 or (i := p.find(b"qqx")) < 0:
            continue  # (not the start of a section holding the code)
        s = 4 + (1 + p[4] if p[3] & 0x20 else 0)
        s += 1 + p[s]  # (its pointer field)
        end = s + 3 + ((p[s + 1] & 0x0F) << 8 | p[s + 2])
        p[i] = 0xE9
        p[end - 4:end] = _crc32_mpeg(bytes(p[s:end - 4])).to_bytes(4, "big")
        data[at:at + 188] = p
    path.write_bytes(bytes(data))
    with pytest.raises(UnicodeDecodeError):  # (the tag is what this test says it is)
        av.open(str(path)).close()
    return path


def test_a_ts_whose_tags_are_not_utf8_is_rechecked(tmp_path):
    """The recheck of a library reader 11 indexed (``untimed_keys.counted_by_11``: whether 11 counted
    its frames) opened the file with strict tag decoding, and its UnicodeDecodeError ended the recheck."""
    path = write_latin1_language_ts(tmp_path / "tagged.ts")
    sampler = FrameSampler(size=None, skip="nonref")
    reader = sampler.open(str(path))
    try:  # (asked of the reader open, as the decode pool asks: frames_at closes it, its stream then freed)
        assert untimed_keys.counted_by_11(reader) is False  # (every frame stamped: 11 counted none)
        assert reads_as_by(reader, 11) is True  # (kept)
        assert len(sampler.frames_at(reader, [0.5, 1.0, 1.5]).frames) == 3
    finally:
        reader.close()
