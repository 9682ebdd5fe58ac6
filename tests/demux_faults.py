"""A reader whose demuxer fails part-way with a given FFmpeg error (a read refused, memory short):
``fail_demux_after(monkeypatch, 40, lambda: av.PermissionError(errno.EACCES, "Permission denied"))``
makes every ``FrameReader`` opened afterwards raise that error after its first 40 packets."""

from __future__ import annotations

from core.av_reader import FrameReader

DEMUXED = FrameReader._demuxed


class FailsAfter:
    """A container whose ``demux`` raises ``error()`` after its first ``after`` packets."""

    def __init__(self, container, after: int, error):
        self._c, self._after, self._error = container, after, error

    def __getattr__(self, name):
        return getattr(self._c, name)

    def demux(self, *args, **kwargs):
        for n, packet in enumerate(self._c.demux(*args, **kwargs)):
            if n >= self._after:
                raise self._error()
            yield packet


def fail_demux_after(monkeypatch, after: int, error) -> None:
    def demuxed(self):
        if not isinstance(self.container, FailsAfter):  # (a reopened container: wrapped again)
            self.container = FailsAfter(self.container, after, error)
        return DEMUXED(self)

    monkeypatch.setattr(FrameReader, "_demuxed", demuxed)
