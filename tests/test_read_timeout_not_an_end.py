"""A read that brought nothing for its bound (``core.file_open``: PyAV's interrupt callback, a share
that stopped answering) ends in ``av.ExitError``. The reader took it as any FFmpeg error of its
demux, the end of what the file holds, so the video was indexed cut at the hang unless the decode
budget, by chance the same number, ran out at that moment. It is a ``DecodeTimeout`` now (retried
by later runs), whatever the budget has left."""

from __future__ import annotations

from types import SimpleNamespace

import pytest

av = pytest.importorskip("av")

from core import reader_packets, timeline  # noqa: E402
from core.errors import DecodeTimeout  # noqa: E402
from core.video_open import Budget  # noqa: E402
from tests.test_hung_share_reads import write  # noqa: E402

EXIT = av.ExitError(-1414092869, "Immediate exit requested")


class _Hung:
    """A container whose demux gives ``n`` packets, then a read that timed out."""

    def __init__(self, container, n: int):
        self.container, self.n, self.format = container, n, container.format

    def demux(self, stream):
        for i, packet in enumerate(self.container.demux(stream)):
            if i == self.n:
                raise EXIT
            yield packet


def test_a_read_that_timed_out_is_no_end_of_the_file(tmp_path):
    path = write(tmp_path / "noise.mkv", "matroska")
    with av.open(str(path)) as c:
        stream = c.streams.video[0]
        reader = SimpleNamespace(container=_Hung(c, 3), stream=stream, timeline=None, tb=None, path=str(path),
                                 budget=Budget(str(path), 500.0), fix=None, ogg=False, avi=False)
        packets = reader_packets.demuxed(reader)
        assert [p.size > 0 for p in (next(packets) for _ in range(3))] == [True] * 3
        with pytest.raises(DecodeTimeout, match="decoding took longer than 500 s"):
            next(packets)  # (the old code: an empty packet, the file's end)


def test_a_seek_or_scan_that_timed_out_says_so():
    with pytest.raises(DecodeTimeout, match="longer than 7 s"):
        timeline.read_failed("x.mkv", EXIT, 7.0)
    timeline.read_failed("x.mkv", av.FFmpegError(1, "Operation not permitted"))  # (a failed seek: returns)
