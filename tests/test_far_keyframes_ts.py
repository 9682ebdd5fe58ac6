"""Keyframes only (``FrameSampler(skip="nonkey")``, the index's quick pass) in an MPEG-TS whose
keyframes lie more than 10 s apart: each keyframe after the first, more than 10 s past the frame
decoded before it, was taken for a stray timestamp and timed by order (a TS with 15 s groups of
pictures gave its keyframes at 0.1 s and 0.2 s for 15 s and 30 s), so a moment sent the user to the
wrong second. The packets between them, read and skipped, run on to it: a stray timestamp (one
packet stamped hours off) still is one. An MP4, whose clock never jumps, always read right."""

from __future__ import annotations

import numpy as np
import pytest

from core.decode_pool import DecodeSpec, decode_file
from core.index_passes import QUICK_KEY_GAP_S, quick_spec
from core.media import FrameSampler
from tests.test_timestamp_restarts import FPS, number, write_ts

SECONDS = 40


@pytest.fixture(scope="module")
def clips(tmp_path_factory):
    """40 s clips of numbered frames (10 fps) with 11 s and 15 s groups of pictures, TS and MP4."""
    d = tmp_path_factory.mktemp("far_keys")
    return {(fmt, gop): write_ts(d / f"g{gop}.{fmt}", range(SECONDS * FPS), gop=gop * FPS,
                                 fmt="mpegts" if fmt == "ts" else "mp4")
            for fmt in ("ts", "mp4") for gop in (11, 15)}


@pytest.mark.parametrize("gop", [11, 15])
@pytest.mark.parametrize("fmt", ["ts", "mp4"])
def test_keyframes_only_gives_each_keyframe_at_its_true_time(clips, fmt, gop):
    path = clips[fmt, gop]
    full = {round(t, 6): number(f) for t, f in FrameSampler(size=None).iter_at_rate(path, FPS)}
    assert len(full) == SECONDS * FPS and all(n == round(t * FPS) % 256 for t, n in full.items())
    keys = [(round(t, 6), number(f)) for t, f in FrameSampler(size=None, skip="nonkey").iter_at_rate(path, FPS)]
    assert [t for t, _ in keys] == [float(k) for k in range(0, SECONDS, gop)]  # (TS was [0.0, 0.1, 0.2, ...])
    assert all(full[t] == n for t, n in keys)  # the frame the full read shows at that time


def test_keyframes_only_anywhere_in_any_order_are_the_keyframes_shown_there(clips):
    """Times far apart and back (walks, FFmpeg's seeks further than 20 s ahead, the file read anew)."""
    wanted = [16.0, 35.0, 5.0, 31.0, 39.0, 1.0, 29.9]
    out = FrameSampler(size=None, skip="nonkey").frames_at(clips["ts", 15], wanted)
    keys = [15.0 * (t // 15) for t in wanted]
    assert out.times.tolist() == keys and [number(f) for f in out.frames] == [round(k * FPS) % 256 for k in keys]


def test_the_quick_pass_times_keyframes_11_s_apart_in_a_ts_right(clips):
    """Groups of pictures up to ``QUICK_KEY_GAP_S`` stay keyframes only in the quick pass
    (``core.sparse_keys`` decodes between keyframes further apart)."""
    assert QUICK_KEY_GAP_S >= 11
    _, moments = decode_file(str(clips["ts", 11]), quick_spec(DecodeSpec(size=32, frames_per_moment=4)))
    assert sorted({round(float(t), 6) for m in moments for t in m.frame_times}) == [0.0, 11.0, 22.0, 33.0]  # (was 0-0.3)


def _pts(data: bytearray, at: int) -> int:
    b = data[at:at + 5]
    return ((b[0] >> 1) & 7) << 30 | b[1] << 22 | (b[2] >> 1) << 15 | b[3] << 7 | b[4] >> 1


def _set_pts(data: bytearray, at: int, pts: int) -> None:
    b = data[at:at + 5]
    data[at:at + 5] = bytes([(b[0] & 0xF0) | ((pts >> 29) & 0x0E) | 1, (pts >> 22) & 0xFF, ((pts >> 14) & 0xFE) | 1,
                             (pts >> 7) & 0xFF, ((pts << 1) & 0xFE) | 1])


def test_a_stray_timestamp_on_a_keyframe_is_still_caught_reading_keyframes_only(tmp_path, clips):
    """The 11 s keyframe's packet stamped 3 hours off (test_timestamp_restarts' stray packet, on a
    frame keyframes only decodes): timed by order, never 3 hours in; the keyframes after it true."""
    data = bytearray(clips["ts", 11].read_bytes())
    heads = [i + 9 for i in range(len(data) - 14) if data[i:i + 4] == b"\x00\x00\x01\xe0"]
    start = min(_pts(data, at) for at in heads)
    at = next(at for at in heads if _pts(data, at) == start + 11 * 90000)
    _set_pts(data, at, (start + 11 * 90000 + 90000 * 3 * 3600) % (1 << 33))
    path = tmp_path / "stray.ts"
    path.write_bytes(bytes(data))
    got = [(round(t, 6), number(f)) for t, f in FrameSampler(size=None, skip="nonkey").iter_at_rate(path, FPS)]
    assert [n for _, n in got] == [0, 110, 220 % 256, 330 % 256]
    times = [t for t, _ in got]
    assert times[0] == 0.0 and times[1] < 11.0 and times[2:] == [22.0, 33.0]
    assert np.all(np.diff(times) > 0)
