"""The delay given a first PES whose PTS alone is stray (``part_cuts.pts_strays``) where no other keyframe of
the stream is timed (H.264 in an MPEG-PS: small frames share a PES, one in ~40 stamped): the stream's reorder
depth (FFmpeg's ``has_b_frames``: 2 frames with x264's B-pyramid), not a frame more than the least delay of
the stamped packets after it. Where no B-frame happened to begin a stamped PES, that least delay was a
P-frame's (4 frames), the guess 5 frames, and a seek into the last groups of pictures, where no stamped
frame follows, timed its frames on from the keyframe 3 frames late: the frame 3 frames early from 8.0 s to
9.9 s of this 10 s VOB. tests/test_ps_stray_first_pts's clip with sound came out so about once in 30 writes
in a process (PyAV's RGB conversion gives other pictures from call to call); this one is encoded from YUV
planes made here, with one thread, its stamps as FFmpeg's muxer lays them but for a B-frame's and those of
its last groups, taken off (x264's bytes still vary a little with what the process encoded before)."""

from __future__ import annotations

import av
import numpy as np
import pytest

from core import part_cuts
from tests.fresh_writer import written_fresh
from tests.test_ps_joined_seek import frames
from tests.test_ps_short_part import stamped
from tests.test_ps_stray_first_stamp import STRAY_60, _stray_start, write_with_sound
from tests.test_stray_packet_length import _get

FRAME = 3600  # (a frame at 25 a second, in 90 kHz ticks)
TIMES = [0.0, 0.5, 3.0, 8.0, 8.5, 9.0, 9.5, 9.9]


def planes(n: int) -> np.ndarray:
    """Frame ``n`` as YUV 4:2:0 planes (no colour conversion: the same each time): its number in eight
    bars (white a 1 bit) over a shade that changes every second, and a square moving along a row."""
    y = np.full((48, 64), 74 + (n // 25) * 7 % 100, np.uint8)
    for bit in range(8):
        if n >> bit & 1:
            y[:8, bit * 8:(bit + 1) * 8] = 235
    x = (n * 5) % 48
    y[16:32, x:x + 16] = 166
    u, v = np.full((24, 32), 128, np.uint8), np.full((24, 32), 128, np.uint8)
    v[8:16, x // 2:x // 2 + 8] = 200
    return np.concatenate([y, u.reshape(12, 64), v.reshape(12, 64)])


def _unstamp(path) -> None:
    """Takes the stamp off each video PES after the first whose frame is shown less than 2 frames after its
    decoding (a B-frame's) or is decoded in the last 1.2 s (its last groups of pictures), its header's length
    kept (stuffing bytes): what this test is about, whatever frames x264's bytes put at a PES's start (they
    vary a little with what the process encoded before: two ways in 20 writes, both so without this)."""
    data = bytearray(path.read_bytes())
    heads = stamped(data)
    first = _get(data, heads[0] + 14)  # (the keyframe's decoding time: 2 frames before its PTS)
    for head in heads[1:]:
        both = data[head + 7] & 0x40
        dts = _get(data, head + 14) if both else _get(data, head + 9)
        if _get(data, head + 9) - dts < 2 * FRAME or dts - first >= 220 * FRAME:
            data[head + 7] &= 0x3F
            data[head + 9:head + (19 if both else 14)] = b"\xff" * (10 if both else 5)
    path.write_bytes(bytes(data))


def write(path):
    """10 s of ``planes`` (H.264, 2 B-frames, a keyframe every 25 frames, one thread) and silent MP2 sound in
    a VOB, its stamps then taken off as ``_unstamp`` says."""
    write_with_sound(path, "vob", lambda n: av.VideoFrame.from_ndarray(planes(n), format="yuv420p"), threads="1")
    _unstamp(path)
    return path


@pytest.fixture(scope="module")
def clips(tmp_path_factory):
    folder = tmp_path_factory.mktemp("stray_pts_delay")
    clean = written_fresh("tests.test_ps_stray_first_pts_delay:write", folder / "clean.vob")
    return clean, _stray_start(clean, folder / "stray.vob", STRAY_60, dts=False)


def test_the_clip_stamps_no_b_frame_and_no_keyframe_but_its_first(clips):
    """(What the next test needs: its keyframe's delay 2 frames, FFmpeg's reorder depth; the stamped frames
    after it P-frames, 4 frames; the last of them before the last groups of pictures.)"""
    with av.open(str(clips[0])) as c:
        s = c.streams.video[0]
        depth = s.codec_context.reorder_depth
        timed = [(p.pts - p.dts, p.is_keyframe, p.dts) for p in c.demux(s) if p.size and p.pts is not None]
    assert depth == 2 and timed[0][:2] == (2 * FRAME, True)
    assert len(timed) >= 4 and all(d >= 2 * FRAME and not key for d, key, _ in timed[1:])
    assert timed[-1][2] - timed[0][2] < 225 * FRAME


def test_a_seek_into_the_last_groups_gives_the_frame_the_clean_clip_gives(clips):
    clean, stray = clips
    want = frames("sequential", clean, TIMES)
    assert frames("sequential", stray, TIMES) == want
    assert [t for t, w in zip(TIMES, want) if frames("seek", stray, [t]) != [w]] == []  # (each a fresh reader)


def test_the_stray_keyframe_is_given_the_streams_reorder_depth():
    """Packets as the scan records them (stream, byte position, pts, dts, duration, untimed before): the
    keyframe's PTS 60 s on, then a P-frame every 48 frames, 4 frames after its decoding."""
    packets = [(0, 0, STRAY_60 + 2 * FRAME, 0, 0, 0)]
    packets += [(0, 1000 * k, (48 * k + 4) * FRAME, 48 * k * FRAME, 0, 47) for k in range(1, 6)]
    assert part_cuts.pts_strays(packets, [0], 0, 1 / 90000, 2) == (1, 2 * FRAME)
    assert packets[0][3] == STRAY_60  # (its decoding time that far before its stamp: a stray at the start)
    one = [(0, 0, STRAY_60 + FRAME, 0, 0, 0), *packets[1:]]  # (x264 without a B-pyramid, MPEG-2: 1 frame)
    assert part_cuts.pts_strays(one, [0], 0, 1 / 90000, 1) == (1, FRAME)
    b_frame = (0, 2500, (48 * 2 + 3) * FRAME, (48 * 2 + 2) * FRAME, 0, 1)  # (shown a frame after its decoding)
    timed_b = [(0, 0, STRAY_60 + 2 * FRAME, 0, 0, 0), *packets[1:3], b_frame, *packets[3:]]
    assert part_cuts.pts_strays(timed_b, [0], 0, 1 / 90000, 16) == (1, 2 * FRAME)  # (a depth FFmpeg only guessed,
    # its most: never more than a frame past the least delay after it, the guess before)
    none = [(0, 0, STRAY_60, 0, 0, 0), *[(0, 1000 * k, 48 * k * FRAME, 48 * k * FRAME, 0, 47) for k in range(1, 6)]]
    assert part_cuts.pts_strays(none, [0], 0, 1 / 90000, 0) == (1, 0)  # (no B-frames: shown as decoded)
