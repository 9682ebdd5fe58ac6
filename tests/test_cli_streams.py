"""``core.cli_streams``: a command's output whose reader went away is dropped, the command goes on.
Here the streams it wraps as a platform or a launch gives them."""

from __future__ import annotations

import errno
import os
import sys

import pytest

from core.cli import main
from core.cli_streams import DropWhenGone, dropping_when_gone


def test_a_command_started_without_stdout_runs(tmp_path, capsys, monkeypatch):
    """Started with its stdout closed (``seekframe status >&-``, a launcher giving it none), Python
    makes ``sys.stdout`` None and a print prints nothing. The wrapper put around it for the run
    raised AttributeError on the command's first line and again on its way out."""
    monkeypatch.setattr(sys, "stdout", None)
    code = main(["status", "--library", str(tmp_path / "none here")])
    assert code == 2 and "No library at" in capsys.readouterr().err
    assert sys.stdout is None  # (given back as it was)
    with dropping_when_gone():
        print("nowhere to go")
    assert sys.stdout is None


class _ClosedPipe:
    """A stream whose reader is gone, as Windows says it on a write or flush: an OSError EINVAL
    as often as EPIPE (CPython issue 79935)."""

    def __init__(self, error: OSError) -> None:
        self.error = error

    def write(self, _text: str) -> int:
        raise self.error

    def flush(self) -> None:
        raise self.error


def test_on_windows_a_pipe_whose_reader_went_away_may_say_einval(monkeypatch):
    """``seekframe index DIR | more`` quit early on Windows: the next progress line raised
    ``OSError: [Errno 22] Invalid argument``, not BrokenPipeError, and the index stopped there,
    said as a fault of Seekframe's."""
    monkeypatch.setattr(sys, "platform", "win32")
    for raised in (OSError(errno.EINVAL, "Invalid argument"), BrokenPipeError(errno.EPIPE, "Broken pipe")):
        for act in (lambda s: s.write("3 of 5 videos\n"), lambda s: s.flush()):
            stream = DropWhenGone(_ClosedPipe(raised))
            act(stream)
            assert stream.gone
            assert stream.write("dropped\n") == len("dropped\n")
    monkeypatch.setattr(sys, "platform", "linux")  # (there EINVAL is no reader gone: said as it is)
    with pytest.raises(OSError):
        DropWhenGone(_ClosedPipe(OSError(errno.EINVAL, "Invalid argument"))).write("x")
    with pytest.raises(OSError):  # (nor another error on Windows: a full disk is said as one)
        monkeypatch.setattr(sys, "platform", "win32")
        DropWhenGone(_ClosedPipe(OSError(errno.ENOSPC, "No space left on device"))).write("x")


@pytest.mark.skipif(not os.path.isdir("/proc/self/fd"), reason="counts the process's open descriptors")
def test_a_reader_gone_leaves_no_descriptor_open():
    """The null device opened to point the stream's descriptor at stayed open for the command's life
    (c2e8411 closed it; no test said so)."""
    read, write = os.pipe()
    stream = os.fdopen(write, "w", buffering=1)
    os.close(read)  # (the reader gone)
    try:
        before = len(os.listdir("/proc/self/fd"))
        wrapped = DropWhenGone(stream)
        wrapped.write("a line\n")
        assert wrapped.gone
        assert len(os.listdir("/proc/self/fd")) == before
    finally:
        stream.close()
