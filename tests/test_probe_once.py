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
        before = probe(path, max_pixels=spec.max_pixels)  # the two opens of before
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
    cannot is opened a second time the sampler's way, and still decodes."""
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
