"""Files whose clock starts again part-way: camcorder clips joined byte for byte (``cat *.MTS``,
``copy /b``), a DVR's recording. FFmpeg reads such an MPEG-TS as long as its first part and cannot
seek in it by time; Seekframe used to index the first part only. And seeking in a plain MPEG-TS,
which FFmpeg does by the timestamps it finds in the bytes, could land a keyframe late: a frame
asked for at 2 s came from 4 s."""

from __future__ import annotations

import os
from pathlib import Path

import numpy as np
import pytest

av = pytest.importorskip("av")

from core import part_cuts, timeline  # noqa: E402
from core.media import FrameSampler, probe  # noqa: E402

FPS = 10
BITS = 8


def picture(number: int) -> np.ndarray:
    """A frame that says its number: eight bars, white for a 1 bit."""
    img = np.zeros((48, 64, 3), np.uint8)
    for bit in range(BITS):
        if number >> bit & 1:
            img[:, bit * 8:(bit + 1) * 8] = 255
    return img


def number(frame: np.ndarray) -> int:
    bars = np.asarray(frame, np.float32).mean(axis=(0, 2)).reshape(BITS, -1)[:, 2:-2].mean(axis=1)
    return int(sum(1 << bit for bit in range(BITS) if bars[bit] > 128))


def write_ts(path, numbers, *, gop: int = 10, fmt: str = "mpegts", pid: int | None = None, codec: str = "libx264"):
    with av.open(str(path), "w", format=fmt) as out:
        stream = out.add_stream(codec, rate=FPS)
        if pid is not None:  # (the MPEG-TS PID of its video: 0x100 by default)
            stream.id = pid
        if codec.startswith("libvpx"):
            stream.codec_context.thread_count = 1  # (tests.test_seek_matrix.VPX_THREADS)
        stream.width, stream.height, stream.pix_fmt = 64, 48, "yuv420p"
        stream.options = ({"g": str(gop), "keyint_min": str(gop), "sc_threshold": "0", "bf": "2"} if codec == "libx264"
                          else {"g": str(gop), "deadline": "realtime"})
        for n in numbers:
            for packet in stream.encode(av.VideoFrame.from_ndarray(picture(n), format="rgb24")):
                out.mux(packet)
        for packet in stream.encode():
            out.mux(packet)
    return path


@pytest.fixture(scope="module")
def joined(tmp_path_factory):
    """Two clips (5 s: frames 0-49; 4 s: frames 100-139) joined byte for byte, as ``cat`` does."""
    d = tmp_path_factory.mktemp("restarts")
    a = write_ts(d / "a.ts", range(50)).read_bytes()
    b = write_ts(d / "b.ts", range(100, 140)).read_bytes()
    path = d / "joined.ts"
    path.write_bytes(a + b)
    return path


def expected(t: float) -> int:
    frame = int(round(t * FPS, 6))
    return frame if frame < 50 else 100 + frame - 50


def test_joined_clips_are_as_long_as_both_and_play_one_after_the_other(joined):
    info = probe(joined)
    assert info.duration == pytest.approx(9.0, abs=0.11)
    for skip in ("none", "nonref"):
        got = list(FrameSampler(size=None, skip=skip).iter_at_rate(joined, 2.0))
        times = [t for t, _ in got]
        assert times[-1] >= 8.4, (skip, times)
        assert all(b > a for a, b in zip(times, times[1:])), times
        assert [number(f) for _, f in got] == [expected(t) for t in times], skip


def test_frames_anywhere_in_joined_clips_in_any_order_are_the_ones_shown(joined):
    wanted = [8.5, 0.3, 6.1, 2.0, 4.95, 5.0, 7.2, 0.0, 8.9]
    out = FrameSampler(size=None).frames_at(joined, wanted)
    assert [number(f) for f in out.frames] == [expected(t) for t in wanted]
    assert np.allclose(out.times, [expected(t) / FPS if expected(t) < 50 else (expected(t) - 50) / FPS
                                   for t in wanted], atol=1e-6)
    for t in wanted:  # one reader each, as thumbnails are made
        assert number(FrameSampler(size=None).frame_at(joined, t)) == expected(t), t


def test_a_seek_in_one_mpeg_ts_lands_on_the_frame_asked_for(tmp_path):
    path = write_ts(tmp_path / "one.ts", range(100), gop=40)
    wanted = [0.0, 2.0, 3.9, 4.0, 6.5, 9.9, 1.0]
    out = FrameSampler(size=None).frames_at(path, wanted)
    assert [number(f) for f in out.frames] == [round(t * FPS) for t in wanted]
    reader = FrameSampler(size=None)._open(path)
    try:
        for t in (0.0, 2.0, 7.5, 1.0):
            assert number(np.asarray(reader.at(t)[1].to_ndarray(format="rgb24"))) == round(t * FPS), t
    finally:
        reader.close()


