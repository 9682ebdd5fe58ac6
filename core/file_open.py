"""Every PyAV open of a user's file (the reader's, its second looks at the same file, the preview's
look): one function, so that none hangs a worker on a share that stopped answering nor fails on
a file's tags.

- Its reads are bounded: PyAV's interrupt callback (``timeout``) has FFmpeg give up an open or a
  read that brought nothing for ``timeout_s`` seconds (a network share that hangs: FFmpeg retries a
  read the system answers EAGAIN or EINTR for ever without it) with ``av.ExitError``, an
  ``av.FFmpegError`` each caller already takes as a read that failed.
- Tags that are not UTF-8 (an MPEG-TS's service name, a camera's metadata in latin-1) are read as
  well as they can be (``metadata_errors="ignore"``), not raised as ``UnicodeDecodeError``.
- ``source``: what FFmpeg is given of a file as the reader reads it (a chained Ogg's video pages,
  ``ogg_chain.source``; the file up to where its data ends when a hole ends it, from a byte on,
  ``zero_bytes.source``).
"""

from __future__ import annotations

from core import hwdecode, ogg_chain, zero_bytes
from core.bounded_read import READ_TIMEOUT_S, bound  # noqa: F401 (one bound for FFmpeg's reads and our own)

MAX_PIXELS = 8192 * 4352  # the largest frame a reader takes (``FrameSampler``'s ``max_pixels``, ``video_open.check_size``)
# the most FFmpeg's own decoders may allocate a frame for while it opens a file (its ``max_pixels``; twice
# ours, for its stride alignment): an H.264 SPS claiming 16000x16000 in a 1 KB file had FFmpeg's first
# look decode frames of that size, 2.2 GB and 20-40 s, before the reader could refuse it by its size
OPEN_MAX_PIXELS = 2 * MAX_PIXELS


def open_source(src, timeout_s: float | None = None, hw: bool = False):
    """``src`` (a path, or a file-like object: ``ogg_chain.VideoPages``) opened for reading, each
    open and read bounded by ``timeout_s`` (``bound``), its tags read leniently; on this process's
    device where ``hw`` (``core.hwdecode.open_input``), FFmpeg's decoders of its first look bounded to frames
    of ``OPEN_MAX_PIXELS`` (where its container lists its streams before that look: not an MPEG-PS's). Raises
    what ``av.open`` raises."""
    t = bound(timeout_s)
    return hwdecode.open_input(src, hw and isinstance(src, str), timeout=(t, t), metadata_errors="ignore",
                               options={"max_pixels": str(OPEN_MAX_PIXELS)})


def source(path, start: int = 0, pages: bool = True):
    """What FFmpeg is given of ``path`` to read it as the reader does: a chained Ogg's video pages
    (``pages``: the other streams are lost), the file from byte ``start`` up to where its data ends."""
    src = ogg_chain.source(path, start) if pages else str(path)
    return zero_bytes.source(src, start) if isinstance(src, str) else src


def open_file(path, timeout_s: float | None = None, hw: bool = False, start: int = 0, pages: bool = True):
    """``path`` opened as the reader reads it (``source``; ``open_source``)."""
    return open_source(source(path, start, pages), timeout_s, hw)
