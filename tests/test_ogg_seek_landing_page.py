"""After FFmpeg's seek in an Ogg, the packets of the page it lands on are timed back from that page's
granule position (the end of its last packet) at one tick a frame (FFmpeg's oggparsevp8): in an Ogg
VP8 whose time base is finer than its frames (here 1/600 at 25 fps, as a variable-rate source gives)
the keyframe it lands on came stamped a frame late less a tick (19.16 s as 19.20 s), and the reader,
walking the packets on from that seek (``reader_seek.by_timestamps``), took that time for the
keyframe's: keyframes only (the quick pass) gave every keyframe after 20 s a frame late, every frame
(thumbnails, indexing) the keyframe late at the times between. Now the landing page's packets are let
go (never decoded after the seek anyway unless a keyframe), the keyframe taken from a later page, whose
times are the page before's granule position, or from a seek further back: the sequential read's
frames and times.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from core.media import FrameSampler
from tests.test_seek_matrix import write_clip

FPS, SECONDS, GOP = 25, 30, 60  # (a keyframe every 2.4 s; past 20 s a fresh reader seeks)


@pytest.fixture(scope="module")
def clip(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("ogg_landing") / "vp8.ogv"
    return write_clip(path, "ogg", "libvpx", {"deadline": "realtime", "cpu-used": "8"}, GOP,
                      [i / FPS for i in range(SECONDS * FPS)])


def keyframes(path: Path) -> list[float]:
    reader = FrameSampler(size=None, _strategy="sequential")._open(str(path))
    try:
        keys, got = [], reader.pending
        while got is not None:
            if got[1].key_frame:
                keys.append(got[0])
            got = reader._next()
        return keys
    finally:
        reader.close()


def frames(path: Path, times: list[float], skip: str, strategy: str) -> list:
    got = FrameSampler(size=None, skip=skip, _strategy=strategy).frames_at(str(path), times)
    return [(round(float(t), 6), f.tobytes()) for t, f in zip(got.times, got.frames)]


@pytest.mark.parametrize("skip,after", [("nonkey", 2.2), ("nonkey", 1.0), ("none", 0.039), ("nonref", 0.039)])
def test_a_fresh_reader_past_20s_gives_the_keyframe_at_its_own_time(clip, skip, after):
    """Each time alone (a thumbnail, the quick pass's first time), ``after`` seconds past a keyframe:
    2.2, the seek 2 s before it lands on that keyframe (was stamped 0.038 s late with keyframes only);
    0.039, within its frame, past where it was stamped."""
    times = [round(k + after, 4) for k in keyframes(clip) if k > 20.5]
    assert len(times) >= 3
    want = frames(clip, times, skip, "sequential")
    for strategy in ("auto", "seek"):
        got = [frames(clip, [t], skip, strategy)[0] for t in times]
        bad = [(t, g[0], w[0]) for t, g, w in zip(times, got, want) if g != w]
        assert not bad, (strategy, bad)


def test_times_far_apart_in_turn_give_the_sequential_reads_frames(clip):
    """One reader back and forth (the preview, a batch with gaps past 20 s), every frame and keyframes only."""
    keys = keyframes(clip)
    times = [round(k + d, 4) for k in keys if k > 2 for d in (0.0, 0.039, 0.5, 2.2) if k + d < SECONDS - 0.2]
    order = sorted(times, key=lambda t: (t * 7.31) % 5.0)
    for skip in ("none", "nonkey"):
        want = dict(zip(times, frames(clip, times, skip, "sequential")))
        sampler = FrameSampler(size=None, skip=skip, _strategy="seek")
        reader = sampler._open(str(clip))
        try:
            bad = []
            for t in order:
                got = reader.at(t)
                shown = (round(got[0], 6), sampler._convert(got[1], reader.view).tobytes())
                if shown != want[t]:
                    bad.append((t, shown[0], want[t][0]))
            assert not bad, (skip, bad)
        finally:
            reader.close()
