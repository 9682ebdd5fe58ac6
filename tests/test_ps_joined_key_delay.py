"""H.264 clips joined byte for byte in an MPEG-PS whose B-frames differ (a camcorder's clips, one recorded
with another setting; a phone's clip joined to them): each clip's keyframes are shown a delay of their own
after their decoding (0 frames without B-frames, 2 with 2). Small frames share a PES, so most keyframes
come without a timestamp, and a seek into a clip's last group, with no timed frame after it in its clock,
times its frames on from its keyframe's decoding time and that delay (``core.untimed_keys``). The reader
took one delay for the whole file, the most its timed keyframes had: a later clip's last group came up to
2 frames off (0,2: the frame at 11.44 s for 11.36 s; 2,0: the frame at 11.84 s for 11.92 s), where a read
straight through was right. Each timeline part now has its own (``Segment.key_delay``, the scan's)."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.fresh_writer import written_fresh
from tests.test_ps_joined_seek import FPS, frames, write_ps
from tests.test_ps_restart_short import wanted

PART_S = 6.0
LAST_S = 0.72  # (each clip's last 18 frames: its last group of 12 and some of the one before)
SHAPES = {"2,0": (2, 0), "0,2": (0, 2), "3,1": (3, 1), "1,3": (1, 3), "0,2,0": (0, 2, 0)}


def write_joined(path: Path, shape: str) -> Path:
    """``SHAPES[shape]``'s H.264 clips of ``PART_S`` (``write_ps``: those B-frames each, its clock from the
    start), joined byte for byte."""
    parts = [write_ps(path.with_suffix(f".{k}.vob"), "libx264", PART_S, shade=40 * k, bf=bf)
             for k, bf in enumerate(SHAPES[shape])]
    path.write_bytes(b"".join(p.read_bytes() for p in parts))
    return path


@pytest.mark.slow
@pytest.mark.parametrize("shape", list(SHAPES))
def test_a_seek_into_each_clips_last_group_gives_its_frame(tmp_path, shape):
    n = len(SHAPES[shape])
    path = written_fresh("tests.test_ps_joined_key_delay:write_joined", tmp_path / "joined.vob", shape)
    parts = [path.with_suffix(f".{k}.vob") for k in range(n)]
    order = [PART_S] * n
    frames_in = round(PART_S * FPS)
    times = [k * PART_S + (i + 0.4) / FPS for k in range(n)
             for i in (0, frames_in // 2, *range(frames_in - round(LAST_S * FPS), frames_in))]
    want = wanted(parts, order, times)
    assert frames("sequential", path, times) == want
    got = [frames("seek", path, [t])[0] for t in times]  # (each a fresh reader: a thumbnail, search's jump)
    shown = {px: at for at, px in want}  # (whose frame a wrong one is, where it is one of these)
    wrong = [(round(t, 3), g[0], shown.get(g[1])) for t, g, w in zip(times, got, want) if g != w]
    assert not wrong, wrong  # (time asked, the time given, the time whose frame it is)


@pytest.mark.slow
def test_a_keyframes_stamp_shared_with_the_next_frame_is_not_its_parts_delay(tmp_path):
    """(A guard for the scan's part delays: its frames were right on the reader before them, which took
    the delay from its own timed keyframes, ``untimed_keys.paired``.) ``tests/test_untimed_keys_shared_stamp``'s clip, a keyframe of which ends
    in a PES the next frame (a P-frame) begins in, so FFmpeg gives it that frame's stamp (4 frames after its
    decoding, its own 2), joined to itself. Counted as its part's keyframes' delay, a seek into either
    part's last groups gave the frame 2 frames before (8.7-9.9 s, 18.6-19.8 s)."""
    from core.media import FrameSampler
    from tests.test_untimed_keys_shared_stamp import frames as frames_1t, shared_key_stamps

    clip = written_fresh("tests.test_untimed_keys_shared_stamp:write", tmp_path / "clip.vob")
    assert shared_key_stamps(clip) == [4]  # (what this test needs: written so by a fresh process)
    path = tmp_path / "twice.vob"
    path.write_bytes(clip.read_bytes() * 2)
    reader = FrameSampler(size=None, _strategy="seek")._open(str(path))
    try:
        assert [seg.key_delay for seg in reader.timeline.segments] == [7200, 7200]  # (2 frames of 90 kHz)
    finally:
        reader.close()
    times = [round(0.3 * k, 2) for k in range(67)]  # (every 0.3 s; each part's last groups from 8.7 s)
    want = frames_1t("sequential", path, times)
    got = [frames_1t("seek", path, [t])[0] for t in times]
    assert [t for t, g, w in zip(times, got, want) if g != w] == []


@pytest.mark.slow
@pytest.mark.parametrize("shape", list(SHAPES))
def test_keyframes_alone_come_at_their_own_times(tmp_path, shape):
    """Decoding keyframes alone (``skip="nonkey"``: indexing's quick pass), each untimed keyframe was given
    the file's one delay too (``core.skip_times``): read through or sought, a later clip's keyframes came
    labelled 2 frames off their times (2,0: the frame at 6.48 s given as 6.56 s; 0,2 sought: 7.92 as 7.84)."""
    from core.media import FrameSampler

    n = len(SHAPES[shape])
    path = written_fresh("tests.test_ps_joined_key_delay:write_joined", tmp_path / "joined.vob", shape)
    parts = [path.with_suffix(f".{k}.vob") for k in range(n)]
    every = [(i + 0.4) / FPS for i in range(round(n * PART_S * FPS))]
    shown = {px: at for at, px in wanted(parts, [PART_S] * n, every)}  # (each frame's time, by its pixels)
    times = every[::5]
    read = FrameSampler(size=None, skip="nonkey", _strategy="sequential").frames_at(str(path), times)
    got = [(float(t), f) for t, f in zip(read.times, read.frames)]
    for t in times[::2]:  # (each a fresh reader)
        one = FrameSampler(size=None, skip="nonkey", _strategy="seek").frames_at(str(path), [t])
        got.append((float(one.times[0]), one.frames[0]))
    wrong = sorted({(round(at, 3), shown.get(f.tobytes())) for at, f in got
                    if shown.get(f.tobytes()) is None or abs(at - shown[f.tobytes()]) > 1e-6})
    assert not wrong, wrong  # (the time given, the time whose frame it is)
