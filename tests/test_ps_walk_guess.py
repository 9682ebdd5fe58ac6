"""A walk to a time in an MPEG-PS read through a timeline (clips joined byte for byte) stops at the last keyframe
shown at or before it. Most keyframes of small frames come without a timestamp, and the walk guesses one: the
decoding time counted on, plus a delay. That delay was the most any timed packet of the file was shown after its
decoding (a P-frame's, 4 frames with 2 B-frames), where a keyframe's is 2 frames (0 without B-frames): a time just
after a keyframe was taken for one before it, and the walk decoded from the keyframe a group earlier (15 frames for
3). It is now the delay of the keyframes of the part sought (``Segment.key_delay``, the scan's), the most so far
where the part has none."""

from __future__ import annotations

import pytest

from core.media import FrameSampler
from tests.fresh_writer import written_fresh
from tests.test_ps_joined_seek import FPS, frames

GROUP = 12  # (the clips' keyframe interval, ``write_ps``'s for H.264)


@pytest.mark.slow
@pytest.mark.parametrize("shape", ["2,0", "0,2", "3,1"])
def test_a_seek_just_after_a_keyframe_decodes_from_it(tmp_path, shape):
    path = written_fresh("tests.test_ps_joined_key_delay:write_joined", tmp_path / "joined.vob", shape)
    times = [part * 6.0 + k * GROUP / FPS + 1.4 / FPS for part in range(2) for k in range(1, 12)]
    decoded, got = [], []
    sampler = FrameSampler(size=None, _strategy="seek")
    for t in times:  # (each a fresh reader: a thumbnail, search's jump)
        reader = sampler._open(str(path))
        try:
            before = reader.decoded
            frame = reader.at(t)
            decoded.append(reader.decoded - before)
            got.append((round(float(frame[0]), 6), frame[1].to_ndarray(format="rgb24").tobytes()))
        finally:
            reader.close()
    assert got == frames("sequential", path, times)  # (no other frame)
    wasted = [(round(t, 3), n) for t, n in zip(times, decoded) if n > 4]
    assert not wasted, wasted  # (the keyframe, the frame after it, the one asked; the old guess: a group more)
