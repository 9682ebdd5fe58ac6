"""Each file is opened and probed once per pass of an index run (issue 16, point 4): the probe's
open is the one the frames are read through (``FrameSampler.open``), its ``VideoInfo`` travels
with the file's moments, and what is decoded is what a probe then a second open gave."""

from __future__ import annotations

from collections import Counter

import numpy as np
import pytest

import core.media as media
from core.decode_pool import DecodeSpec, decode_file
from core.indexer import IndexOptions, MomentIndexer
from core.library import VideoLibrary
from core.media import FrameSampler, probe
from tests.decode_faults import counting_decode
from tests.fakes import ColourMeanEncoder
from tests.videos import Segment, write_video, write_vfr_video


@pytest.fixture(scope="module")
def folder(tmp_path_factory):
    root = tmp_path_factory.mktemp("probe") / "videos"
    write_video(root / "red then blue.mp4", [Segment(5, "red"), Segment(4, "blue", square="white")], seed=1)
    write_video(root / "green.avi", [Segment(5, "green")], fourcc="MJPG", seed=2)
    write_vfr_video(root / "phone.mp4", [(3, 30, "red"), (3, 12, "blue"), (3, 60, "green")])  # H.264, B-frames
    return root


def _opens(monkeypatch) -> list:
    seen = []
    real = media.open_video
    monkeypatch.setattr(media, "open_video", lambda p, *a, **k: (seen.append(str(p)), real(p, *a, **k))[1])
    return seen


@pytest.mark.parametrize("skip", ["nonref", "nonkey", "none"])
def test_decode_file_opens_once_and_decodes_what_probe_then_open_did(folder, monkeypatch, skip):
    spec = DecodeSpec(size=48, frames_per_moment=4, skip=skip)
    for path in sorted(str(p) for p in folder.iterdir() if p.suffix in (".mp4", ".avi")):
        before = probe(path, max_pixels=spec.sampler().max_pixels)  # the two opens of before
        expected = list(spec.segmenter().segment(path, spec.sampler(), before))
        opened = _opens(monkeypatch)
        info, moments = decode_file(path, spec)
        got = list(moments)
        assert opened == [path], skip  # one open: the probe's
        assert info == before
        assert [(m.index, m.start, m.end, m.thumb_time) for m in got] == \
            [(m.index, m.start, m.end, m.thumb_time) for m in expected]
        for a, b in zip(got, expected):
            assert np.array_equal(a.frames, b.frames) and np.array_equal(a.frame_times, b.frame_times)
        monkeypatch.undo()


def test_a_stream_that_cannot_seek_back_is_opened_again(folder, monkeypatch):
    """The probe reads with every frame; skipping from the start needs a seek back. A file that
    cannot is opened a second time the sampler's way, and still decodes. (The probe reads with
    every frame only when a fact needs it, as a file without a duration does: made so here.)"""
    monkeypatch.setattr(media.FrameSampler, "_skipping_probe", lambda self, path, budget_s: None)
    monkeypatch.setattr(media.FrameReader, "restart_skipping", lambda self, skip: False)
    opened = _opens(monkeypatch)
    path = str(folder / "phone.mp4")
    reader = FrameSampler(size=48, skip="nonref").open(path)
    assert opened == [path, path] and reader.info == probe(path)
    frames = list(FrameSampler(size=48, skip="nonref").iter_at_rate(reader, 2.0))
    assert len(frames) >= 17


@pytest.mark.parametrize("two_pass", [False, True])
def test_an_index_run_opens_each_file_once_per_pass(folder, tmp_path, two_pass):
    log = folder / "opens.log"
    log.unlink(missing_ok=True)
    with VideoLibrary(tmp_path / "lib") as lib:
        opts = IndexOptions(two_pass=two_pass, decode_fn=counting_decode)
        events = list(MomentIndexer(lib, ColourMeanEncoder(), opts).run([str(folder)]))
    assert events[-1].kind == "finished" and not events[-1].failed
    counts = Counter(log.read_text(encoding="utf-8").split("\n")[:-1])
    passes = 2 if two_pass else 1
    assert counts == {"red then blue.mp4": passes, "green.avi": passes, "phone.mp4": passes}
    log.unlink()


def _decoded_frames(monkeypatch) -> list:
    """Every frame a reader decodes (its ``_next``), as ``(time, is a keyframe)``."""
    from core.av_reader import FrameReader

    seen = []
    real = FrameReader._next

    def spy(self):
        got = real(self)
        if got is not None:
            seen.append((got[0], bool(got[1].key_frame)))
        return got

    monkeypatch.setattr(FrameReader, "_next", spy)
    return seen


def test_the_keyframes_only_pass_decodes_its_keyframes_once_each(folder, monkeypatch):
    """The quick pass's probe reads the facts off the header and the first keyframe, decoded the
    pass's way: no frame is decoded in full to probe and then again after seeking back (that
    cost ~0.4 CPU s per 1080p file, a fifth of the pass)."""
    import av

    path = str(folder / "phone.mp4")  # H.264 with B-frames, a keyframe every 12 frames
    with av.open(path) as c:
        stream = c.streams.video[0]
        keyframes = [float(p.pts * stream.time_base) for p in c.demux(stream) if p.size and p.is_keyframe]
    expected = probe(path)
    decoded = _decoded_frames(monkeypatch)
    info, moments = decode_file(path, DecodeSpec(size=48, frames_per_moment=4, skip="nonkey"))
    assert len(list(moments)) == 3 and info == expected
    assert all(key for _, key in decoded)
    times = [t for t, _ in decoded]  # keyframes only, each at most once, in order: the probe's first
    # keyframe is the pass's own (never decoded again after seeking back); the pass takes one keyframe
    # a moment (e6555b4, 64d3ac2), seeking past the others, so not every keyframe need be decoded
    assert times and times[0] == pytest.approx(keyframes[0], abs=1e-6)
    assert all(a < b for a, b in zip(times, times[1:]))
    assert all(min(abs(t - k) for k in keyframes) < 1e-6 for t in times)


@pytest.fixture(scope="module")
def live_mkv(tmp_path_factory):
    """A Matroska file written live: no duration in its header, so the probe decodes to its end
    to find it (4.0 s); a decoder skipping all but keyframes would end it at the last one."""
    import av

    path = tmp_path_factory.mktemp("live") / "live.mkv"
    with av.open(str(path), "w", format="matroska", options={"live": "1"}) as out:
        s = out.add_stream("libx264", rate=25)
        s.width, s.height, s.pix_fmt = 64, 48, "yuv420p"
        s.options = {"bf": "2", "g": "20", "sc_threshold": "0", "preset": "ultrafast"}
        for i in range(100):
            frame = av.VideoFrame.from_ndarray(np.full((48, 64, 3), 2 * i, np.uint8), format="rgb24")
            frame.pts = i
            out.mux(s.encode(frame))
        out.mux(s.encode(None))
    return str(path)


@pytest.mark.parametrize("skip", ["nonkey", "nonref"])
def test_facts_read_off_decoded_frames_are_probed_with_every_frame(live_mkv, skip):
    info = FrameSampler(size=48, skip=skip).open(live_mkv).info
    assert info == probe(live_mkv) and info.duration == pytest.approx(4.0)
    spec = DecodeSpec(size=48, frames_per_moment=4, skip=skip)
    got = [(m.start, m.end, m.frame_times.tolist()) for m in decode_file(live_mkv, spec)[1]]
    assert got[-1][1] == pytest.approx(4.0)
