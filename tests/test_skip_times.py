"""The skipping decode modes on an H.264 MPEG-PS whose frames, keyframes among them, mostly carry no
timestamp (``core.skip_times``): indexing decodes ``nonref``, the quick pass ``nonkey``.

Their frames were timed by counting the frames decoded, and a skipping decoder decodes only some: a
keyframe 1.19 s in was stamped 0.08 s (one frame after the keyframe before it) and given, with its
pixels, for times a second before it; with B-frames skipped (``nonref``) the frames after them came
frames early. Now every frame a skipping mode gives is a true frame at its true time: the frame the
every-frame read gives at that time, or (``nonkey``) the keyframe at or before it.

Measured (300 frames of 720x576 grain, B-frames 2, 131 without a timestamp, one thread, 24 times): every
frame 0.378 s of CPU; ``nonref`` 0.374 s (the decoder decodes every frame from the first frame it could
not time, a B-frame stream's; skipping the B-frames and timing them wrong took 0.352 s, 6% less);
``nonkey`` 0.195 s, as before (a keyframe's time: its decoding time and keyframes' delay). Without
B-frames, ``nonref`` skips as before (every frame's time is its decoding time).
"""

from __future__ import annotations

from pathlib import Path

import pytest

av = pytest.importorskip("av")

from tests.test_ps_untimed_keys import untimed_keys, write as ps_write  # noqa: E402
from tests.test_seek_matrix import every_frame, skipping, untrue  # noqa: E402

SECONDS, W, H = 12, 176, 144  # (25 frames a second, a keyframe every 25: test_ps_untimed_keys.write)


def write(path: Path, bf: int) -> Path:
    """An H.264 MPEG-PS as FFmpeg's muxer writes one (small frames share a PES and its one timestamp)."""
    return ps_write(path, bf, size=(W, H), seconds=SECONDS, step=5, top=40, preset="veryfast")


@pytest.fixture(scope="module", params=[0, 2], ids=["bf0", "bf2"])
def clip(request, tmp_path_factory) -> Path:
    return write(tmp_path_factory.mktemp("skip_times") / f"h264-bf{request.param}.vob", request.param)


def _times(frames: dict) -> list[float]:
    """Every 0.13 s of the clip, and each keyframe's time, a little before and after it."""
    keys = [t for t, (_, key) in frames.items() if key]
    out = {round(0.13 * k, 2) for k in range(int(max(frames) / 0.13) + 2)}
    for k in keys[1:]:
        out.update({k - 0.01, k, k + 0.01})
    return sorted(out)


@pytest.mark.parametrize("skip", ["nonref", "nonkey"])
def test_a_skipping_mode_gives_true_frames_at_their_times(clip, skip):
    packets, timed, bare_keys = untimed_keys(clip)
    assert timed * 4 < packets and bare_keys >= SECONDS // 2  # (frames and keyframes mostly without timestamps)
    frames = every_frame(clip)  # (the every-frame read: time -> (pixels, keyframe))
    times = _times(frames)
    straight = skipping("sequential", skip, clip, times)
    bad = untrue(skip, clip, times, straight)
    assert not bad, (len(bad), bad[:4])  # (was: 'at 1.1900: frame stamped 0.08, the pixels of another')
    if skip == "nonkey":  # (keyframes only: each one's time and pixels)
        assert {t for t, _ in straight} == {t for t, (_, key) in frames.items() if key and t <= times[-1]}
    # each time alone, by a seek, gives the frame the read straight through gave
    for i in range(0, len(times), 7):
        assert skipping("seek", skip, clip, [times[i]]) == [straight[i]], (skip, times[i])
