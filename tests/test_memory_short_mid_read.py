"""FFmpeg's ENOMEM met reading a video's packets is damage when a damaged size asked for gigabytes
(tests/test_damage_mid_walk.py: the end of what decodes, the video cut short), but a shortage when
memory is short (a decode worker at its bound, a full machine): then the video was indexed as far
as the failed allocation and said cut short for good. Now a shortage raises MemoryError, which the
decode pool reports as "decoding used more than N MB of memory", a failure the next runs try again
(core.failure_retry); damage still ends the stream."""

from __future__ import annotations

import errno
import subprocess
import sys
from pathlib import Path

import av
import pytest

from core import read_failure
from core.errors import CutShort
from core.media import FrameSampler
from tests.demux_faults import fail_demux_after
from tests.videos import Segment, write_video

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture
def clip(tmp_path, monkeypatch):
    fail_demux_after(monkeypatch, 40, lambda: av.MemoryError(errno.ENOMEM, "Cannot allocate memory"))
    path = str(tmp_path / "clip.mp4")
    write_video(path, [Segment(10, "red"), Segment(10, "blue")])
    return path


def test_an_allocation_failed_while_memory_is_short_is_a_shortage_not_a_cut_video(clip, monkeypatch):
    monkeypatch.setattr(read_failure, "spare_memory", lambda: False)
    with pytest.raises(MemoryError) as caught:
        FrameSampler(size=None, _strategy="sequential").frames_at(clip, [15.0])
    assert not isinstance(caught.value, CutShort)


def test_an_allocation_failed_with_memory_to_spare_is_damage_the_video_ends_at(clip):
    with pytest.raises(CutShort):
        FrameSampler(size=None, _strategy="sequential").frames_at(clip, [15.0])


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="RLIMIT_DATA bounds allocations on Linux")
def test_spare_memory_says_no_under_a_bound_it_is_close_to():
    # as a decode worker is bound (core.decode_worker._limit_memory): its data segment + N MB
    code = ("import resource\n"
            "from core import timeline\n"
            "from core.decode_worker import _data_bytes\n"
            "print(timeline.spare_memory())\n"
            "base = _data_bytes()\n"
            "resource.setrlimit(resource.RLIMIT_DATA, (base + 16 * (1 << 20), resource.getrlimit(resource.RLIMIT_DATA)[1]))\n"
            "print(timeline.spare_memory())\n")
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert out.returncode == 0, out.stderr
    assert out.stdout.split() == ["True", "False"]
