"""A seek back (or far ahead) in a chained Ogg (recordings joined one after another, ``cat a.ogv
b.ogv``) walked its packets from the file's start: FFmpeg follows a chain read from its start, but a
seek by bytes into a later part, whose stream it has not met, stops it ("not yet implemented in
FFmpeg"), so ``timeline_seek`` did not seek one (a thumbnail in the last minute of three 10-minute
parts read every packet before it). Now the reader is opened again from the start of the part the
keyframe lies in (its headers first: ``ogg_chain.link_start``; a chain with sound, read as its video
pages, from that part's first video page) and sought by bytes within it: the same frames as a read
straight through, a few packets a seek."""

from __future__ import annotations

import random

import pytest

from core.media import FrameSampler
from tests.test_ogg_chain import chain
from tests.test_ps_joined_seek import counting_demux

PARTS = [range(0, 100), range(300, 400), range(600, 700)]  # (3 parts of 10 s at 10 fps, a keyframe a second)


@pytest.fixture(scope="module", params=[True, False], ids=["with sound", "video only"])
def joined(request, tmp_path_factory):
    return chain(tmp_path_factory.mktemp("ogg_chain_seek"), "joined.ogv", PARTS, request.param)


def frames(path, times, strategy):
    got = FrameSampler(size=None, _strategy=strategy).frames_at(str(path), times)
    return [(round(float(t), 6), f.tobytes()) for t, f in zip(got.times, got.frames)]


def test_seeks_back_and_forth_give_the_sequential_reads_frames_reading_a_few_packets(joined, monkeypatch):
    times = [round(t, 2) for t in sorted(random.Random(5).uniform(0, 29.9) for _ in range(16))]
    want = dict(zip(times, frames(joined, times, "sequential")))
    order = times[:]
    random.Random(6).shuffle(order)
    count = counting_demux(monkeypatch)
    sampler = FrameSampler(size=None, _strategy="seek")
    reader = sampler._open(str(joined))
    try:
        for t in order:
            time, frame = reader.at(t)
            assert (round(float(time), 6), sampler._convert(frame, reader.view).tobytes()) == want[t], t
    finally:
        reader.close()
    for t in (28.0, 22.3, 25.5):  # (a fresh reader each, as a result's thumbnail; nearer the start, walked)
        straight = frames(joined, [t], "sequential")
        count[0] = 0
        assert frames(joined, [t], "seek") == straight, t
        assert count[0] <= 40, (t, count[0])  # (a group of pictures or two; from the start: 220-280)


def test_a_part_start_found_wrong_reads_from_the_files_start(joined, monkeypatch):
    """Where the part's start found is no page (chance bytes in the window before it taken for one), the
    file is read from its start, as before, not failed."""
    from core import ogg_chain

    want = frames(joined, [28.0], "sequential")
    monkeypatch.setattr(ogg_chain, "link_start", lambda path, at: at - 7)
    assert frames(joined, [28.0], "seek") == want
