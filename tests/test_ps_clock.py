"""MPEG-2 in an MPEG-PS whose keyframes FFmpeg's muxer stamped otherwise than its demuxer reads
(``core.ps_clock``).

FFmpeg's muxer stamps a PES with the time of the first frame whose first byte is in it; its demuxer
gives the stamp to the first picture start code in it, as MPEG-2 Systems says. A keyframe whose
sequence header begins in the PES before got the time of the frame after it, and FFmpeg's fill-in
carried it on: with two B-frames the keyframe and the frames after it were two frames early (the
sequential read showed a frame, then one two frames before it), without B-frames a frame late (and
then two frames at one time); a seek landed on the keyframe stamped at the time without the frames a
read straight through shows before it. Clips here: every I/P-frame a keyframe (each picture a new
colour: FFmpeg's encoder codes a scene change as one), so many keyframes' headers span a PES's end.
Stamps as the standard means them (another muxer's) are left as they are (``test_stamps_*``).
"""

from __future__ import annotations

from pathlib import Path
from types import SimpleNamespace

import av
import pytest

from core import ps_clock
from core.media import FrameSampler
from tests.test_seek_matrix import answer, write_clip

FPS, SECONDS = 25, 30
STEP = 1 / FPS
CLIPS = {"bf0": (0, False), "bf2": (2, False), "bf3": (3, True)}  # B-frames, grain


@pytest.fixture(scope="module", params=sorted(CLIPS))
def clip(request, tmp_path_factory) -> Path:
    bf, noise = CLIPS[request.param]
    path = tmp_path_factory.mktemp("ps_clock") / f"mpeg2-{request.param}.mpg"
    return write_clip(path, "vob", "mpeg2video", {"bf": str(bf)}, 12, [i / FPS for i in range(SECONDS * FPS)], noise)


def ffmpeg_times(path: Path) -> list[float]:
    """The frames' times as FFmpeg's decoder gives them (from the first)."""
    with av.open(str(path)) as c:
        s = c.streams.video[0]
        pts = [f.pts for f in c.decode(s)]
    return [round((p - pts[0]) * float(s.time_base), 6) for p in pts]


def sequential_times(path: Path) -> list[float]:
    reader = FrameSampler(size=None, _strategy="sequential")._open(str(path))
    try:
        times, got = [], reader.pending
        while got is not None:
            times.append(round(got[0], 6))
            got = reader._next()
        return times
    finally:
        reader.close()


def test_every_frame_at_its_time(clip):
    """The sequential read gives frame i at i/25 s, where FFmpeg's times are off."""
    truth = [round(i * STEP, 6) for i in range(SECONDS * FPS)]
    off = [i for i, t in enumerate(ffmpeg_times(clip)) if abs(t - truth[i]) > 1e-6]
    assert off, "FFmpeg's times are all right here: the clip no longer shows the fault"
    times = sequential_times(clip)
    first = times[0]
    wrong = [(i, t) for i, t in enumerate(times) if abs(t - first - truth[i]) > 1e-6]
    assert len(times) == len(truth) and not wrong, f"{len(wrong)} frames off, e.g. {wrong[:5]} (FFmpeg's: {off[:5]}...)"


def test_each_time_alone_gives_the_sequential_reads_frame(clip):
    """Where FFmpeg's clock was off: each frame's time (and just before it) asked alone, by each
    strategy, gives the sequential read's frame (its time and pixels)."""
    truth = [round(i * STEP, 6) for i in range(SECONDS * FPS)]
    off = [i for i, t in enumerate(ffmpeg_times(clip)) if abs(t - truth[i]) > 1e-6]
    runs = sorted({i - i % 12 for i in off})[:3]  # (the first three groups the fault is in)
    first = sequential_times(clip)[0]
    times = sorted({round(first + k * STEP - d, 6) for r in runs for k in range(max(0, r - 3), r + 15) for d in (0, 0.01)})
    reference = answer("sequential", clip, times)
    assert reference and reference[0] != "error", reference
    bad = []
    for i, t in enumerate(times):
        for strategy in ("seek", "auto"):
            got = answer(strategy, clip, [t])
            if got != reference[i:i + 1]:
                bad.append(f"{strategy} at {t}: {got[0][0] if got and got[0] != 'error' else got}, sequential {reference[i][0]}")
    assert not bad, "\n".join(bad[:20])


# -- stamps another muxer wrote, as the standard means them: left as they are ----------------------
DUR, ORIGIN = 3600, 90000


class Packet(bytes):
    """A demuxed packet: its bytes, timestamps, byte position (a PES's: stamped) and flags."""


def picture(kind: str, headed: bool) -> bytes:
    code = {"I": 1, "P": 2, "B": 3}[kind]
    head = b"\x00\x00\x01\xb3" + b"\x10" * 8 + b"\x00\x00\x01\xb8" + b"\x20" * 4 if headed else b""
    return head + ps_clock.PICTURE_START + bytes([0, code << 3]) + b"\x55" * 40


def ibbp(frames: int = 120, gop: int = 12, jump_at: int | None = None, jump: int = 0,
         later_stamps: bool = True) -> list[Packet]:
    """An MPEG-2 stream's packets in decode order (I/P-frame every 3rd, I every ``gop``th, headed and
    stamped; every 5th packet stamped too), timed as FFmpeg gives them where every stamp is right;
    from the keyframe shown at ``jump_at`` on, the clock ``jump`` later (a recording's clock jumping),
    and no packet after it stamped unless ``later_stamps``."""
    order = [0]
    for a in range(3, frames, 3):
        order += [a, a - 2, a - 1]
    out, prev_anchor = [], None
    for n, d in enumerate(order):
        anchor, key, pts = d % 3 == 0, d % gop == 0, ORIGIN + d * DUR
        dts = (prev_anchor if prev_anchor is not None else pts - DUR) if anchor else pts
        if anchor:
            prev_anchor = pts
        p = Packet(picture("I" if key else "P" if anchor else "B", headed=key))
        p.pts, p.dts, p.duration, p.is_keyframe, p.size = pts, dts, DUR, key, len(p)
        p.pos = 2048 * n + 14 if key or n % 5 == 0 else None
        out.append(p)
    if jump_at is not None:
        at = next(i for i, p in enumerate(out) if p.is_keyframe and p.pts == ORIGIN + jump_at * DUR)
        for p in out[at:]:
            p.pts, p.dts = p.pts + jump, p.dts + jump
        for p in out[at + 1:] if not later_stamps else ():
            p.pos = None
    return out


def through(packets: list[Packet]) -> list[tuple[int, int]]:
    reader = SimpleNamespace(tb=1 / 90000, frame_dur=DUR / 90000)
    return [(p.pts, p.dts) for p in ps_clock.packets(reader, iter(packets))]


def test_stamps_as_the_standard_means_them_are_kept():
    packets = ibbp()
    assert through(packets) == [(p.pts, p.dts) for p in ibbp()]


@pytest.mark.parametrize("jump", [DUR, 2 * DUR, -DUR, 90000])
@pytest.mark.parametrize("later_stamps", [True, False], ids=["stamps-after", "none-after"])
def test_stamps_of_a_clock_that_jumps_at_a_keyframe_are_kept(jump, later_stamps):
    """A clock that jumps at a keyframe (one frame later: as FFmpeg's muxer's keyframe stamped with
    the frame after it looks, until a later stamp says otherwise; or none comes) keeps FFmpeg's times."""
    stream = ibbp(jump_at=36, jump=jump, later_stamps=later_stamps)
    assert through(stream) == [(p.pts, p.dts) for p in ibbp(jump_at=36, jump=jump, later_stamps=later_stamps)]
