"""An FLV makes a new stream of every video codec id its tags name (FFmpeg's FLV demuxer; audio
and data tags alike), streams PyAV's ``container.demux`` did not know of when it began: at the
file's end its flush looks past its list of the streams asked for and raises a plain Python
``IndexError`` (not an ``av.FFmpegError``). A damaged FLV whose tags name other codecs failed even
the straight read so ("unexpected error: IndexError…"), every packet of its video read. Now the
reader takes it as the end of what the container gives (``FrameReader._demuxed``): the file is read
to its end, as players read it."""

from __future__ import annotations

import av
import pytest

from core.media import FrameSampler
from core.moments import MomentSegmenter
from tests.test_stale_headers import clip
from tests.test_tracks import colour_at, nearest

SECONDS, FPS = 12, 10


def tags(data: bytes):
    """(where, type) of an FLV's tags."""
    at = 13  # (the header, the first PreviousTagSize)
    while at + 11 <= len(data):
        yield at, data[at]
        at += 11 + int.from_bytes(data[at + 1:at + 4], "big") + 4


@pytest.fixture
def new_streams(tmp_path):
    """A 12 s H.264 FLV three of whose video tags in its last third (past what FFmpeg reads at
    open) name other codecs (H.263, a screen video, VP6): three streams appear mid-file."""
    path = tmp_path / "codecs.flv"
    data = clip(tmp_path / "clean.flv", "flv", seconds=SECONDS, fps=FPS)
    video = [at for at, kind in tags(bytes(data)) if kind == 9]
    for at, codec in zip(video[2 * len(video) // 3::3], (2, 3, 4)):
        data[at + 11] = (data[at + 11] & 0xF0) | codec  # (frame type, codec id)
    path.write_bytes(bytes(data))
    with av.open(str(path)) as c:
        opened = len(c.streams)
        got = []
        try:
            for p in c.demux(c.streams.video[0]):
                got.append(p)
        except IndexError:
            pass
        else:  # (what PyAV reads past its list is not its own: here it was never 0)
            pytest.skip("this PyAV's demux of the file ended without an IndexError")
        assert opened == 1 and len(c.streams) == 1  # (PyAV's list of streams stays the one at open)
    assert len([p for p in got if p.size]) == SECONDS * FPS - 3  # (every packet of its video came)
    return path


def test_a_demux_that_raises_index_error_at_its_end_reads_the_file_to_its_end(new_streams):
    got = FrameSampler(size=None, _strategy="sequential").at_rate(str(new_streams), 2.0)
    assert len(got.times) >= 2 * SECONDS - 2 and got.times[-1] == pytest.approx(SECONDS - 0.5)
    for t, f in zip(got.times, got.frames):
        assert nearest(f.reshape(-1, 3).mean(0)) == colour_at(t), t
    last = FrameSampler(size=None, _strategy="sequential").frames_at(str(new_streams), [SECONDS - 0.05])
    assert last.times.tolist() == pytest.approx([SECONDS - 0.1])  # (the decoder drained at the end)


@pytest.mark.parametrize("strategy", ["sequential", "auto", "seek"])
def test_indexing_a_flv_whose_demux_raises_index_error_indexes_it_whole(new_streams, strategy):
    """The moments of the clip before its damage (its three frames lost, the colours stay)."""
    def moments(path):
        return list(MomentSegmenter(window_s=4.0, frames_per_moment=2).segment(
            str(path), FrameSampler(size=16, skip="nonref", _strategy=strategy)))

    clean = moments(new_streams.with_name("clean.flv"))
    got = moments(new_streams)
    assert [(m.start, m.end, list(m.frame_times)) for m in got] == [(m.start, m.end, list(m.frame_times))
                                                                    for m in clean]
    assert got[-1].end > SECONDS - 0.2
    for m in got:
        assert [nearest(f.reshape(-1, 3).mean(0)) for f in m.frames] == [colour_at(t) for t in m.frame_times]