def test_a_stream_that_runs_on_has_no_timeline(tmp_path, joined):
    one = write_ts(tmp_path / "one.ts", range(30))
    with av.open(str(one)) as c:
        s = c.streams.video[0]
        assert timeline.may_jump(c)
        assert timeline.scan(one, s.index, float(s.time_base), s.start_time) is None
    with av.open(str(joined)) as c:
        s = c.streams.video[0]
        tl = timeline.scan(joined, s.index, float(s.time_base), s.start_time)
    assert len(tl.segments) == 2 and tl.segments[1].at == pytest.approx(5.0, abs=1e-6)
    assert not timeline.may_jump(av.open(str(write_ts(tmp_path / "x.mp4", range(5), fmt="mp4"))))


def test_a_few_packets_with_stray_timestamps_cut_nothing():
    tb = 1 / 90000
    run, stray, on = (timeline.Segment(0, 0, 900000, packets=250), timeline.Segment(5000, 10**9, 10**9 + 3600, packets=2),
                      timeline.Segment(6000, 903600, 1800000, packets=250))
    kept = part_cuts.kept([run, stray, on], tb)[0]
    assert [(s.start, s.end, s.packets) for s in kept] == [(0, 1800000, 500)]
    again = part_cuts.kept([timeline.Segment(0, 0, 900000, packets=250), timeline.Segment(9000, 0, 720000, packets=200)], tb)[0]
    assert len(again) == 2  # (a clock that starts again is two parts)


def test_a_joined_file_the_fifth_reader_indexed_is_read_again_whole_and_no_other_video(tmp_path, joined):
    import shutil
    from dataclasses import replace

    from core.library import VideoLibrary
    from core.video_info import READER
    from tests.test_cut_short import run, video
    from tests.test_tracks import write

    folder = tmp_path / "videos"
    folder.mkdir()
    shutil.copy(joined, folder / "joined.ts")
    write(folder / "clip.mp4", 3.0)
    run(tmp_path / "lib", folder)
    with VideoLibrary(tmp_path / "lib") as library:  # as the fifth reader left them: the first part only
        for rec in library.video_table.all():
            library.video_table.merge([replace(rec, reader=5, duration=5.0 if rec.path.endswith(".ts") else rec.duration)])
    events = run(tmp_path / "lib", folder)
    assert events[0].summary["recheck"] == 2  # (and clip.mp4, by its index alone: reader 17's)
    assert [Path(e.current).name for e in events if e.kind == "file_done"] == ["joined.ts"]
    rec, moments = video(tmp_path / "lib", "joined.ts")
    assert rec.reader == READER and rec.duration == pytest.approx(9.0, abs=0.11)
    assert moments[-1].end == pytest.approx(rec.duration)
    assert video(tmp_path / "lib", "clip.mp4")[0].reader == READER  # (checked by its index alone, kept)


def test_a_steady_mpeg_stream_is_never_read_whole_at_probe(tmp_path, monkeypatch, joined):
    """Every MPEG-TS/PS was scanned whole at its probe, within the probe's 20 s: a 2-hour DVR
    recording on a slow disk failed, and every thumbnail read the file again. Its PES timestamps
    are sampled first (a few MB); only a clock seen jumping is scanned."""
    one = write_ts(tmp_path / "one.ts", range(60))
    assert timeline.steady(one) and not timeline.steady(joined)
    monkeypatch.setattr(timeline, "scan", lambda *a, **k: pytest.fail("a steady file was scanned"))
    assert probe(one).duration == pytest.approx(6.0, abs=0.11)
    for fmt, name in (("mpeg", "vcd.mpg"), ("dvd", "dvd.vob")):  # (MPEG-1 and MPEG-2 program streams)
        with av.open(str(tmp_path / name), "w", format=fmt) as out:
            s = out.add_stream("mpeg2video" if fmt == "dvd" else "mpeg1video", rate=25)
            s.width, s.height, s.pix_fmt = 64, 48, "yuv420p"
            for n in range(50):
                for p in s.encode(av.VideoFrame.from_ndarray(picture(n), format="rgb24")):
                    out.mux(p)
            for p in s.encode():
                out.mux(p)
        assert timeline.steady(tmp_path / name), name
        doubled = tmp_path / f"joined-{name}"
        doubled.write_bytes((tmp_path / name).read_bytes() * 2)
        assert not timeline.steady(doubled), name


