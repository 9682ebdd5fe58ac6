"""Two of part_cuts' rules found by the s52 reader review: a part joined to the run it goes on from
kept the first run's keyframe delay, where ``Segment.key_delay`` is the most of its keyframes' (as the
scan collects it), so a later run's larger delay was lost to ``untimed_keys``' guess; and ``stray_lead``
listed every packet of the stream to look at its first few, on every MPEG-PS/TS scan."""

from __future__ import annotations

from core import part_cuts
from core.timeline import Segment

TB = 1 / 90000


def test_a_run_joined_to_the_one_before_keeps_the_larger_keyframe_delay():
    first = Segment(pos=0, start=0, end=90000, packets=25, key_delay=3600)
    after = Segment(pos=5000, start=90000, end=180000, packets=25, key_delay=7200)
    parts, _ = part_cuts.kept([first, after], TB)
    assert len(parts) == 1 and parts[0].end == 180000 and parts[0].key_delay == 7200
    parts, _ = part_cuts.kept([Segment(pos=0, start=0, end=90000, packets=25, key_delay=None),
                               Segment(pos=5000, start=90000, end=180000, packets=25, key_delay=3600)], TB)
    assert parts[0].key_delay == 3600
    parts, _ = part_cuts.kept([Segment(pos=0, start=0, end=90000, packets=25, key_delay=None),
                               Segment(pos=5000, start=90000, end=180000, packets=25, key_delay=None)], TB)
    assert parts[0].key_delay is None


class Counted(list):
    """Records as a list that counts the packets handed out by iterating it."""

    handed = 0

    def __iter__(self):
        for p in super().__iter__():
            self.handed += 1
            yield p


def test_stray_lead_looks_at_the_streams_first_packets_only():
    # (stream, pos, pts, dts, ...): every packet positioned, as nearly every scan: no stray lead
    packets = Counted((0, 188 * i, 3600 * i, 3600 * i, False, False) for i in range(100_000))
    assert part_cuts.stray_lead(packets, [0], 0, TB) == 0
    assert packets.handed <= part_cuts.LEAD_LOOK + 1, packets.handed
