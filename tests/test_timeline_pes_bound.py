"""The timeline scan's own reads of a PTS-only PES's stamps (``pes_dts.fixed``) are bounded by the
scan's ``timeout_s``, as the reader's are (reader_packets), not by the 120 s default: a share that stops
answering holds the scan no longer than its bound (the s53 reader review's finding)."""

import av
import numpy as np

from core import pes_dts, timeline


def _ts(path):
    with av.open(str(path), "w", format="mpegts") as out:
        s = out.add_stream("mpeg2video", rate=10)
        s.width, s.height, s.pix_fmt = 64, 48, "yuv420p"
        for i in range(10):
            f = av.VideoFrame.from_ndarray(np.full((48, 64, 3), i * 20, np.uint8), format="rgb24")
            f.pts = i
            out.mux(s.encode(f))
        out.mux(s.encode())
    return path


def test_the_scan_bounds_the_pes_stamp_reads_by_its_own_timeout(tmp_path, monkeypatch):
    path = _ts(tmp_path / "a.ts")
    seen = []

    def fixed(p, packets, index, timeout_s=None):
        seen.append(timeout_s)
        return packets

    monkeypatch.setattr(pes_dts, "applies", lambda container, stream: True)
    monkeypatch.setattr(pes_dts, "fixed", fixed)
    with av.open(str(path)) as c:
        s = c.streams.video[0]
        index, tb = s.index, float(s.time_base)
    timeline.scan(path, index, tb, None, timeout_s=7.0)
    assert seen == [7.0]
