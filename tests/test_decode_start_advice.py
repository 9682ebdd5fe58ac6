"""When no video decoding process could start, the message said why ("could not start a video
decoding process: it did not start within 60 s") and nothing of what to do, in the window's banner
and from `seekframe index`. The real causes (``core.decode_pool._Worker``, ``core.worker_start``):
processes or memory short (the fork server stopped, a start too slow, a process killed), or on
Windows, where each one is a new program, an antivirus holding it up. Now the message ends with
one sentence of what to do; too many open files keeps its own (raise ``ulimit -n``)."""

from __future__ import annotations

import errno

import pytest

from core.decode_pool import DecodePool, DecodePoolError, DecodeSpec
from core.worker_start import START_ADVICE, start_failure
from tests import decode_faults
from tests.videos import Segment, write_video


def test_a_start_that_timed_out_says_what_to_do(tmp_path, monkeypatch):
    write_video(tmp_path / "clip.mp4", [Segment(2.0, "red")], fps=10)
    decode_faults.never_ready(monkeypatch)
    with pytest.raises(DecodePoolError) as caught:
        list(DecodePool(start_timeout_s=0).decode(str(tmp_path / "clip.mp4"), DecodeSpec(), timeout_s=5))
    said = str(caught.value)
    assert said.startswith("could not start a video decoding process: it did not start within"), said
    assert said.endswith(". " + START_ADVICE), said
    assert "Close some programs" in START_ADVICE and "antivirus" in START_ADVICE


@pytest.mark.parametrize("failure", [EOFError("unexpected EOF"), OSError(errno.EAGAIN, "Resource temporarily "
                                     "unavailable"), OSError(errno.ENOMEM, "Cannot allocate memory")])
def test_a_start_the_system_refused_says_what_to_do(failure):
    assert start_failure(failure).endswith(". " + START_ADVICE)


def test_too_many_open_files_keeps_its_own_advice():
    said = start_failure(OSError(errno.EMFILE, "Too many open files"))
    assert said == "too many open files (raise the limit: ulimit -n)"
