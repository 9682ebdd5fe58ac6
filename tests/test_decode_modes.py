"""The ways indexing saves decoding (``core.decode_modes``): the decoder's threads, and seeking
ahead to a keyframe instead of decoding the tail of a group of pictures. Neither changes a frame
or its time, whatever the GOP structure (B-frames, a b-pyramid, open GOPs, a variable frame rate)."""

from __future__ import annotations

from fractions import Fraction

import numpy as np
import pytest

import core.decode_modes as M
from core.decode_pool import DecodeSpec, decode_threads
from core.media import FrameSampler


def write_clip(path, *, seconds=6.0, fps=30.0, gop=60, bframes=3, x264_params="", vfr=False, size=(96, 64),
               fmt=None, preset="medium"):
    """A moving-texture H.264 clip (B-frames referring to B-frames with ``b-pyramid``); ``vfr``:
    the second third at a quarter of the rate. Returns the true presentation times. ``preset``
    "veryfast" writes a long clip in half the time, with the same groups, B-frame pyramid and
    adaptive B-frame placement (x264's b-adapt 1, as "medium")."""
    import av

    w, h = size
    rng = np.random.default_rng(7)
    texture = rng.integers(0, 256, size=(h, w * 2, 3), dtype=np.uint8)
    times, t = [], 0.0
    with av.open(str(path), "w", format=fmt) as out:
        stream = out.add_stream("libx264", rate=int(fps))
        stream.width, stream.height, stream.pix_fmt = w, h, "yuv420p"
        stream.time_base = stream.codec_context.time_base = Fraction(1, 90000)
        stream.options = {"bf": str(bframes), "g": str(gop), "keyint_min": str(gop), "sc_threshold": "0",
                          "preset": preset, "crf": "23", **({"x264-params": x264_params} if x264_params else {})}
        i = 0
        while t < seconds - 1e-9:
            x0 = (i * 3) % w
            frame = av.VideoFrame.from_ndarray(np.ascontiguousarray(texture[:, x0:x0 + w]), format="rgb24")
            frame.pts, frame.time_base = int(round(t * 90000)), Fraction(1, 90000)
            times.append(frame.pts / 90000)
            out.mux(stream.encode(frame))
            slow = vfr and seconds / 3 <= t < 2 * seconds / 3
            t += (4.0 if slow else 1.0) / fps
            i += 1
        out.mux(stream.encode(None))
    return times


@pytest.fixture(scope="module")
def pyramid(tmp_path_factory):
    path = tmp_path_factory.mktemp("clips") / "pyramid.mp4"
    return path, write_clip(path, x264_params="b-pyramid=normal")


@pytest.fixture(scope="module", params=["closed", "open-gop", "vfr"])
def gop_clip(request, tmp_path_factory):
    path = tmp_path_factory.mktemp("clips") / f"{request.param}.mp4"
    kw = {"closed": {}, "open-gop": {"x264_params": "open-gop=1:b-pyramid=normal"}, "vfr": {"vfr": True}}
    return path, write_clip(path, **kw[request.param])


def _exact(path, times):
    return FrameSampler(32, _strategy="sequential").frames_at(path, times)


# -- threads -------------------------------------------------------------------------------------
def test_decode_threads_share_the_cores_out():
    assert decode_threads(2, cores=2) == 1
    assert decode_threads(1, cores=2) == 2  # a file decoded alone keeps its wall time
    assert decode_threads(3, cores=8) == 2
    assert decode_threads(3, cores=2) == 1


def test_one_thread_is_slice_threads_and_gives_the_same_frames(pyramid):
    import av

    path, _ = pyramid
    reader = FrameSampler(32, skip="nonref", threads=1).open(path)
    assert not reader.stream.thread_type & av.codec.context.ThreadType.FRAME
    reader.close()
    reader = FrameSampler(32, skip="nonref", threads=3).open(path)
    assert reader.stream.thread_type & av.codec.context.ThreadType.FRAME
    assert reader.stream.codec_context.thread_count == 3
    reader.close()
    one = FrameSampler(32, skip="nonref", threads=1).at_rate(path, 2.0)
    framed = FrameSampler(32, skip="nonref", threads=3).at_rate(path, 2.0)
    np.testing.assert_array_equal(one.times, framed.times)
    np.testing.assert_array_equal(one.frames, framed.frames)
    with pytest.raises(ValueError, match="threads"):
        FrameSampler(32, threads=-1)


