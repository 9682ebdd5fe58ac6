"""Where each part of a timeline ends (``core.timeline.scan``): the next part starts there.

A part's end is its last frame's: the latest timestamp plus a frame. Where FFmpeg gives its frames
no timestamp (H.264 in an MPEG-PS or -TS: small frames share a PES, whose one timestamp goes to the
first frame beginning in it; 19 of 500 packets timed), the last timed packet is not its last frame:
its untimed frames after it are counted on (each a frame of the part's own rate, the step between
its timed packets divided by the frames between them), as are those between timed packets to tell a
frame's step. Reader 13 (``core.video_info.READER``) took the step between timed packets (~1 s)
for a frame's, and ended such a part there: the parts after it came that much late (two joined H.264
PS clips: 0.88 s without B-frames, 0.28 s with). :attr:`Ends.moved_by_13` says how far it put them.
Reader 14 ended a run that begins after a stray stamp (at a P-frame) by that frame's delay, not its
stream's (with B-frames 2 frames late): :attr:`Ends.by_14` keeps its ends, for ``Timeline.moved_by_14``.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field, replace


@dataclass
class _Run:
    """A segment's timed packets as the scan meets them (in decoding order)."""

    stream: int
    first: int  # its first decoding timestamp
    last: int  # its last one
    latest: int  # its latest presentation timestamp
    key: bool = True  # whether it begins at a keyframe (where a clip starts, not after a stray stamp)
    trailing: int = 0  # frames without a timestamp after its last timed packet
    steps: Counter = field(default_factory=Counter)  # decoding steps a frame (untimed frames between counted),
    timed_steps: Counter = field(default_factory=Counter)  # steps between timed packets (reader 13's): how many
    # of each (a list held an int a packet: ~6 MB an hour of DVD, ``benchmarks/ps_scan_memory.py``)


def median(counts: Counter, default=0):
    """The median of the values ``counts`` counts (the upper one of an even number), or ``default``."""
    k = sum(counts.values()) // 2
    for value in sorted(counts):
        k -= counts[value]
        if k < 0:
            return value
    return default


class Ends:
    """The scan's account of its segments' ends: :meth:`begin` a segment at a timed packet, :meth:`on`
    for each later timed packet of it, :meth:`finish` with the untimed frames each stream ends with."""

    def __init__(self):
        self.runs: list[_Run] = []
        self.step = 0  # a frame's step (the median), once finished
        self.moved_by_13 = 0.0  # seconds: the most reader 13 put a part's frames off their time here
        self.by_14 = None  # the segments as reader 14 ended them, where it ended one otherwise (``finish``)

    def begin(self, stream: int, pts: int, dts: int, before: int, after: dict, key: bool = True) -> None:
        """A new segment at this packet of ``stream`` (``before``: untimed frames of that stream since its
        last timed packet: the segment before's last frames, when it is that stream's; ``key``: it is a
        keyframe's)."""
        if self.runs:
            prev = self.runs[-1]
            prev.trailing += before if prev.stream == stream else after.get(prev.stream, 0)
        self.runs.append(_Run(stream, dts, dts, pts, key))

    def on(self, pts: int, dts: int, before: int) -> None:
        """The segment's next timed packet, ``before`` untimed frames after the one before it."""
        run = self.runs[-1]
        if dts > run.last:
            run.steps[(dts - run.last) // (before + 1)] += 1
            run.timed_steps[dts - run.last] += 1
        run.last, run.latest = dts, max(run.latest, pts)

    def finish(self, segments: list, after: dict) -> list:
        """Each segment's end set (``segments``: the :class:`core.timeline.Segment` of each run, their
        ``end`` the latest timed packet's end); ``after``: the untimed frames each stream ends with.
        Returns the segments as reader 13 ended them (copies), for :meth:`compare`; None where every
        frame was timed (reader 13 ended them alike)."""
        if self.runs:
            self.runs[-1].trailing += after.get(self.runs[-1].stream, 0)
        self.step = median(sum((run.steps for run in self.runs), Counter()))
        step_13 = median(sum((run.timed_steps for run in self.runs), Counter()))
        old, delays, by_14 = [], {}, []  # (a stream's delay, its presentation time after its decoding time, as
        for seg, run in zip(segments, self.runs):  # where a run begins at a keyframe: one after a stray stamp
            old.append(replace(seg, end=run.latest + step_13 if seg.end - run.latest < step_13 / 2 else seg.end))
            by_14.append(replace(seg))  # (reader 14's: each run's own delay)
            delay = seg.start - run.first  # begins at a P-frame, whose is longer: its part ended 2 frames late;
            if run.key:  # (one at a keyframe its own: an H.264 clip of 2 frames has no B-frames, those beside it 2)
                delays.setdefault(run.stream, delay)
            else:
                delay = delays.get(run.stream, delay)
            if run.trailing:  # (its last frames untimed: counted on, each a frame of its own rate)
                frame = median(run.steps, self.step)
                seg.end = max(seg.end, run.last + (run.trailing + 1) * frame + delay)
                by_14[-1].end = max(by_14[-1].end, run.last + (run.trailing + 1) * frame + seg.start - run.first)
            for s in (seg, by_14[-1]):
                if s.end - run.latest < self.step / 2:  # (a last frame said to last under half a frame lasts
                    s.end = run.latest + self.step  # one: its duration is none, or a placeholder: DHAV's
                    # every packet lasts 1 ms, and the part after it started a frame early)
        self.step_13 = step_13
        self.by_14 = by_14 if any(a.end != b.end for a, b in zip(segments, by_14)) else None  # (for ``moved``)
        counted = any(run.trailing or run.steps != run.timed_steps for run in self.runs)
        return old if counted else None

    def compare(self, segments: list, old: list, tb: float) -> None:
        """``moved_by_13``: how far reader 13's parts (``old``, ``finish``'s, timed as ``segments``
        were) start from these."""
        self.moved_by_13 = moved(segments, old, tb)


def moved(segments: list, old: list, tb: float) -> float:
    """Seconds: how far an earlier reader's parts (``old``, placed as ``segments`` were) start, or the
    last ends, from these; infinite where it had other parts."""
    if len(old) != len(segments):
        return float("inf")
    far = max((abs(a.at - b.at) for a, b in zip(segments, old)), default=0.0)
    return max(far, abs(segments[-1].seconds(segments[-1].end, tb) - old[-1].seconds(old[-1].end, tb)))
