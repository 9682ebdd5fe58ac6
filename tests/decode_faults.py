"""Faulty decoders for the decode pool's tests, importable by its worker processes.

``decode`` behaves like ``core.decode_pool.decode_file`` except on files named for a fault:
``hang.mp4`` sleeps forever inside the decoder, ``balloon.mp4`` allocates memory until
the process's bound stops it, ``crash.mp4`` dies of SIGSEGV, ``slow.mp4`` takes 1.5 s per
moment (under the time bound, which counts from the last message, not from the file's start),
``endless.mp4`` sends its first moment again and again, as fast as the pipe takes it.
``counting_decode`` counts how often a file is opened. ``decode_as_reader_1`` reads as Seekframe's
first reader did, ``decode_as_reader_2`` as the second, ``decode_as_reader_3`` as the third; ``cut_after`` ends
in a file cut short; ``unreadable_when_checked`` fails a file
when it is checked again; ``away_in_full_pass`` moves a file aside, or grows it, as it reads it.
"""

from __future__ import annotations

import os
import signal
import time
from pathlib import Path

import numpy as np

from core.decode_pool import decode_file

BALLOON_CAP = 8 << 30  # never more than this, should a bound fail to hold


def decode(path, spec):
    name = Path(path).name
    if name.startswith("hang"):
        while True:
            time.sleep(60)
    if name.startswith("balloon"):
        held, total = [], 0
        while total < BALLOON_CAP:
            held.append(np.empty(64 << 20, np.uint8))  # reserved: counted by the bound, no page touched
            total += 64 << 20
        time.sleep(3600)  # the bound did not hold: the time bound ends it, and the test fails
    if name.startswith("crash"):
        os.kill(os.getpid(), signal.SIGSEGV)
    info, moments = decode_file(path, spec)
    if name.startswith("slow"):
        return info, _slowly(moments)
    if name.startswith("endless"):
        return info, _endless(next(moments))
    return info, moments


def _slowly(moments):
    for m in moments:
        time.sleep(1.5)
        yield m


def _endless(first):
    while True:
        yield first


def counting_decode(path, spec):
    """``decode_file`` that writes a line to ``opens.log`` in the file's folder each time the file
    is opened (``core.media``'s ``open_video``: the probe's and the sampler's), decoding all of it
    before it returns, so a lazy second open is counted too."""
    import core.media as media

    real = media.open_video

    def counted(p, *args, **kwargs):
        with open(Path(p).parent / "opens.log", "a", encoding="utf-8") as log:
            log.write(f"{Path(p).name}\n")
        return real(p, *args, **kwargs)

    media.open_video = counted
    try:
        info, moments = decode_file(path, spec)
        moments = list(moments)
    finally:
        media.open_video = real
    return info, iter(moments)


def decode_as_reader_1(path, spec):
    """``decode_file`` as Seekframe's first reader decoded: frames as stored, the display matrix
    ignored (what a library of format 2 holds for a phone's portrait video)."""
    from core import orientation

    of_frame = orientation.of_frame
    orientation.of_frame = lambda frame: orientation.UPRIGHT
    try:  # (the probe reads the orientation before decode_file returns)
        return decode_file(path, spec)
    finally:
        orientation.of_frame = of_frame


def unreadable_when_checked(path, spec):
    """A file that cannot be read again when it is checked (``DecodeSpec.recheck_of``)."""
    from core.errors import MediaError

    if spec.recheck_of is not None:
        raise MediaError(path, "the drive gave a read error")
    return decode_file(path, spec)


def decode_as_reader_2(path, spec):
    """``decode_file`` as Seekframe's second reader decoded: interlaced frames scaled whole."""
    from core import fields

    use_field = fields.use_field
    fields.use_field = lambda frame, coded_height: False
    try:  # (frames are converted as they are read: the moments are taken here, in the worker)
        info, moments = decode_file(path, spec)
        return info, None if moments is None else list(moments)
    finally:
        fields.use_field = use_field


def away_in_full_pass(path, spec):
    """``decode_file``, except in a full pass (every frame wanted, not keyframes only): a file named
    ``gone*`` is moved aside as it is read (``<name>.away``: a drive unplugged mid-read), one named
    ``growing*`` grows (a copy still being written); either then fails as a decoder would."""
    from core.errors import MediaError

    name = Path(path).name
    if spec.skip != "nonkey" and name.startswith("gone"):
        os.rename(path, f"{path}.away")
        raise MediaError(path, "file not found")
    if spec.skip != "nonkey" and name.startswith("growing"):
        with open(path, "ab") as f:
            f.write(b"\0" * 4096)
        raise MediaError(path, "truncated: the data stops early")
    return decode_file(path, spec)


def decode_as_reader_3(path, spec):
    """``decode_file`` as Seekframe's third reader decoded: the first video track whatever it
    holds (a camera's thumbnail), a slideshow's frames skipped like any video's, times counted
    from the video's start."""
    from core import av_reader, media, tracks, video_open

    pick, sparse, origin = video_open.video_stream, media.SPARSE_FPS, av_reader.file_origin
    video_open.video_stream = lambda container, p: next(
        s for s in container.streams.video if not tracks._is_cover_art(s))
    av_reader.file_origin = lambda container, stream: stream.start_time
    media.SPARSE_FPS = 0.0
    try:
        info, moments = decode_file(path, spec)
        return info, None if moments is None else list(moments)
    finally:
        video_open.video_stream, media.SPARSE_FPS, av_reader.file_origin = pick, sparse, origin


def cut_after(path, spec):
    """A file cut short after as many moments as its name says ("two.mkv": 2, "zero.mkv": 0),
    playing 3.5 s of the 10 s its header claims; nothing is read from disk."""
    from core.errors import CutShort
    from core.moments import Moment
    from core.video_info import VideoInfo

    n = {"two": 2, "zero": 0}[Path(path).stem]
    frames = np.zeros((1, 8, 8, 3), np.uint8)

    def moments():
        for i in range(n):
            yield Moment(i, 2.0 * i, min(2.0 * i + 2.0, 3.5), 2.0 * i, frames, np.array([2.0 * i]))
        raise CutShort(path, "truncated: decodes only 3.5 s of 10.0 s", 3.5, 10.0)

    return VideoInfo(str(path), 10.0, 25.0, 250, 8, 8, "h264"), moments()


class _Deaf:
    """The parent's end of a decode worker's pipe that hears nothing: the worker's "ready" never
    comes in time, however fast this machine starts it (a start timeout of 0 s raced it)."""

    def __init__(self, conn):
        self._conn = conn

    def poll(self, timeout=0.0):
        return False

    def __getattr__(self, name):
        return getattr(self._conn, name)


def never_ready(monkeypatch) -> None:
    """Decode workers started from now on are never heard to be ready: the pool's start fails as
    one that timed out does ("it did not start within …")."""
    import core.decode_pool as decode_pool

    real = decode_pool.context

    class Context:
        def __init__(self, ctx):
            self._ctx = ctx

        def Pipe(self, *args, **kwargs):  # noqa: N802 - multiprocessing's name
            parent, child = self._ctx.Pipe(*args, **kwargs)
            return _Deaf(parent), child

        def __getattr__(self, name):
            return getattr(self._ctx, name)

    monkeypatch.setattr(decode_pool, "context", lambda: Context(real()))
