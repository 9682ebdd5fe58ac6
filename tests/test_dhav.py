"""Dahua DVR recordings (.dav, CCTV exports): a steady one is judged from its chunks' dates at 64
places instead of being read whole at its probe (it was: FFmpeg flags the format's clock as one
that may jump, and no MPEG timestamp is found in its bytes), and its last second, which its
length in whole seconds leaves out, is read too; a scan lists them as videos; the frames of one
with gaps are timed by its chunks' millisecond counter where it agrees with their dates."""

from __future__ import annotations

import struct
from fractions import Fraction
from pathlib import Path

import av
import pytest

from core import dhav, timeline
from core.media import FrameSampler, probe
from core.scan import scan
from tests.test_timestamp_restarts import FPS, number, picture


def date_of(seconds: int) -> int:
    """A DHAV date, 2024-01-01 plus ``seconds`` (under a day)."""
    return seconds % 60 | seconds // 60 % 60 << 6 | seconds // 3600 << 12 | 1 << 17 | 1 << 22 | 24 << 26


COUNTER_AT = 61_000  # (the millisecond counter at the recording's start: a device's own clock, wrapping at 2^16)


def write_dav(path, numbers, jump_at: int | None = None, jump_s: float = 0):
    """H.264 frames showing ``numbers`` at FPS, each in a DHAV chunk (the header FFmpeg's dhav.c reads:
    "DHAV", type, subtype, channel, subnumber; the frame number, the chunk's length, its date; the
    millisecond counter (16 bits), the extension's length, a checksum) dated by the wall clock in
    whole seconds, which skips ``jump_s`` seconds from frame ``jump_at`` (a recorder that records on
    motion only; a fraction of a second resumes part-way through a second, as motion does), and
    timed by the millisecond counter, the device's own clock, which starts at none of the date's
    seconds, runs on through a gap and wraps (it does here, 4.5 s in)."""
    enc = av.CodecContext.create("libx264", "w")
    enc.width, enc.height, enc.pix_fmt, enc.framerate, enc.time_base = 64, 48, "yuv420p", FPS, Fraction(1, FPS)
    enc.options = {"g": "10", "keyint_min": "10", "sc_threshold": "0", "bf": "0"}
    packets = []
    for k, n in enumerate(numbers):
        frame = av.VideoFrame.from_ndarray(picture(n), format="rgb24")
        frame.pts = k
        packets += enc.encode(frame)
    packets += enc.encode()
    ext = bytes([0x82, 0, 0, 0]) + struct.pack("<HH", 64, 48) + bytes([0x81, 0, 0x2, FPS])  # (size; H.264, rate)
    out = bytearray()
    for k, p in enumerate(packets):
        ms = round(p.pts * 1000 / FPS) + (round(jump_s * 1000) if jump_at is not None and p.pts >= jump_at else 0)
        body = bytes(p)
        length = 24 + len(ext) + len(body) + 8
        out += (b"DHAV" + bytes([0xFD if p.is_keyframe else 0xFC, 0, 0, 0])
                + struct.pack("<IIIH", k, length, date_of(ms // 1000), (COUNTER_AT + ms) % 65536) + bytes([len(ext), 0])
                + ext + body + b"dhav" + struct.pack("<I", length))
    path.write_bytes(bytes(out))
    return path


def test_a_steady_dvr_recording_is_never_read_whole_at_probe_and_read_to_its_end(tmp_path, monkeypatch):
    path = write_dav(tmp_path / "cam.dav", range(100))
    assert av.open(str(path)).format.name == "dhav"
    assert timeline.steady(path)
    monkeypatch.setattr(timeline, "scan", lambda *a, **k: pytest.fail("a steady file was read whole"))
    assert probe(path).duration == pytest.approx(9.0)  # (its dates: whole seconds)
    sampler = FrameSampler(size=None, skip="nonref")
    got = list(sampler.iter_at_rate(path, 2.0))
    assert [number(f) for _, f in got] == [round(t * FPS) for t, _ in got] and got[-1][0] == 9.5
    assert sampler.ended_at == pytest.approx(10.0)


def test_a_dvr_recording_with_a_gap_is_read_as_one_time(tmp_path):
    path = write_dav(tmp_path / "motion.dav", range(100), jump_at=50, jump_s=120)  # (2 minutes not recorded)
    assert not timeline.steady(path)
    assert probe(path).duration == pytest.approx(10.0, abs=0.25)
    got = list(FrameSampler(size=None).iter_at_rate(path, 2.0))
    numbers = [number(f) for _, f in got]
    assert numbers[:10] == [round(t * FPS) for t, _ in got[:10]] and numbers[-1] >= 95
    assert all(b > a for a, b in zip(numbers, numbers[1:]))


def test_the_frames_after_a_gap_are_shown_at_their_own_times(tmp_path):
    """FFmpeg's DHAV demuxer says every packet lasts 1 ms (a placeholder): the part before a gap was
    taken to end at its last frame's start, and every frame after the gap came one frame early (at
    5.0 s, frame 51), the file a frame short."""
    path = write_dav(tmp_path / "motion.dav", range(100), jump_at=50, jump_s=120)
    assert probe(path).duration == pytest.approx(10.0, abs=0.01)
    for skip in ("none", "nonref"):
        got = list(FrameSampler(size=None, skip=skip).iter_at_rate(path, 5.0))
        assert [t for t, _ in got] == pytest.approx([k / 5 for k in range(50)]), skip
        assert [number(f) for _, f in got] == [round(t * FPS) for t, _ in got], skip
    out = FrameSampler(size=None).frames_at(path, [7.3, 5.0, 4.9, 2.0])
    assert [number(f) for f in out.frames] == [73, 50, 49, 20]


def test_a_scan_lists_dvr_recordings(tmp_path):
    write_dav(tmp_path / "cam.dav", range(10))
    assert list(scan([str(tmp_path)]).files) == [str(tmp_path / "cam.dav")]


def test_a_chunk_dated_in_no_month_is_no_traceback(tmp_path):
    """A chunk whose date says month 13-15 (damaged, or chance bytes): its date is not read (the
    probe failed with calendar's ValueError as a traceback, not a reason); the others' still are."""
    path = write_dav(tmp_path / "cam.dav", range(100))
    data = bytearray(path.read_bytes())
    date = struct.unpack_from("<I", data, 16)[0]
    struct.pack_into("<I", data, 16, date & ~(0xF << 22) | 14 << 22)  # (the first chunk's month: 14)
    path.write_bytes(bytes(data))
    assert timeline.steady(path)
    assert probe(path).codec == "h264"


def test_a_steady_recording_is_judged_once_not_at_every_open(tmp_path, monkeypatch):
    """Its 64 places (4 MB, at a network share's pace) are read once per process: every probe,
    sampler and thumbnail that opened it read them again."""
    path = write_dav(tmp_path / "cam.dav", range(100))
    opened = []
    real = timeline.open_bytes  # (its opens of the file: core.bounded_read)
    monkeypatch.setattr(timeline, "open_bytes", lambda p, *a, **k: opened.append(str(p)) or real(p, *a, **k))
    for _ in range(3):
        assert probe(path).duration == pytest.approx(9.0)
    list(FrameSampler(size=None, skip="nonref").iter_at_rate(path, 2.0))
    assert opened == [str(path)]
    path.write_bytes(path.read_bytes()[: path.stat().st_size // 2])  # (changed: judged again)
    probe(path)
    assert opened == [str(path)] * 2


@pytest.mark.parametrize("skip", ["none", "nonref", "nonkey"])
def test_frames_after_a_gap_that_resumes_part_way_through_a_second_are_shown_at_their_own_times(tmp_path, skip):
    """Motion resumes at 125.5 s: FFmpeg's DHAV demuxer times a chunk by its date and, within the
    date's second, by its millisecond counter, so the frames of that first half second were placed
    at 125.0 s, and the next second's at 126.0 s: every frame after them came 0.5 s late (at 6.0 s,
    frame 55) and the file read as 10.5 s. The chunks' counter times them, where it agrees with
    their dates."""
    path = write_dav(tmp_path / "motion.dav", range(100), jump_at=50, jump_s=120.5)
    assert not timeline.steady(path)
    assert probe(path).duration == pytest.approx(10.0, abs=0.01)
    sampler = FrameSampler(size=None, skip=skip)
    got = list(sampler.iter_at_rate(path, 5.0))
    every = 1 if skip != "nonkey" else 5  # (keyframes only: one a second, each once, at its own time)
    assert [t for t, _ in got] == pytest.approx([k / 5 for k in range(0, 50, every)])
    assert [number(f) for _, f in got] == [round(t * FPS) for t, _ in got]
    out = sampler.frames_at(path, [6.0, 5.4, 5.5, 9.9, 5.0, 4.9])
    assert [number(f) for f in out.frames] == [n // (2 * every) * 2 * every if skip == "nonkey" else n
                                               for n in (60, 54, 55, 99, 50, 49)]


def test_chunks_whose_counter_stands_still_are_timed_as_ffmpeg_times_them(tmp_path):
    """A recorder that leaves the millisecond counter at 0 (FFmpeg then counts frames by their
    numbers and the stream's rate): the chunks' own clock is not used, and the frames after a gap
    are still shown at their times."""
    path = write_dav(tmp_path / "motion.dav", range(100), jump_at=50, jump_s=120)
    data, at = bytearray(path.read_bytes()), 0
    while at < len(data):
        struct.pack_into("<H", data, at + 20, 0)
        at += struct.unpack_from("<I", data, at + 12)[0]
    path.write_bytes(bytes(data))
    with open(path, "rb") as f:  # (the first two chunks: the counter does not advance)
        assert dhav.own_times(f, [0, struct.unpack_from("<I", data, 12)[0]]) is None
    assert probe(path).duration == pytest.approx(10.0, abs=0.01)
    out = FrameSampler(size=None, skip="nonref").frames_at(path, [7.3, 5.0, 4.9, 2.0])
    assert [number(f) for f in out.frames] == [73, 50, 49, 20]


def test_dvr_recordings_the_eighth_reader_indexed_are_read_again_when_they_have_a_gap(tmp_path):
    """Reader 8 timed the parts after a gap off (a frame early, or up to a second late): the next
    index reads such a recording again, keeps a steady one as it was, and leaves other videos be."""
    from dataclasses import replace

    from core.library import VideoLibrary
    from core.video_info import READER
    from tests.test_cut_short import run, video
    from tests.test_tracks import write

    folder = tmp_path / "videos"
    folder.mkdir()
    write_dav(folder / "motion.dav", range(100), jump_at=50, jump_s=120.5)
    write_dav(folder / "steady.dav", range(50))
    write(folder / "clip.mp4", 3.0)
    run(tmp_path / "lib", folder)
    with VideoLibrary(tmp_path / "lib") as library:  # as the eighth reader left them: 10.5 s
        library.video_table.merge([replace(rec, reader=8, duration=10.5 if rec.path.endswith("motion.dav")
                                           else rec.duration) for rec in library.video_table.all()])
    events = run(tmp_path / "lib", folder)
    assert events[0].summary["recheck"] == 3  # (the two recordings, and clip.mp4 by its index alone: 17's)
    assert [Path(e.current).name for e in events if e.kind == "file_done"] == ["motion.dav"]
    rec, moments = video(tmp_path / "lib", "motion.dav")
    assert rec.reader == READER and rec.duration == pytest.approx(10.0, abs=0.01)
    assert moments[-1].end == pytest.approx(10.0, abs=0.01)
    assert video(tmp_path / "lib", "steady.dav")[0].reader == READER  # (checked, kept)
    assert video(tmp_path / "lib", "clip.mp4")[0].reader == READER  # (checked by its index alone, kept)


@pytest.mark.parametrize("gap", [False, True])
def test_the_last_frame_lasts_a_frame_in_every_skip_mode(tmp_path, gap):
    """FFmpeg gives every DHAV packet a 1 ms placeholder duration: keyframes only (the quick pass), a
    time inside the last frame (9.9-10 s, 10 fps) answered None and the stream was said to play 9.901
    s, where the sequential read, which shows a decoded frame a frame long, gives the last frame and
    10 s. Now the last packet read lasts a frame too, as its frame does decoded."""
    path = write_dav(tmp_path / "cam.dav", range(100), jump_at=50 if gap else None, jump_s=120)
    for skip, last in (("none", 99), ("nonref", 99), ("nonkey", 90)):  # (keyframes every 10 frames)
        reader = FrameSampler(size=None, skip=skip).open(path)
        try:
            assert (reader.timeline is not None) == gap
            for t in (9.85, 9.9, 9.95, 9.99):
                got = reader.at(t)
                assert got is not None, (skip, t)
                assert number(got[1].to_ndarray(format="rgb24")) == (last if t >= 9.9 or skip == "nonkey" else 98)
            assert reader.at(10.0) is None, skip
            assert reader.played_s() == pytest.approx(10.0), skip
        finally:
            reader.close()