def test_the_pool_gives_a_spec_without_threads_its_share(tmp_path):
    from core.decode_pool import DecodePool
    from tests import decode_modes_probe

    pool = DecodePool()
    try:
        got = dict(pool.decode(str(tmp_path / "x.mp4"), DecodeSpec(), timeout_s=60, fn=decode_modes_probe.threads_of))
        assert got["done"] == decode_threads(1)
        got = dict(pool.decode(str(tmp_path / "x.mp4"), DecodeSpec(threads=5), timeout_s=60,
                               fn=decode_modes_probe.threads_of))
        assert got["done"] == 5
        # alone in the pool, but its caller is starting another file beside it: its share of two
        got = dict(pool.decode(str(tmp_path / "x.mp4"), DecodeSpec(), timeout_s=60, side_by_side=2,
                               fn=decode_modes_probe.threads_of))
        assert got["done"] == decode_threads(2)
    finally:
        pool.close()


def test_files_decoded_side_by_side_share_the_cores(tmp_path):
    """Two decoding threads of a run start at once on a cold pool, each saying it starts two files
    side by side (as the indexer does): each file gets half the cores (one thread each on 2 cores),
    however the two threads raced to the pool (the second may arrive after the first file's worker
    is ready)."""
    import threading

    from core.decode_pool import DecodePool
    from tests import decode_modes_probe

    pool, got = DecodePool(), []

    def one(name):
        got.append(dict(pool.decode(str(tmp_path / name), DecodeSpec(), timeout_s=60, side_by_side=2,
                                    fn=decode_modes_probe.slow_threads_of))["done"])

    try:
        threads = [threading.Thread(target=one, args=(f"{i}.mp4",)) for i in range(2)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
    finally:
        pool.close()
    assert got == [decode_threads(2)] * 2


# -- seeking ahead to a keyframe -----------------------------------------------------------------
@pytest.mark.parametrize("skip", ["none", "nonref"])
def test_seeking_ahead_changes_no_frame_and_decodes_less(gop_clip, skip):
    """Wanted times every second from 0.25 s, keyframes every 2 s: each group of pictures' tail
    after its last wanted frame is skipped by a seek to the next keyframe; the frames and their
    times are those of reading straight through, B-frames, open GOPs and VFR included."""
    path, true = gop_clip
    straight = FrameSampler(32, skip=skip, _strategy="sequential")
    a = straight.at_rate(path, 1.0, start=0.25)
    ahead = FrameSampler(32, skip=skip)
    b = ahead.at_rate(path, 1.0, start=0.25)
    np.testing.assert_array_equal(a.times, b.times)
    np.testing.assert_array_equal(a.frames, b.frames)
    assert ahead.last_stats["seeks"] >= 1
    assert ahead.last_stats["grabs"] < straight.last_stats["grabs"]
    if skip == "none":
        assert b.times.tolist() == pytest.approx([max(x for x in true if x <= t + 1e-6)
                                                  for t in np.arange(0.25, true[-1], 1.0)][: len(b.times)])


def test_frames_at_wanted_on_keyframes_and_just_before_them(gop_clip):
    path, true = gop_clip
    keys = [t for t in true if abs(t % 2.0) < 1e-6 or abs(t % 2.0 - 2.0) < 1e-6]
    wanted = sorted({x for k in keys for x in (k - 1 / 30, k, k + 0.01)} - {-1 / 30})
    wanted = [t for t in wanted if 0 <= t < true[-1]]
    a = _exact(path, wanted)
    b = FrameSampler(32).frames_at(path, wanted)
    np.testing.assert_array_equal(a.times, b.times)
    np.testing.assert_array_equal(a.frames, b.frames)


def test_dense_wanted_frames_never_seek_ahead(pyramid):
    """A seek flushes the decoder: it must leave KEY_SEEK_MIN_FRAMES packets or more undecoded."""
    path, _ = pyramid
    sampler = FrameSampler(32)
    sampler.at_rate(path, 10.0)  # every 3rd frame
    assert sampler.last_stats["seeks"] == 0


def test_a_keyframe_shown_later_than_its_index_entry_falls_back_to_the_sure_seek(gop_clip, monkeypatch):
    from core.av_reader import FrameReader

    path, _ = gop_clip
    real = FrameReader._seek_pts
    misled = []

    def lying_seek(self, pts):  # the first seek ahead lands a keyframe later than asked
        if not misled:
            misled.append(pts)
            pts += int(2.5 / self.tb)
        real(self, pts)

    monkeypatch.setattr(FrameReader, "_seek_pts", lying_seek)
    sampler = FrameSampler(32)
    b = sampler.at_rate(path, 1.0, start=0.25)
    monkeypatch.setattr(FrameReader, "_seek_pts", real)
    a = FrameSampler(32, _strategy="sequential").at_rate(path, 1.0, start=0.25)
    assert misled
    np.testing.assert_array_equal(a.times, b.times)
    np.testing.assert_array_equal(a.frames, b.frames)


def test_no_index_no_seek_ahead(tmp_path):
    """A raw H.264 stream has no index: read straight through, the same frames."""
    import av

    raw = tmp_path / "raw.mp4"  # (FFmpeg reads the content, whatever the name says)
    write_clip(raw, seconds=3.0, gop=30, fmt="h264")
    sampler = FrameSampler(32)
    got = sampler.at_rate(raw, 1.0, start=0.25)
    assert sampler.last_stats["seeks"] == 0 and len(got.times) >= 3
    assert M.keyframe_index(av.open(str(raw)).streams.video[0]) == []


def failing_seeks(monkeypatch, error, after_s: float = 0.5):
    """FFmpeg's seeks to a time past ``after_s`` fail with ``error`` (FFmpeg says EPERM of every
    failed seek); the times asked for, in seconds."""
    from core.av_reader import FrameReader

    real, asked = FrameReader._seek_pts, []

    def seek(self, pts):
        asked.append((pts - (self.origin or 0)) * self.tb)
        if asked[-1] > after_s:
            raise error
        return real(self, pts)

    monkeypatch.setattr(FrameReader, "_seek_pts", seek)
    return asked


def test_a_seek_ahead_that_fails_walks_to_the_time_as_a_failed_seek_does(gop_clip, monkeypatch):
    """A seek ahead whose seek failed (a damaged or unseekable file) failed the whole file with an
    unexpected PermissionError; now it goes on as the reader's other failed seeks do (walked to
    from the file's start): the frames of reading straight through."""
    import errno

    import av

    path, _ = gop_clip
    a = FrameSampler(32, _strategy="sequential").at_rate(path, 1.0, start=0.25)
    asked = failing_seeks(monkeypatch, av.PermissionError(errno.EPERM, "Operation not permitted"))
    sampler = FrameSampler(32)  # (wanted 1 s apart: nearer than a seek, only seeks ahead seek)
    b = sampler.at_rate(path, 1.0, start=0.25)
    assert [t for t in asked if t > 0.5], asked  # (a seek ahead was tried, and failed)
    np.testing.assert_array_equal(a.times, b.times)
    np.testing.assert_array_equal(a.frames, b.frames)


def test_a_seek_ahead_that_met_an_io_error_fails_the_read(gop_clip, monkeypatch):
    import errno

    import av

    from core.errors import MediaError

    path, _ = gop_clip
    failing_seeks(monkeypatch, av.OSError(errno.EIO, "Input/output error"))
    with pytest.raises(MediaError) as e:
        FrameSampler(32).at_rate(path, 1.0, start=0.25)
    assert e.value.reason == "cannot read the file (Input/output error)"


def test_keyframes_only_from_a_decoder_that_ignores_the_skip_mode(tmp_path, monkeypatch):
    """FFmpeg's VP9 decoder decodes every frame skipping "nonkey": the sampler gave the frame shown
    at each time, decoding all of them, where keyframes only was asked for (the quick pass). Now
    keyframes only, each at its own time, and only the keyframes' packets decoded after the first
    other frame."""
    from core import timeline
    from tests.test_seek_matrix import FPS, write_clip

    path = write_clip(tmp_path / "vp9.webm", "webm", "libvpx-vp9", {"deadline": "realtime", "cpu-used": "8"},
                      6, [i / FPS for i in range(8 * FPS)])
    real, decoded = timeline.decoded, []

    def counted(stream, packet):
        frames = real(stream, packet)
        decoded.extend(frames)
        return frames

    monkeypatch.setattr(timeline, "decoded", counted)
    got = FrameSampler(None, skip="nonkey").at_rate(path, 2.0)
    assert got.times.tolist() == pytest.approx([0.6 * i for i in range(13)]), got.times  # (to 7.5 s)
    assert len(decoded) <= 14 + 1
