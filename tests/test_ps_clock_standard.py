"""``core.ps_clock`` leaves an MPEG-PS stamped as MPEG-2 Systems means it as FFmpeg reads it, through
FFmpeg's own demuxer and parser: the correction is for FFmpeg's muxer's files, and must never make a
correct file's times wrong. Files as real ones are (``tests/ps_writer.py``): every picture stamped
(DVD authoring) or only some PES (keyframes, every 3rd), PTS without DTS, a PES holding several
frames, keyframes' headers at the end of the PES before their picture start code, B-frames 0-3 and
open GOPs, field pictures (two picture start codes a frame, the second field stamped or not), 3:2
pulldown flags (frames of three fields), frames dropped before keyframes (a gap of one and two
frames, half a frame), a clock that jumps ahead or restarts back at a keyframe after a sequence end
code (joined recordings); a seek into them. Where a window opens on such a file (a low-delay stream
with a frame dropped before a keyframe looks as the fault does), it must give FFmpeg's times back.
FFmpeg's own times are not all right here (a second field's stamp goes to the next frame; pulldown
frames' durations are rounded down): kept as FFmpeg gives them, not made other."""

from __future__ import annotations

from types import SimpleNamespace

import av
import pytest

from core import ps_clock
from tests import ps_writer

D25, D30 = 3600, 3003  # (a frame at 25 and at 30000/1001 fps, 90 kHz)
ORIGIN = 900_000
# B-frames, rate, GOP, pictures: frame, field or pulled down. low-delay: no B-frames, each frame shown as
# decoded (its PTS its DTS), where a one-frame gap before a keyframe looks as FFmpeg's muxer's fault does
STREAMS = {
    "low-delay": (0, 25, 12, "frame"), "low-delay-fields": (0, 25, 12, "fields"), "bf0": (0, 25, 12, "frame"),
    "bf2": (2, 25, 12, "frame"), "bf3-ntsc": (3, "30000/1001", 15, "frame"), "bf2-fields": (2, 25, 12, "fields"),
    "bf2-pulldown": (2, "30000/1001", 12, "pulldown"), "bf3-pulldown": (3, "30000/1001", 12, "pulldown"),
}


@pytest.fixture(scope="module")
def streams():
    made = {}
    for name, (bf, rate, gop, kind) in STREAMS.items():
        flags = ("+low_delay" if "low-delay" in name else "") + ("+ilme+ildct" if kind != "frame" else "")
        opts = {"bf": str(bf), "g": str(gop), **({"flags": flags} if flags else {})}
        if kind != "frame":
            opts["top"] = "1"
        pics = ps_writer.pictures(160, rate, opts)
        made[name] = {"fields": ps_writer.as_fields, "pulldown": ps_writer.pulled_down}.get(kind, list)(pics)
    return made


def frame_dur(name: str) -> int:
    return D25 if STREAMS[name][1] == 25 else D30


def timed(pics, when) -> list[tuple[int, int]]:
    """(pts, dts) of each picture: ``when(i)`` the 90 kHz time of the frame shown i-th (a picture's
    decoding time that of the frame its DTS counts, as the encoder gave it)."""
    return [(when(pts), when(dts)) for _, pts, dts, _ in pics]


def demuxed(path, seek: int | None = None, most: int | None = None) -> tuple[list, list]:
    """The (pts, dts) FFmpeg gives each packet, and those ``ps_clock`` passes on."""
    got = []
    for wrap in (False, True):
        with av.open(str(path)) as c:
            s = c.streams.video[0]
            reader = SimpleNamespace(tb=float(s.time_base), frame_dur=float(1 / s.average_rate), container=c,
                                     stream=s, timeline=None)  # (a FrameReader's, as ps_clock reads them)
            assert ps_clock.applies(reader)
            if seek is not None:
                c.seek(seek, stream=s)
            packets = ps_clock.packets(reader, c.demux(s)) if wrap else c.demux(s)
            got.append([(p.pts, p.dts) for p, _ in zip(packets, range(most or 10**9))])
    return got[0], got[1]


