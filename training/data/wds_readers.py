"""Which running processes read which WebDataset cache folders (``training.data.wds_cache``), with one
open file a process whatever the number of shards.

Each process that reads a folder's copies has a file of its own beside the cache root, in
``.webdataset-readers/`` (``<pid>-<random>.reader``; not in the root, whose folders are shards'), locked exclusive (``flock``) for as long as it
lives (a DataLoader worker forked from it shares the lock), naming a folder a line. A folder is read by
another running job when a locked reader file names it; a reader file not locked is a process's that
has ended (a crash included: the system lets go of its lock), removed when met. Where files cannot be
locked (no ``fcntl``; a network share without locks, ``ENOLCK``) nothing is recorded and no folder is
taken as read: an earlier version's copies are removed as before these records.

One descriptor a process, not one a shard: a data set of thousands of shards held a descriptor for
each and ran out of them (1024 on many desktops).
"""

from __future__ import annotations

import errno
import os
import secrets
from contextlib import suppress
from pathlib import Path

try:
    import fcntl
except ImportError:
    fcntl = None

SUFFIX = ".reader"
_BUSY = (errno.EAGAIN, errno.EWOULDBLOCK, errno.EACCES)  # (flock's "held by another" answers)


class _Own:
    """This process's reader file in one cache root."""

    def __init__(self, path: Path, fd: int):
        self.path, self.fd, self.names = path, fd, set()


_OWN: dict[str, _Own | None] = {}  # cache root -> this process's reader file (None: cannot be kept there)


def _own(root: Path) -> _Own | None:
    key = str(root)
    if key in _OWN:
        return _OWN[key]
    own = None
    if fcntl is not None:
        folder = _folder(root)
        name = f"{os.getpid()}-{secrets.token_hex(4)}"
        part = folder / f".{name}.part"
        try:
            folder.mkdir(parents=True, exist_ok=True)
            fd = os.open(part, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o644)
        except OSError:
            fd = None
        if fd is not None:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                os.replace(part, folder / (name + SUFFIX))  # (named a reader once locked: never met unlocked alive)
                own = _Own(folder / (name + SUFFIX), fd)
            except OSError:
                os.close(fd)
                with suppress(OSError):
                    part.unlink()
    _OWN[key] = own
    return own


def hold(root: Path, folder: str) -> None:
    """Record that this process reads the copies of ``root/folder`` for as long as it lives."""
    own = _own(root)
    if own is None or folder in own.names:
        return
    try:
        os.write(own.fd, (folder + "\n").encode("utf-8", "surrogateescape"))
    except OSError:
        return
    own.names.add(folder)


def read_by_another(root: Path, folder: str) -> bool:
    """Whether another running process reads ``root/folder`` (see the module docstring; this process's
    own record is not asked: a process loading a shard's new version moves to it); the reader files of
    processes that have ended are removed on the way."""
    if fcntl is None:
        return False
    own = _OWN.get(str(root))
    try:
        with os.scandir(_folder(root)) as entries:
            files = [Path(e.path) for e in entries if e.name.endswith(SUFFIX)]
    except OSError:
        return False
    for path in files:
        if own is not None and path == own.path:
            continue
        try:
            fd = os.open(path, os.O_RDONLY)
        except OSError:
            continue
        try:
            try:
                fcntl.flock(fd, fcntl.LOCK_SH | fcntl.LOCK_NB)
            except OSError as e:
                if e.errno not in _BUSY:
                    continue  # (no locks here: nothing told)
                if folder in _lines(fd):
                    return True
                continue
            with suppress(OSError):
                path.unlink()  # (its process has ended)
        finally:
            os.close(fd)
    return False


def _folder(root: Path) -> Path:
    return root.parent / f".{root.name}-readers"


def _lines(fd: int) -> set[str]:
    chunks = []
    while chunk := os.read(fd, 1 << 16):
        chunks.append(chunk)
    return set(b"".join(chunks).decode("utf-8", "surrogateescape").splitlines())