def test_one_packet_with_a_stray_timestamp_loses_nothing(tmp_path):
    """A video packet stamped 3 hours off in a 10 s MPEG-TS: its frame stayed pending for ever,
    and every frame after it was lost (one moment of the first 3 s)."""
    path = write_ts(tmp_path / "stray.ts", range(100), gop=10)
    data = bytearray(path.read_bytes())
    hits = [i for i in range(len(data) - 14) if data[i:i + 4] == b"\x00\x00\x01\xe0"]
    at = hits[30] + 9  # (the PES header of frame 30's packet, in decoding order)
    b = data[at:at + 5]
    pts = ((b[0] >> 1) & 7) << 30 | b[1] << 22 | (b[2] >> 1) << 15 | b[3] << 7 | b[4] >> 1
    pts = (pts + 90000 * 3 * 3600) % (1 << 33)
    data[at:at + 5] = bytes([(b[0] & 0xF0) | ((pts >> 29) & 0x0E) | 1, (pts >> 22) & 0xFF, ((pts >> 14) & 0xFE) | 1,
                             (pts >> 7) & 0xFF, ((pts << 1) & 0xFE) | 1])
    path.write_bytes(bytes(data))
    got = list(FrameSampler(size=None, skip="nonref").iter_at_rate(path, 2.0))
    assert [t for t, _ in got][-1] >= 9.0 and len(got) >= 19
    assert sum(number(f) == round(t * FPS) for t, f in got) >= len(got) - 1  # (the stray frame's own time aside)


def test_recordings_whose_video_changes_pid_are_read_whole(tmp_path):
    """Two recordings joined whose video has another PID in each (a DVR that started its stream
    again): FFmpeg lists two video streams, and the second part was lost (5 s of 9 read, unsaid)."""
    path = tmp_path / "pids.ts"
    path.write_bytes(write_ts(tmp_path / "a.ts", range(50), pid=0x100).read_bytes()
                     + write_ts(tmp_path / "b.ts", range(100, 140), pid=0x200).read_bytes())
    assert len(av.open(str(path)).streams.video) == 2
    assert probe(path).duration == pytest.approx(9.0, abs=0.35)  # (a part's last packets come at the file's end: left out)
    for skip in ("none", "nonref"):
        got = list(FrameSampler(size=None, skip=skip).iter_at_rate(path, 2.0))
        times, numbers = [t for t, _ in got], [number(f) for _, f in got]
        assert times[-1] >= 8.4 and all(b > a for a, b in zip(times, times[1:])), (skip, times)
        assert numbers[:10] == [round(t * FPS) for t in times[:10]] and numbers[-1] >= 130, (skip, numbers)
        assert all(b > a for a, b in zip(numbers, numbers[1:])), (skip, numbers)
    out = FrameSampler(size=None).frames_at(path, [8.0, 1.0])
    assert 125 <= number(out.frames[0]) <= 135 and number(out.frames[1]) == 10


def test_two_programs_side_by_side_are_not_joined(tmp_path):
    """A DVB multiplex: two channels' videos interleaved, each its own program, never one video."""
    path = tmp_path / "mux.ts"
    with av.open(str(path), "w", format="mpegts") as out:
        streams = [out.add_stream("mpeg2video", rate=FPS) for _ in range(2)]
        for s, pid in zip(streams, (0x100, 0x200)):
            s.width, s.height, s.pix_fmt, s.id = 64, 48, "yuv420p", pid
        for n in range(40):
            for s in streams:
                for p in s.encode(av.VideoFrame.from_ndarray(picture(n), format="rgb24")):
                    out.mux(p)
        for s in streams:
            for p in s.encode():
                out.mux(p)
    assert probe(path).duration == pytest.approx(4.0, abs=0.11)
    got = list(FrameSampler(size=None).iter_at_rate(path, 2.0))
    assert [number(f) for _, f in got] == [round(t * FPS) for t, _ in got]


def write_ogg(path, numbers):
    return write_ts(path, numbers, fmt="ogg", codec="libvpx")


def test_a_steady_ogg_is_never_read_whole_at_probe(tmp_path, monkeypatch):
    """An Ogg (Theora, VP8) was scanned whole at its probe (208 MB read to probe a 208 MB file):
    its clock is now judged from its pages' granule positions, a few MB."""
    one = write_ogg(tmp_path / "one.ogv", range(60))
    joined = tmp_path / "joined.ogv"  # (a chained Ogg: two files one after the other)
    joined.write_bytes(one.read_bytes() + write_ogg(tmp_path / "two.ogv", range(100, 140)).read_bytes())
    assert timeline.steady(one) and not timeline.steady(joined)
    with monkeypatch.context() as m:
        m.setattr(timeline, "scan", lambda *a, **k: pytest.fail("a steady file was scanned"))
        assert probe(one).duration == pytest.approx(6.0, abs=0.11)
        got = list(FrameSampler(size=None).iter_at_rate(one, 2.0))
        assert [number(f) for _, f in got] == [round(t * FPS) for t, _ in got] and got[-1][0] == 5.5


