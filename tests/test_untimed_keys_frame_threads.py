"""A seek in an MPEG-PS/TS whose keyframes come without a timestamp gives the same frame whatever the
decoder's threads (``core.untimed_keys.KeyGuess``).

After a seek into a stream's last groups of pictures, where no timed frame follows, the frames are
timed on from their keyframe's guessed decoding time. That guess was read when the keyframe's frame
came out of the decoder, but a frame comes out some packets after its own: its reorder delay and a
packet a frame thread. FFmpeg runs a frame thread per core and one more, 16 at most: on a machine of
14 cores or more (or a short group of pictures on fewer), the next keyframe had been handed by then,
and its guess timed the group before: a thumbnail or a moment's preview at 9.0 s of a 10 s VOB with
sound showed the frame at 8.33 s; with a keyframe every 4 frames, on 2 cores already (3 threads). Each keyframe's guess now goes with its packet to its frame
(FFmpeg's ``opaque``). The threads are named here: left to FFmpeg (``threads=0``) they depend on the
machine that runs the tests (3 on 2 cores, where this never showed)."""

from __future__ import annotations

from fractions import Fraction

import av
import pytest

from core.media import FrameSampler
from tests.fresh_writer import written_fresh
from tests.test_ps_joined_seek import picture
from tests.test_ps_stray_first_stamp import STRAY_60, _stray_start

TIMES = [0.0, 3.0, 8.4, 9.0, 9.5, 9.9]  # (9.0, 9.5: the last two groups of pictures, no timed frame after)


def frames(strategy: str, path, times, threads: int) -> list:
    got = FrameSampler(size=None, _strategy=strategy, threads=threads).frames_at(str(path), times)
    return [(round(float(t), 6), f.tobytes()) for t, f in zip(got.times, got.frames)]


@pytest.fixture(scope="module", params=[("vob", "vob"), ("mpegts", "ts")], ids=["vob", "ts"])
def clips(request, tmp_path_factory):
    """A clip with sound (H.264 with B-frames, its keyframes untimed; written by a fresh process, its
    bytes the same whatever this one wrote before), and the same with its first PTS stray (read
    through a timeline), and what a read straight through gives at ``TIMES``."""
    fmt, ext = request.param
    folder = tmp_path_factory.mktemp(f"threads_{ext}")
    clean = written_fresh("tests.test_ps_stray_first_stamp:write_with_sound", folder / f"clean.{ext}", fmt)
    stray = _stray_start(clean, folder / f"stray.{ext}", STRAY_60, dts=False)
    return clean, stray, frames("sequential", clean, TIMES, 1)


@pytest.mark.parametrize("threads", [1, 3, 16])
@pytest.mark.parametrize("which", ["clean", "stray"])
def test_a_seek_gives_the_frame_a_read_through_gives_whatever_the_threads(clips, which, threads):
    clean, stray, want = clips
    path = clean if which == "clean" else stray
    assert frames("sequential", path, TIMES, threads) == want
    for t, w in zip(TIMES, want):  # (each a fresh reader: a thumbnail, search's jump)
        assert frames("seek", path, [t], threads) == [w], t


def test_a_seek_into_short_groups_of_pictures_gives_the_frame_a_read_through_gives(tmp_path):
    """A keyframe every 4 frames (B-frames): 3 frame threads, FFmpeg's choice on 2 cores, had handed
    the next keyframe before the first's frame came out (the old module gave another frame at 9.9 s)."""
    path = tmp_path / "short.vob"
    with av.open(str(path), "w", format="vob") as out:
        v = out.add_stream("libx264", rate=25)
        v.width, v.height, v.pix_fmt, v.options = 64, 48, "yuv420p", {"g": "4", "keyint_min": "4", "bf": "2"}
        for n in range(250):
            f = av.VideoFrame.from_ndarray(picture(n), format="rgb24")
            f.pts, f.time_base = n, Fraction(1, 25)
            out.mux(v.encode(f))
        out.mux(v.encode())
    times = [9.0, 9.5, 9.9]
    want = frames("sequential", path, times, 1)
    for threads in (1, 3):
        assert frames("sequential", path, times, threads) == want
        for t, w in zip(times, want):
            assert frames("seek", path, [t], threads) == [w], (t, threads)
