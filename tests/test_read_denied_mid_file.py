"""A read of a video's bytes that the system refuses part-way (EACCES: a byte-range lock another
program holds over part of the file, a security module that refuses a read after the open) says
nothing of what the file holds, yet the reader took it for the end of what decodes: the video was
indexed as far as the refused read, "cut short: plays 4.0 s of the 20.0 s its header claims", and
never read again (a walk over the packets, since 2dbf591, too). Now it fails the read as
"cannot read the file (Permission denied)", which the next runs try again
(``core.failure_retry``'s rule for a read denied); damage the demuxer stops at still ends the
stream (tests/test_damage_mid_walk.py)."""

from __future__ import annotations

import errno

import av
import pytest

from core.av_reader import FrameReader
from core.errors import CutShort, MediaError
from core.failure_retry import denied
from core.media import FrameSampler
from tests.demux_faults import fail_demux_after
from tests.videos import Segment, write_video

@pytest.fixture
def refused_part_way(monkeypatch):
    fail_demux_after(monkeypatch, 40, lambda: av.PermissionError(errno.EACCES, "Permission denied"))


@pytest.mark.parametrize("strategy", ["sequential", "seek"])
def test_a_read_refused_part_way_fails_the_read_not_cut_short(tmp_path, refused_part_way, monkeypatch, strategy):
    path = str(tmp_path / "clip.mp4")
    write_video(path, [Segment(10, "red"), Segment(10, "blue")])
    if strategy == "seek":  # (every seek fails, as FFmpeg says EPERM: the time walked to over the packets)
        def seek(self, pts):
            raise av.PermissionError(errno.EPERM, "Operation not permitted")

        monkeypatch.setattr(FrameReader, "_seek_pts", seek)
    try:
        FrameSampler(size=None, _strategy=strategy).frames_at(path, [15.0])
    except CutShort as e:
        pytest.fail(f"taken for a file cut short: {e.note()}")
    except MediaError as e:
        assert "cannot read the file (Permission denied)" in str(e) and denied(str(e)), e
    else:
        pytest.fail("the refused read went unsaid")
