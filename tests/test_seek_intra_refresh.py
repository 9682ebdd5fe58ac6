"""Seeks in an MPEG-TS of H.264 with intra refresh (x264's ``intra-refresh``, low-latency IPTV and
camera streams): the container marks the first frame of each refresh a keyframe (its recovery point),
but the decoder shows nothing from there until the refresh has swept the whole picture, the frames
after it P-frames. A walk over the packets to such a keyframe (``reader_seek.walk``: a seek up to
20 s ahead, and since 2d732b7 every seek back or far ahead, ``reader_seek.by_timestamps``) gave the
first frame shown after it, past the wanted time (30.4 s for 30.3 s), and kept giving it for every
earlier time asked next (6.2 s, 23.7 s); a walk ahead gave the frame before the walk (0.0 s for 14.3 s). Now a walk whose keyframe gives no whole frame at or before
the time reads the file from its start, as a seek that lands on no true keyframe does
(``reader_seek.landed``): the sequential read's frames."""

from __future__ import annotations

import pytest

from core.media import FrameSampler
from tests.test_decode_modes import write_clip


@pytest.fixture(scope="module")
def clip(tmp_path_factory):
    path = tmp_path_factory.mktemp("intra_refresh") / "intra-refresh.ts"
    write_clip(path, seconds=40.0, fps=10.0, gop=20, bframes=0, x264_params="intra-refresh=1", fmt="mpegts")
    return path


def shown(strategy: str, path, times: list[float]) -> list:
    reader = FrameSampler(size=None, _strategy=strategy)._open(str(path))
    try:
        return [(round(got[0], 6), got[1].to_ndarray().tobytes()) if (got := reader.at(t)) else None for t in times]
    finally:
        reader.close()


@pytest.mark.parametrize("times", [
    [30.3, 6.2, 23.7, 39.5, 3.0, 27.1],  # seeks back and far ahead (``by_timestamps``)
    [14.3, 30.1, 25.2],  # walks ahead (up to 20 s), then back
])
def test_seeks_to_intra_refresh_keyframes_give_the_sequential_reads_frames(clip, times):
    want = [shown("sequential", clip, [t])[0] for t in times]
    assert all(w is not None and w[0] <= t for w, t in zip(want, times))
    got = shown("seek", clip, times)
    assert [g[0] for g in got] == [w[0] for w in want]  # (was 30.4 for 30.3, 6.2, 23.7; 0.0, 14.4, 14.4)
    assert got == want