def pulldown_time(i: int) -> int:
    """Frame i of 24000/1001 film telecined to 30000/1001: three fields, then two."""
    return ORIGIN + ((i // 2) * 5 * D30 + (3 * D30 if i % 2 else 0)) // 2


@pytest.mark.parametrize("stamp", ["all", "keys", "sparse", "pts"])
@pytest.mark.parametrize("payload", [300, 2000, 6000], ids=["small-pes", "dvd-pes", "frames-a-pes"])
@pytest.mark.parametrize("name", sorted(STREAMS))
def test_steady_clock_kept(streams, tmp_path, name, stamp, payload):
    pics, d = streams[name], frame_dur(name)
    when = pulldown_time if "pulldown" in name else (lambda i: ORIGIN + i * d)
    path = ps_writer.write(tmp_path / "s.mpg", pics, timed(pics, when), payload, stamp)
    ffmpeg, ours = demuxed(path)
    if stamp == "all" and "pulldown" not in name:  # (the file is as meant: FFmpeg reads each picture's time)
        assert [p for p, _ in ffmpeg if p is not None] == [when(pts) for _, pts, _, _ in pics]
    assert ours == ffmpeg


@pytest.mark.parametrize("stamp", ["all", "keys", "sparse", "pts"])
@pytest.mark.parametrize("name", ["low-delay", "low-delay-fields", "bf0", "bf2", "bf3-ntsc", "bf2-fields"])
@pytest.mark.parametrize("gap", [1, 2, 0.5, 75, -100], ids=["drop1", "drop2", "half", "jump3s", "restart"])
def test_gap_at_a_keyframe_kept(streams, tmp_path, name, stamp, gap):
    """Frames dropped just before a keyframe (its time one or two frames past the frame before's
    end: what FFmpeg's muxer's fault looks like, one frame on), half a frame, a clock that jumps 3 s
    ahead or restarts 4 s back there (after a sequence end code): FFmpeg's times kept, each key tried."""
    pics, d = streams[name], frame_dur(name)
    keys = sorted(pts for _, pts, _, key in pics if key)[1:6]
    for k in keys:
        shift = int(gap * d)
        when = lambda i, k=k: ORIGIN + 500_000 + i * d + (shift if i >= k else 0)  # noqa: E731
        end = b"\x00\x00\x01\xb7" if gap < 0 else b""  # (a sequence end code before the restart)
        cut = [(end + data if pts == k else data, pts, dts, key) for data, pts, dts, key in pics]
        path = ps_writer.write(tmp_path / f"g{k}.mpg", cut, timed(cut, when), 2000, stamp)
        ffmpeg, ours = demuxed(path)
        changed = [(i, a, b) for i, (a, b) in enumerate(zip(ffmpeg, ours)) if a != b]
        assert ours == ffmpeg, f"keyframe {k}: {changed[:4]}"


@pytest.mark.parametrize("name", ["bf2-fields", "low-delay-fields"])
def test_second_fields_stamped_kept(streams, tmp_path, name):
    """Field pictures whose second field's PES is stamped too (half a frame on)."""
    pics, d = streams[name], frame_dur(name)
    for stamp in ("all", "sparse", "pts"):
        times = timed(pics, lambda i: ORIGIN + i * d)
        path = ps_writer.write(tmp_path / "f.mpg", pics, times, 2000, stamp, second_fields=d // 2)
        ffmpeg, ours = demuxed(path)
        assert ours == ffmpeg


@pytest.mark.parametrize("name", ["low-delay", "bf0", "bf2", "bf3-ntsc", "bf2-fields", "bf2-pulldown"])
def test_after_a_seek_kept(streams, tmp_path, name):
    pics, d = streams[name], frame_dur(name)
    when = pulldown_time if "pulldown" in name else (lambda i: ORIGIN + i * d)
    for stamp in ("all", "keys"):
        path = ps_writer.write(tmp_path / "k.mpg", pics, timed(pics, when), 2000, stamp)
        for frame in (13, 37, 60, 100, 131):
            ffmpeg, ours = demuxed(path, seek=when(frame), most=40)
            assert ours == ffmpeg[:len(ours)] and len(ours) >= 30, (stamp, frame)
