"""The timeline scan of a long MPEG-PS of clips joined byte for byte held every packet's details twice
over as Python objects: FFmpeg's genpts done after the read (``ps_genpts.filled``: a slotted record a
packet, ~180 bytes) and the scan's own list of timed packets (a tuple of Python ints each, ~180 more),
and two lists of an int a packet for the parts' frame steps (``part_ends``): ~290 bytes a packet at its
peak, 26 MB for an hour of DVD-like MPEG-2 (``benchmarks/ps_scan_memory.py``). Now both records are
columns of machine integers (``core.packet_records``) and the steps are counted (how many of each):
~100 bytes a packet, the same timeline."""

from __future__ import annotations

import tracemalloc

import pytest

av = pytest.importorskip("av")

from core import timeline  # noqa: E402
from tests.test_ps_joined_seek import write_ps  # noqa: E402

BYTES_A_PACKET = 160  # (the peak's bound: ~290 before, ~100 now)


@pytest.mark.slow
def test_the_scan_of_joined_clips_holds_under_160_bytes_a_packet(tmp_path):
    clip = write_ps(tmp_path / "clip.vob", "mpeg2video", 240)
    path = tmp_path / "joined.vob"
    path.write_bytes(clip.read_bytes() * 2)
    with av.open(str(path)) as c:
        s = c.streams.video[0]
        index, tb, origin = s.index, float(s.time_base), s.start_time
        packets = sum(1 for p in c.demux(s) if p.size)
    timeline._scan(str(path), index, tb, origin)  # (imports, FFmpeg's first open: not the scan's)
    tracemalloc.start()
    try:
        tl = timeline._scan(str(path), index, tb, origin)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert [round(seg.at, 3) for seg in tl.segments] == [0.0, 240.0]
    assert peak < BYTES_A_PACKET * packets, (peak, packets, peak / packets)
