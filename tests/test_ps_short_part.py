"""A very short part in MPEG-PS clips joined byte for byte (a camcorder clip stopped at once: 0.6 s of
H.264, one or two of its packets timed, small frames sharing a PES) was taken for stray timestamps
(``timeline._kept``: fewer than 3 timed packets), or not cut from the part after it at all (its one
timed packet's time the next clip's first's: both clocks start at 0): its frames were timed as the
part before's, or over the next part's, and a seek into it gave other pixels than the read straight
through (a seek into its last group also timed its untimed frames back from the next part's first
timed frame, 0.6 s off: ``untimed_keys`` took only 1 s for another clock's). Now a short run is a part
where the clock after it does not come back to the part before it (``core.part_cuts``), a clock that
does not move on by the untimed frames between two timed packets jumped back, and held frames are not
timed from a later part's frame. A stray stamp far off inside one part is still no part (with B-frames
the part after it then ended 2 frames late: ``part_ends`` took its delay from a P-frame's)."""

from __future__ import annotations

from pathlib import Path

import pytest

from core.media import FrameSampler
from tests.test_ps_joined_seek import frames, write_ps
from tests.test_stray_packet_length import HOURS_3, _shift

LONG_S = 6.0


def stamped(data: bytes) -> list[int]:
    """Where each video PES header with a PTS starts (FFmpeg's muxer writes H.264 as stream 0xE2)."""
    return [i for i in range(len(data) - 14) if data[i:i + 3] == b"\x00\x00\x01" and 0xE0 <= data[i + 3] <= 0xEF
            and data[i + 6] & 0xC0 == 0x80 and data[i + 7] & 0x80]


def joined(tmp_path: Path, short: float, bf: int) -> tuple[Path, list[Path]]:
    """A 6 s clip, a ``short`` one, a 6 s one (H.264, each its clock from the start), joined."""
    parts = [write_ps(tmp_path / f"p{k}.vob", "libx264", s, shade=40 * k, bf=bf)
             for k, s in enumerate((LONG_S, short, LONG_S))]
    path = tmp_path / "joined.vob"
    path.write_bytes(b"".join(p.read_bytes() for p in parts))
    return path, parts


@pytest.mark.parametrize("short,bf", [(0.6, 0), (0.6, 2), (1.0, 0), (1.0, 2)])
def test_a_short_part_reads_as_it_reads_alone_sequential_and_sought(tmp_path, short, bf):
    path, parts = joined(tmp_path, short, bf)
    inside = [0.02, short / 2, short - 0.05]
    after = [0.3, 2.0]
    want = ([(round(LONG_S + t, 6), px) for t, px in frames("sequential", parts[1], inside)]
            + [(round(LONG_S + short + t, 6), px) for t, px in frames("sequential", parts[2], after)])
    times = [LONG_S + t for t in inside] + [LONG_S + short + t for t in after]
    assert frames("sequential", path, times) == want
    for t, w in zip(times, want):  # (each a fresh reader: a thumbnail; and one reader back and forth)
        assert frames("seek", path, [t]) == [w], t
    sampler = FrameSampler(size=None, _strategy="seek")
    reader = sampler._open(str(path))
    try:
        for t, w in sorted(zip(times, want), key=lambda tw: -tw[0]):
            time, frame = reader.at(t)
            assert (round(float(time), 6), sampler._convert(frame, reader.view).tobytes()) == w, t
        assert len(reader.timeline.segments) == 3
    finally:
        reader.close()