def ogg_page(kind: int, granule: int, serial: int, body: bytes) -> bytes:
    return (b"OggS\x00" + bytes([kind]) + granule.to_bytes(8, "little", signed=True) + serial.to_bytes(4, "little")
            + bytes(8) + bytes([len(body) // 255 + 1] + [255] * (len(body) // 255) + [len(body) % 255]) + body)


def test_theora_granule_positions_are_read_as_frame_numbers(tmp_path):
    """A Theora page's granule position is its last keyframe's number shifted left, plus the frames
    since it (here by 6 bits, a keyframe every 12 frames): frames 0, 24, 48... read as steady."""
    head = bytearray(b"\x80theora\x03\x02\x01" + bytes(32))
    head[22:30] = (25).to_bytes(4, "big") + (1).to_bytes(4, "big")  # 25 frames a second
    head[40:42] = (6 << 5).to_bytes(2, "big")  # KFGSHIFT 6
    body = bytes(2000)
    pages = [ogg_page(2, 0, 7, bytes(head))]
    pages += [ogg_page(0, (f // 12 * 12) << 6 | f % 12, 7, body) for f in range(1, 500)]
    (tmp_path / "t.ogv").write_bytes(b"".join(pages))
    assert timeline.steady(tmp_path / "t.ogv")
    jump = pages[:250] + [ogg_page(0, (f // 12 * 12 + 2000) << 6 | f % 12, 7, body) for f in range(250, 500)]
    (tmp_path / "jump.ogv").write_bytes(b"".join(jump))  # (80 s on, mid-file)
    assert not timeline.steady(tmp_path / "jump.ogv")


def test_a_joined_file_is_scanned_once_per_process(tmp_path, monkeypatch, joined):
    """A joined file is read whole to find its parts (~3 s for 1 GB from the page cache): once per
    process, not again for each thumbnail, until the file changes."""
    import shutil

    path = shutil.copy(joined, tmp_path / "again.ts")
    calls = []
    real = timeline._scan
    monkeypatch.setattr(timeline, "_scan", lambda *a, **k: calls.append(a) or real(*a, **k))
    assert probe(path).duration == pytest.approx(9.0, abs=0.11)
    assert number(FrameSampler(size=None).frame_at(path, 6.0)) == expected(6.0)
    assert number(FrameSampler(size=None).frame_at(path, 1.0)) == expected(1.0)
    assert len(calls) == 1
    os.utime(path, ns=(0, os.stat(path).st_mtime_ns + 10**9))  # (changed: scanned again)
    probe(path)
    assert len(calls) == 2


def test_a_pid_changing_recording_the_sixth_reader_indexed_is_read_again_whole(tmp_path):
    """Libraries indexed before reader 7 hold such a recording as its first part only: the next
    index checks their MPEG-TS files and embeds again the one it now reads longer."""
    import shutil
    from dataclasses import replace

    from core.library import VideoLibrary
    from core.video_info import READER
    from tests.test_cut_short import run, video
    from tests.test_tracks import write

    folder = tmp_path / "videos"
    folder.mkdir()
    (folder / "dvr.ts").write_bytes(write_ts(tmp_path / "a.ts", range(50), pid=0x100).read_bytes()
                                    + write_ts(tmp_path / "b.ts", range(100, 140), pid=0x200).read_bytes())
    write(folder / "clip.mp4", 3.0)
    shutil.copy(write_ts(tmp_path / "plain.ts", range(40)), folder / "plain.ts")
    run(tmp_path / "lib", folder)
    with VideoLibrary(tmp_path / "lib") as library:  # as the sixth reader left them: dvr.ts its first part only
        for rec in library.video_table.all():
            library.video_table.merge([replace(rec, reader=6, duration=5.0 if rec.path.endswith("dvr.ts") else rec.duration)])
    assert READER >= 7  # (the reader that reads them whole, or a later one)
    events = run(tmp_path / "lib", folder)
    assert events[0].summary["recheck"] == 3  # the two MPEG-TS files, and clip.mp4 by its index alone (17's)
    assert [Path(e.current).name for e in events if e.kind == "file_done"] == ["dvr.ts"]
    rec, moments = video(tmp_path / "lib", "dvr.ts")
    assert rec.reader == READER and rec.duration == pytest.approx(9.0, abs=0.35)
    assert moments[-1].end == pytest.approx(rec.duration)
    assert video(tmp_path / "lib", "plain.ts")[0].reader == READER  # checked: the same frames, kept
    assert video(tmp_path / "lib", "clip.mp4")[0].reader == READER  # (checked by its index alone, kept)
