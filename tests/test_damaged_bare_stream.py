"""A bare H.264 stream (.h264: no container, so no packet has a timestamp) whose decoder rejects a
packet after its first frame: the damage was placed at the end of the latest timed packet, which a
bare stream never has (-inf), and saying where failed the file with "unexpected error:
OverflowError: cannot convert float infinity to integer" (found by benchmarks/corrupt_fuzz.py: a
188-byte run of the stream copied into its last third). It is indexed around the damage now, said
as damaged at the time the stream had reached."""

from __future__ import annotations

import numpy as np
import pytest

from core.decode_pool import DecodeSpec, decode_file
from core.errors import Damaged, MediaError


def write_bare_h264(path) -> bytes:
    import av

    with av.open(str(path), "w", format="h264") as out:
        stream = out.add_stream("libx264", rate=10)
        stream.width, stream.height, stream.pix_fmt, stream.gop_size = 128, 96, "yuv420p", 10
        stream.options = {"preset": "ultrafast", "bf": "2", "threads": "1"}
        for i in range(30):
            rgb = np.zeros((96, 128, 3), np.uint8)
            rgb[:] = (20 + 20 * (i // 10), 60, 200 - 15 * (i // 10))
            rgb[30:60, (i * 7) % 100:(i * 7) % 100 + 28] = (240, 220, 30)
            for packet in stream.encode(av.VideoFrame.from_ndarray(rgb, format="rgb24").reformat(format="yuv420p")):
                out.mux(packet)
        for packet in stream.encode():
            out.mux(packet)
    return path.read_bytes()


def test_a_bare_stream_damaged_after_its_first_frame_is_indexed_around_it(tmp_path):
    data = write_bare_h264(tmp_path / "seed.h264")
    at, damaged = len(data) * 2 // 3, []
    for a in range(0, len(data) - 200, 61):  # (a run copied in: which runs the decoder rejects depends on the bytes)
        path = tmp_path / f"dup{a}.h264"
        path.write_bytes(data[:at] + data[a:a + 188] + data[at:])
        try:
            info, moments = decode_file(str(path), DecodeSpec(size=64))
            assert list(moments)
        except Damaged as exc:
            damaged.append(exc)
        except MediaError:
            pass
    assert damaged, "no copy gave a damaged packet: the test checks nothing"
    for exc in damaged:
        assert exc.reason.startswith("damaged: ") and "could not be decoded (at 0:0" in exc.reason, exc.reason