@pytest.mark.parametrize("bf", [0, 2])
def test_a_stray_stamp_inside_a_part_is_still_no_part(tmp_path, bf):
    """A PES stamp in the middle of a 20 s first part set 3 hours on (a recorder's glitch): a timed
    packet or two with a wild clock, after which the clock comes back. It is no part: the file reads
    as it does without it, two parts."""
    parts = [write_ps(tmp_path / f"p{k}.vob", "libx264", s, shade=40 * k, bf=bf) for k, s in enumerate((20.0, LONG_S))]
    first = bytearray(parts[0].read_bytes())
    heads = stamped(first)
    assert len(heads) > 10
    _shift(first, heads[len(heads) // 2], HOURS_3, dts=True)
    clean, stray = tmp_path / "clean.vob", tmp_path / "stray.vob"
    clean.write_bytes(parts[0].read_bytes() + parts[1].read_bytes())
    stray.write_bytes(bytes(first) + parts[1].read_bytes())
    times = [19.9, 20.3, 25.0]
    want = frames("sequential", clean, times)
    reader = FrameSampler(size=None, _strategy="seek")._open(str(stray))
    try:
        assert len(reader.timeline.segments) == 2
    finally:
        reader.close()
    assert frames("sequential", stray, times) == want
    for t, w in zip(times, want):
        assert frames("seek", stray, [t]) == [w], t


@pytest.mark.parametrize("skip", ["nonref", "nonkey"])
@pytest.mark.parametrize("short,bf", [(0.6, 0), (0.6, 2), (1.0, 2)])
def test_skipping_frames_a_seek_into_a_short_part_gives_the_sequential_reads_frame(tmp_path, short, bf, skip):
    """Indexing's decoder (``nonref``) and the quick pass's (``nonkey``): each time sought by a fresh
    reader gives what the read straight through skipping alike gives, and one reader back and forth."""
    path, _ = joined(tmp_path, short, bf)
    times = [LONG_S - 0.3, LONG_S + 0.02, LONG_S + short / 2, LONG_S + short - 0.05, LONG_S + short + 0.3, LONG_S + 3]
    got = FrameSampler(size=None, skip=skip, _strategy="sequential").frames_at(str(path), times)
    want = [(round(float(t), 6), f.tobytes()) for t, f in zip(got.times, got.frames)]
    for t, w in zip(times, want):
        got = FrameSampler(size=None, skip=skip, _strategy="seek").frames_at(str(path), [t])
        assert [(round(float(x), 6), f.tobytes()) for x, f in zip(got.times, got.frames)] == [w], t
    sampler = FrameSampler(size=None, skip=skip, _strategy="seek")
    reader = sampler._open(str(path))
    try:
        for t, w in sorted(zip(times, want), key=lambda tw: -tw[0]):
            time, frame = reader.at(t)
            assert (round(float(time), 6), sampler._convert(frame, reader.view).tobytes()) == w, t
    finally:
        reader.close()



@pytest.mark.parametrize("bf", [0, 2])
def test_a_short_last_part_reads_as_it_reads_alone(tmp_path, bf):
    """The file's last clip stopped at once: nothing after it to come back to, its clock started again
    (a stray stamped on at the file's end stays a stray: ``tests/test_stray_packet_length.py``)."""
    parts = [write_ps(tmp_path / f"p{k}.vob", "libx264", s, shade=40 * k, bf=bf) for k, s in enumerate((LONG_S, 1.0))]
    path = tmp_path / "joined.vob"
    path.write_bytes(b"".join(p.read_bytes() for p in parts))
    inside = [0.02, 0.5, 0.95]
    want = [(round(LONG_S + t, 6), px) for t, px in frames("sequential", parts[1], inside)]
    times = [LONG_S + t for t in inside]
    assert frames("sequential", path, times) == want
    for t, w in zip(times, want):
        assert frames("seek", path, [t]) == [w], t


@pytest.mark.parametrize("short,bf", [(0.6, 0), (0.6, 2), (1.0, 0), (1.0, 2)])
def test_a_short_first_part_reads_as_it_reads_alone_sequential_and_sought(tmp_path, short, bf):
    """The file's first clip stopped at once (one or two timed packets): nothing before it to come back
    to, it was taken for stray timestamps, its frames timed as the next clip's (which starts at 0 too)
    and every part after it a clip's length early. It and the clip after it each begin at a keyframe."""
    parts = [write_ps(tmp_path / f"p{k}.vob", "libx264", s, shade=40 * k, bf=bf)
             for k, s in enumerate((short, LONG_S, LONG_S))]
    path = tmp_path / "joined.vob"
    path.write_bytes(b"".join(p.read_bytes() for p in parts))
    times, want = [], []
    for at, part, inside in ((0.0, parts[0], [0.02, short / 2, short - 0.05]), (short, parts[1], [0.02, 3.0, 5.95]),
                             (short + LONG_S, parts[2], [0.02, 3.0, 5.95])):
        times += [at + t for t in inside]
        want += [(round(at + t, 6), px) for t, px in frames("sequential", part, inside)]
    assert frames("sequential", path, times) == want
    for t, w in zip(times, want):
        assert frames("seek", path, [t]) == [w], t
    sampler = FrameSampler(size=None, _strategy="seek")
    reader = sampler._open(str(path))
    try:
        for t, w in sorted(zip(times, want), key=lambda tw: -tw[0]):
            time, frame = reader.at(t)
            assert (round(float(time), 6), sampler._convert(frame, reader.view).tobytes()) == w, t
        assert len(reader.timeline.segments) == 3
    finally:
        reader.close()


@pytest.mark.parametrize("stamps", [1, 2])
@pytest.mark.parametrize("bf", [0, 2])
def test_stray_stamps_at_the_files_start_are_still_no_part(tmp_path, bf, stamps):
    """The first PES or two of a file stamped 3 hours on (a recorder's glitch at its start): a short
    first run like a first clip stopped at once, but the run after it goes on in the group it began
    (no keyframe): no part, the file reads as it does without them."""
    parts = [write_ps(tmp_path / f"p{k}.vob", "libx264", s, shade=40 * k, bf=bf) for k, s in enumerate((20.0, LONG_S))]
    first = bytearray(parts[0].read_bytes())
    for head in stamped(first)[:stamps]:
        _shift(first, head, HOURS_3, dts=True)
    clean, stray = tmp_path / "clean.vob", tmp_path / "stray.vob"
    clean.write_bytes(parts[0].read_bytes() + parts[1].read_bytes())
    stray.write_bytes(bytes(first) + parts[1].read_bytes())
    times = [0.02, 0.5, 1.0, 5.0, 19.9, 20.3, 25.0]
    want = frames("sequential", clean, times)
    reader = FrameSampler(size=None, _strategy="seek")._open(str(stray))
    try:
        assert len(reader.timeline.segments) == 2
    finally:
        reader.close()
    assert frames("sequential", stray, times) == want
    for t, w in zip(times, want):
        assert frames("seek", stray, [t]) == [w], t
