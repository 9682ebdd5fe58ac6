"""Files that hold only zero bytes: a recorder's preallocated file (a DVR's), a copy or a recording
stopped by a crash or a power loss before its data was written. FFmpeg's readers of a bare stream
(H.264, HEVC) and of Dahua's DVR chunks look for their first frame through the whole file (a
20 GB one: minutes), so :func:`only_zeros` tells such a file first, in well under a second.

The file system says where a sparse file's data is (``SEEK_DATA``/``SEEK_HOLE``: a file of
``truncate -s 20G`` has none at all), and holes are never read. Data that is written zeros is read
from its start up to :data:`LEAD` bytes, then at :data:`PLACES` places through the rest and at its
end: a file with frames after a block of zeros (a DVR's file whose header was never written) or
before them (a preallocated file that a recording stopped in) is left to the reader.

FFmpeg reads such a file's frames up to where its data ends (:func:`source`): past its last frame,
the readers of a bare stream, of an MPEG program stream and of DHAV chunks looked for another
through the hole that ends it (1 GB: 12 s; a DVR's 20 GB file holding a few minutes: 4 minutes).
"""

from __future__ import annotations

import contextlib
import errno
import os
import stat
from pathlib import Path

from core import dhav
from core.bounded_read import BoundedFile

ONLY_ZEROS = ("the file holds only zero bytes: its data was never written (a recording or a "
              "copy stopped by a crash or a power loss); a copy from elsewhere is needed")
STARTS_WITH_ZEROS = ("the file begins with zero bytes where a video's header is: its start was never "
                     "written or was overwritten (a recording stopped by a crash, a damaged card)")

LEAD = 1 << 30  # written zeros read from the data's start before the rest is only sampled (a
# card image's zeroed area before its frames, 70 MB, was refused at 64 MB; 1 GB is read in about
# 0.3 s from the page cache, seconds from a disk, where FFmpeg took minutes for a 20 GB file)
LEAD_READ = 1 << 20  # bytes read at a time through the lead
PLACES = 64  # places sampled through the data after the first LEAD bytes
WINDOW = 64 << 10  # bytes read at each place (and in each read of the lead)
MAX_EXTENTS = 4096  # data extents looked at; a file cut into more is read as one


def extents(fd: int | BoundedFile, size: int) -> list[tuple[int, int]]:
    """The (start, end) byte ranges of a file's data: holes left out where the file system keeps
    them (else the whole file, as one). ``fd``: its descriptor, or the file (``core.bounded_read``)."""
    seek = fd.seek if isinstance(fd, BoundedFile) else lambda at, how: os.lseek(fd, at, how)
    out: list[tuple[int, int]] = []
    at = 0
    try:
        while at < size and len(out) < MAX_EXTENTS:
            start = seek(at, os.SEEK_DATA)
            end = seek(start, os.SEEK_HOLE)
            out.append((start, min(end, size)))
            at = end
    except OSError as e:
        if e.errno == errno.ENXIO:  # (no data from ``at`` on)
            return out
        return [(0, size)]  # (no SEEK_DATA here: every byte is data)
    except AttributeError:  # (a platform without SEEK_DATA)
        return [(0, size)]
    if at < size:  # (too many extents: the rest read as data)
        out.append((at, size))
    return out


def _zeros(f: BoundedFile, start: int, end: int, step: int | None = None) -> bool:
    """Whether the bytes of ``[start, end)`` are all zero (read ``step`` bytes at a time, a
    ``WINDOW`` by default, stopping at a byte that is not)."""
    step = step or WINDOW
    while start < end:
        data = f.pread(min(step, end - start), start)
        if not data:
            return True
        if data.count(0) != len(data):
            return False
        start += len(data)
    return True


def _after(spans: list[tuple[int, int]], skip: int) -> list[tuple[int, int]]:
    """The data ranges ``spans`` less their first ``skip`` bytes."""
    out = []
    for a, b in spans:
        cut = min(b - a, skip)
        skip -= cut
        if a + cut < b:
            out.append((a + cut, b))
    return out


def _places(spans: list[tuple[int, int]]):
    """``PLACES`` ranges of ``WINDOW`` bytes spread evenly through the data ``spans``, and its last."""
    total = sum(b - a for a, b in spans)
    for k in range(PLACES + 1) if total else ():
        want = min(total * k // PLACES, total - 1)
        for a, b in spans:
            if want < b - a:
                start = max(a, min(a + want, b - WINDOW))
                yield start, min(b, start + WINDOW)
                break
            want -= b - a


@contextlib.contextmanager
def _regular(path):
    """``(file, size)`` of the regular file ``path`` while in the block (``core.bounded_read``: a share
    that stops answering raises ``DecodeTimeout``), None where it cannot be opened or is no regular
    file: opened without blocking, so a named pipe given as a video (the preview's look, a
    timeline's) never waits for a writer."""
    try:
        f = BoundedFile(Path(path))
    except OSError:
        yield None
        return
    try:
        st = f.call(os.fstat, f.fileno())
        yield (f, st.st_size) if stat.S_ISREG(st.st_mode) else None
    finally:
        f.close()


def only_zeros(path) -> bool:
    """Whether ``path`` seems to hold only zero bytes: no data at all (a sparse file), or data whose
    first ``LEAD`` bytes, ``PLACES`` windows after them and its last window are zeros. False for a
    file that cannot be read (its reader says why)."""
    with _regular(path) as opened:
        if opened is None:
            return False
        f, size = opened
        try:
            if not size or not _zeros(f, 0, min(size, WINDOW)):
                return False  # (an empty file has its own reason; a video's first bytes are no zeros)
            spans = extents(f, size)
            lead = LEAD
            for start, end in spans:
                if lead <= 0:
                    break
                if not _zeros(f, start, min(end, start + lead), LEAD_READ):
                    return False
                lead -= end - start
            return all(_zeros(f, a, b) for a, b in _places(_after(spans, LEAD)))
        except OSError:
            return False


def data_end(path) -> int | None:
    """Where the data of ``path`` ends when a hole runs from there to its end (a preallocated or
    sparse file that a recording or a copy stopped in): where the hole begins (the end of the block
    holding its last bytes, zeros after them), a Dahua DVR file's at its last whole chunk's end
    (``dhav.chunks_end``: FFmpeg's reader looks for that chunk's end mark back from the file's end in
    steps of 9 bytes, and through the block's zeros missed it or met an earlier chunk's, by where the
    data ended in its block: the same recording read 1.0, 2.0 or 3.0 s long with a hole after it);
    None where data reaches its end, or the file system keeps no holes."""
    with _regular(path) as opened:
        if opened is None:
            return None
        f, size = opened
        try:
            spans = extents(f, size)
            end = spans[-1][1] if spans else 0
            if 0 < end < size and dhav.clock(f.pread(5, 0)) is not None:  # (a Dahua DVR file's)
                at = max(spans[-1][0], end - WINDOW)
                end = dhav.chunks_end(f.pread(end - at, at), at, lambda pos, n: f.pread(n, pos)) or end
        except OSError:
            return None
    return end if 0 < end < size else None


def source(path: str, start: int = 0) -> str:
    """What FFmpeg opens for the file ``path``: the file up to where its data ends, should a hole
    end it (FFmpeg's ``subfile`` protocol: the same bytes at the same places), else ``path``; from
    byte ``start`` on where it is given (``core.timeline_seek``: its packets' positions then count
    from there; an end of 0 is the file's)."""
    end = data_end(path)
    if end is None and not start:
        return path
    return f"subfile,,start,{start},end,{end or 0},,:file:{os.path.abspath(path)}"
