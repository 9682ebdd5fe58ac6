"""A fragmented MP4 whose video starts a second after its sound and whose 'trun' boxes are version 0
yet carry negative composition offsets (FFmpeg reads them signed, as some muxers write them): its
frames are read at the times FFmpeg shows them, its late start kept."""

from __future__ import annotations

import struct
from pathlib import Path

import pytest

from core.media import FrameSampler, probe
from tests.test_reader_fragments import FRAGMENTED, number, presented, write_numbered


def boxes(data: bytearray, start: int, end: int):
    while start + 8 <= end:
        size, kind = struct.unpack(">I4s", data[start:start + 8])
        yield kind, start, start + size
        start += size


def late_with_v0_negative_offsets(src: Path, dst: Path, track_id: int = 2) -> Path:
    """``src`` (negative_cts_offsets: version 1 'trun's) with its video's fragments one second later
    ('tfdt') and their 'trun's version 0, every composition offset a tenth of a second lower."""
    data = bytearray(src.read_bytes())
    scale = 10240  # (FFmpeg's video timescale at 10 fps)
    for _, a, b in (x for x in boxes(data, 0, len(data)) if x[0] == b"moof"):
        for _, c, d in (x for x in boxes(data, a + 8, b) if x[0] == b"traf"):
            inner = {kind: (s, e) for kind, s, e in boxes(data, c + 8, d)}
            if struct.unpack(">I", data[inner[b"tfhd"][0] + 12:inner[b"tfhd"][0] + 16])[0] != track_id:
                continue
            at = inner[b"tfdt"][0] + 12
            wide = data[at - 4] == 1
            fmt = ">Q" if wide else ">I"
            data[at:at + (8 if wide else 4)] = struct.pack(fmt, struct.unpack(fmt, data[at:at + (8 if wide else 4)])[0] + scale)
            t = inner[b"trun"][0]
            flags, count = int.from_bytes(data[t + 9:t + 12], "big"), struct.unpack(">I", data[t + 12:t + 16])[0]
            assert data[t + 8] == 1 and flags & 0x800
            data[t + 8] = 0
            first = t + 16 + 4 * bool(flags & 1) + 4 * bool(flags & 4)
            step = 4 * sum(bool(flags & bit) for bit in (0x100, 0x200, 0x400, 0x800))
            skip = 4 * sum(bool(flags & bit) for bit in (0x100, 0x200, 0x400))
            for i in range(count):
                q = first + i * step + skip
                data[q:q + 4] = struct.pack(">i", struct.unpack(">i", data[q:q + 4])[0] - scale // 10)
    dst.write_bytes(bytes(data))
    return dst


def test_a_late_video_with_negative_offsets_in_version_0_runs_keeps_its_late_start(tmp_path):
    """Reading the first offset unsigned (~4e9 ticks) took the video's whole late start away: its
    first frame at 0 s and 4 s long where FFmpeg and the preview show it at 1.2 s, 5.2 s long."""
    src = write_numbered(tmp_path / "negative.mp4", movflags=FRAGMENTED + "+negative_cts_offsets")
    path = late_with_v0_negative_offsets(src, tmp_path / "late.mp4")
    shown = presented(path)
    assert shown[0][0] > 0.9 and [n for _, n in shown] == list(range(40))  # (FFmpeg: at 1.2 s)
    times = [0.0, 0.95, 1.15] + [k / 10 + 0.05 for k in range(12, 53)]
    got = FrameSampler(size=None).frames_at(path, times)
    assert [number(f) for f in got.frames] == [next((n for at, n in reversed(shown) if at <= t + 1e-6), 0) for t in times]
    assert probe(path).duration == pytest.approx(shown[-1][0] + 0.1, abs=0.01)
