"""The partial content hash that fingerprints a video file found by the scan (``core.scan``,
which re-exports it): stable across renames and moves, so a moved file keeps its vectors."""

from __future__ import annotations

import contextlib
import hashlib
import os
import stat

from .bounded_read import scan_open
from .file_kinds import not_regular

_HASH_CHUNK = 1 << 20  # 1 MiB from the start, the middle and the end


def _first_hole(fd: int, size: int) -> int | None:
    """Where the first hole of a sparse file begins, None without one (or where the file system
    does not say): one seek, so that a recording going on in a preallocated file (its size set
    beforehand, its 1 MiB samples zeros until the recording reaches them) changes its hash."""
    try:
        at = os.lseek(fd, 0, os.SEEK_HOLE)
    except (OSError, AttributeError):
        return None
    finally:
        with contextlib.suppress(OSError):
            os.lseek(fd, 0, os.SEEK_SET)
    return at if at < size else None


def _read(fd: int, n: int | None) -> bytes:
    """Up to ``n`` bytes from where ``fd`` is (None: to its end), as a buffered file's ``read`` gives them."""
    parts, left = [], n
    while left is None or left > 0:
        if not (part := os.read(fd, _HASH_CHUNK if left is None else left)):
            break
        parts.append(part)
        left = None if left is None else left - len(part)
    return b"".join(parts)


def _digest(path: str, fd: int, size: int | None) -> str:
    mode = os.fstat(fd).st_mode
    if not stat.S_ISREG(mode):
        raise OSError(f"{path}: {not_regular(mode)}")
    if size is None:
        size = os.fstat(fd).st_size
    h = hashlib.sha256(str(size).encode())
    if hole := _first_hole(fd, size):  # (a recording going on in a preallocated file: its data grows)
        h.update(f"hole {hole}".encode())
    if size <= 3 * _HASH_CHUNK:
        h.update(_read(fd, None))
    else:
        for offset in (0, size // 2 - _HASH_CHUNK // 2, size - _HASH_CHUNK):
            os.lseek(fd, offset, os.SEEK_SET)
            h.update(_read(fd, _HASH_CHUNK))
    return h.hexdigest()[:32]


def content_hash(path: str, size: int | None = None, timeout_s: float | None = None) -> str:
    """A partial content hash: size + 1 MiB at the start, middle and end. Cheap on huge files,
    and stable across renames and moves, so a moved file keeps its vectors. Opened and read by a
    thread of the file's own (``core.bounded_read``, one call for the whole of it): one that brings
    nothing for ``timeout_s`` (its ``READ_TIMEOUT_S``: a share whose listing answers but whose reads
    hang) raises ``TimeoutError``, an OSError (``scan_open``)."""
    # opened without blocking and checked: a pipe swapped in after the scan must not hang us
    with scan_open(path, timeout_s, buffered=False) as f:
        return f.call(_digest, str(path), f.fileno(), size)


_KEPT: dict[tuple[str, int, int], str] = {}  # (path, size, mtime_ns) -> its hash, as it was at that size and time
KEPT_MAX = 1024


def hash_kept(path: str, size: int, mtime_ns: int) -> str | None:
    """The ``content_hash`` taken of ``path`` at that size and modification time by ``hash_now``, None
    where none was: what a search asks again and again (a renamed video's file, a touched one) is read once."""
    return _KEPT.get((path, size, mtime_ns))


def hash_now(path: str, size: int, mtime_ns: int) -> str:
    """``content_hash`` of ``path`` as it is (``size``, ``mtime_ns``: its stat), kept (the last ``KEPT_MAX``)."""
    key = (path, size, mtime_ns)
    if (kept := _KEPT.get(key)) is not None:
        return kept
    _KEPT[key] = digest = content_hash(path, size)
    while len(_KEPT) > KEPT_MAX:  # (the oldest first: a dict keeps its order)
        try:
            del _KEPT[next(iter(_KEPT))]
        except (KeyError, StopIteration, RuntimeError):  # (another thread took it meanwhile)
            break
    return digest
