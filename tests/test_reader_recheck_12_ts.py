"""An MPEG-TS whose frames mostly come without a timestamp (a PES stamped every dozen frames, as the
standard allows: one at least every 0.7 s) is timed by reader 12 as an MPEG-PS's (core.untimed_keys,
core.skip_times); reader 11 counted its frames, and indexing (``nonref``, B-frames skipped) gave frames
up to 0.44 s off their time (a 12 s clip: 93 of 118 times a tenth of a second apart). Reader 12 read such files so from
the start, but REREAD_12 named MPEG-PS files only: a TS indexed by reader 11 was never checked again.
Now MPEG-TS files are in it: a library of reader 11 embeds again the TS whose frames 11 counted and
keeps a TS whose frames are all timed (FFmpeg's muxer, a camcorder's AVCHD)."""

from __future__ import annotations

from fractions import Fraction
from pathlib import Path

import numpy as np
import pytest

av = pytest.importorskip("av")

from core.media import FrameSampler, reads_as_by  # noqa: E402
from core.video_info import READER, frames_since  # noqa: E402
from tests.test_ps_untimed_keys import picture  # noqa: E402

FPS, SECONDS, SIZE = 25, 6, (176, 144)
VIDEO_PID = 0x100  # (FFmpeg's muxer's first stream)


def write(path: Path, bf: int = 2) -> Path:
    """``SECONDS`` of ``picture`` as H.264 in an MPEG-TS, every frame stamped (FFmpeg's muxer)."""
    with av.open(str(path), "w", format="mpegts") as out:
        s = out.add_stream("libx264", rate=FPS)
        s.width, s.height, s.pix_fmt = SIZE[0], SIZE[1], "yuv420p"
        s.codec_context.time_base = Fraction(1, FPS)
        s.options = {"g": str(FPS), "sc_threshold": "0", "bf": str(bf), "preset": "veryfast"}
        for i in range(SECONDS * FPS):
            f = av.VideoFrame.from_ndarray(picture(i, SIZE, 5, 40), format="rgb24")
            f.pts, f.time_base = i, Fraction(1, FPS)
            out.mux(s.encode(f))
        out.mux(s.encode())
    return path


def unstamp(path: Path, out: Path, keep_every: int = 12) -> Path:
    """``path`` (``write``'s) with the timestamps of its video PES taken out but every ``keep_every``-th:
    the PES header's PTS/DTS flags cleared and their bytes made stuffing (0xFF), so nothing moves."""
    data = bytearray(path.read_bytes())
    n = 0
    for at in range(0, len(data) - 187, 188):
        p = data[at:at + 188]
        if p[0] != 0x47 or not p[1] & 0x40 or ((p[1] & 0x1F) << 8 | p[2]) != VIDEO_PID:
            continue  # (not the start of a video PES)
        field = (p[3] >> 4) & 3
        i = 4 + (1 + p[4] if field & 2 else 0)
        if not field & 1 or p[i:i + 3] != b"\x00\x00\x01":
            continue
        flags = p[i + 7]
        if n % keep_every and flags & 0xC0:
            data[at + i + 7] = flags & 0x3F
            stamps = 5 if flags & 0xC0 == 0x80 else 10
            data[at + i + 9:at + i + 9 + stamps] = b"\xff" * stamps
        n += 1
    out.write_bytes(bytes(data))
    return out


@pytest.fixture(scope="module")
def clips(tmp_path_factory):
    d = tmp_path_factory.mktemp("ts12")
    stamped = write(d / "stamped.ts")
    return stamped, unstamp(stamped, d / "untimed.mts")


def test_indexing_reads_an_untimed_ts_at_its_frames_times(clips):
    stamped, untimed = clips
    with av.open(str(untimed)) as c:
        packets = [p for p in c.demux(c.streams.video[0]) if p.size]
    assert sum(p.pts is not None for p in packets) * 8 < len(packets)  # (mostly without a timestamp)
    with av.open(str(stamped)) as c:  # (the truth: frame i at i/25 s)
        truth = np.stack([f.to_ndarray(format="rgb24") for f in c.decode(video=0)]).astype(np.int16)
    times = [round(0.1 * k, 2) for k in range(SECONDS * 10 - 2)]
    sampler = FrameSampler(size=None, skip="nonref")  # (indexing's)
    got = sampler.frames_at(sampler.open(str(untimed)), times)
    off = []
    for t, frame in zip(times, got.frames):
        want = int(t * FPS + 1e-6)  # (the frame shown at t)
        near = range(max(0, want - 12), min(len(truth), want + 13))
        shown = near[int(np.argmin([np.abs(truth[j] - frame).mean() for j in near]))]
        if shown != want:
            off.append((t, shown / FPS))
    assert not off, (len(off), off[:4])


def test_a_library_of_reader_11_reads_again_the_ts_whose_frames_it_counted(tmp_path, clips):
    from tests.recheck_library import left_by
    from tests.test_cut_short import run, video

    stamped, untimed = clips
    folder = tmp_path / "videos"
    folder.mkdir()
    (folder / "counted.mts").write_bytes(untimed.read_bytes())
    (folder / "camcorder.m2ts").write_bytes(stamped.read_bytes())
    left_by(tmp_path / "lib", folder, 11)  # (as reader 11 left them)
    events = run(tmp_path / "lib", folder)
    assert events[0].summary["recheck"] == 2  # (was 0: TS files were left as reader 11 read them)
    assert [Path(e.current).name for e in events if e.kind == "file_done"] == ["counted.mts"]
    for name in ("counted.mts", "camcorder.m2ts"):
        rec, moments = video(tmp_path / "lib", name)
        assert rec.reader == READER and moments, name
    assert run(tmp_path / "lib", folder)[0].summary["recheck"] == 0  # (once)
    assert frames_since("counted.mts") == frames_since("camcorder.m2ts") == 19 >= 12  # (17 changed MP4 only; 18 TS, PS, MKV, FLV; 19 TS, PS)


def test_the_recheck_tells_a_counted_ts_from_a_stamped_one(clips):
    for path, by_11 in [(clips[0], True), (clips[1], False)]:
        reader = FrameSampler(size=None, skip="nonref")._open(str(path))
        try:
            assert reads_as_by(reader, 11) is by_11, path.name
            assert reads_as_by(reader, 12)
        finally:
            reader.close()
