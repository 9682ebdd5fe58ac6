"""A keyframe's delay (how long after its decoding it is shown) is not taken from the next frame's stamp
(``decode_modes.note_packet``, ``untimed_keys.paired``).

Where a keyframe of H.264 in an MPEG-PS ends in a PES that the next frame (a P-frame) begins in,
FFmpeg's parser gives that PES's stamp to both; ``paired`` takes it off the keyframe, whose time it is
not, but the reader had already counted its presentation-minus-decoding delay (the P-frame's, 4 frames
with 2 B-frames, the keyframe's own 2) as the stream's keyframes' delay. A seek into the last groups of
pictures, where no timed frame follows, times the frames on from the keyframe's guessed time, which
that delay put 2 frames late: a thumbnail or a moment's preview there showed the frame 2 frames before
(8.7 s to 9.9 s of this 10 s VOB; tests/test_ps_stray_first_pts's clip with sound, as one in 60 written
in a process came out, at 9.0 s and on). Its frames are encoded from YUV frames made once: encoded from RGB, PyAV's conversion gave
other pictures from one call to the next in a process (other bytes, other PES stamped)."""

from __future__ import annotations

import av
import pytest

from core.media import FrameSampler
from tests.fresh_writer import written_fresh
from tests.test_ps_joined_seek import picture
from tests.test_ps_stray_first_stamp import write_with_sound

TIMES = [round(0.3 * k, 2) for k in range(34)]  # (every 0.3 s; the last groups from 8.7 s)


def write(path):
    """10 s of ``picture`` (H.264, 2 B-frames, a keyframe every 24 frames, one thread) and silent MP2 sound in
    a VOB, as FFmpeg's muxer lays it out: encoded from YUV frames made once."""
    yuv = [av.VideoFrame.from_ndarray(picture(n), format="rgb24").reformat(format="yuv420p").to_ndarray()
           for n in range(250)]
    return write_with_sound(path, "vob", lambda n: av.VideoFrame.from_ndarray(yuv[n], format="yuv420p"),
                            g="24", threads="1", crf="23")


def shared_key_stamps(path) -> list[int]:
    """The delays (in frames) of the stamps FFmpeg gives a keyframe packet and the next one alike."""
    with av.open(str(path)) as c:
        ps = [p for p in c.demux(c.streams.video[0]) if p.size]
    return [(a.pts - a.dts) * 25 // 90000 for a, b in zip(ps, ps[1:])
            if a.is_keyframe and a.pts is not None and a.dts is not None and (b.pts, b.pos) == (a.pts, a.pos)]


def frames(strategy: str, path, times) -> list:
    got = FrameSampler(size=None, _strategy=strategy, threads=1).frames_at(str(path), times)
    return [(round(float(t), 6), f.tobytes()) for t, f in zip(got.times, got.frames)]


@pytest.fixture(scope="module")
def vob(tmp_path_factory):
    """Written by a fresh process: x264's bytes (and so which PES are stamped) vary with what the
    process encoded before, even from the same YUV frames on one thread (3 in 10 writes lost the
    shared stamp in a process writing other clips between), and a fresh process's first clip is
    always the same."""
    return written_fresh("tests.test_untimed_keys_shared_stamp:write",
                         tmp_path_factory.mktemp("shared_stamp") / "clip.vob")


def test_the_clip_has_a_keyframe_stamped_with_the_next_frames_delay(vob):
    """(What the next test needs: a keyframe's own delay is 2 frames; one such stamp says 4.)"""
    assert shared_key_stamps(vob) == [4]


def test_a_seek_gives_the_frame_a_read_through_gives(vob):
    want = frames("sequential", vob, TIMES)
    got = [frames("seek", vob, [t])[0] for t in TIMES]  # (each a fresh reader: a thumbnail, search's jump)
    assert [t for t, g, w in zip(TIMES, got, want) if g != w] == []
