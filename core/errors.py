"""Typed errors of the engine. Every error a user can cause carries a message meant for them."""

from __future__ import annotations

import errno
from pathlib import Path


class SeekframeError(Exception):
    """Base class: the message is written for the person using Seekframe."""


class MediaError(SeekframeError):
    """A video could not be read. ``reason`` is a short human-readable cause."""

    def __init__(self, path: str | Path, reason: str):
        self.path = str(path)
        self.reason = reason
        super().__init__(f"{self.path}: {reason}")


class DecodeTimeout(MediaError):
    """Decoding took longer than the allowed time (a hung or pathological file)."""


class ModelError(SeekframeError):
    """A model could not be loaded, or is not what we expected (pickle, shape mismatch, offline)."""


class LibraryError(SeekframeError):
    """Something is wrong with the library on disk."""


class NoLibraryError(LibraryError):
    """No library where one was looked for (no library.json, no tables)."""


class LibraryLockedError(LibraryError):
    """Another process is writing to this library."""


class ReadOnlyLibraryError(LibraryError):
    """A write was attempted on a library opened read-only."""


class ModelMismatchError(LibraryError):
    """The library holds vectors of another model; mixing them would give meaningless results."""


class SchemaVersionError(LibraryError):
    """The library on disk was written by a newer (or unknown) Seekframe version."""


_NO_SPACE = ("no space left on device", "disk quota exceeded", "file too large")


def is_disk_full(exc: BaseException | None) -> bool:
    """True when ``exc``, or an exception it was raised from or during, says the disk (or the
    user's quota) is full: an OSError with ENOSPC/EDQUOT/EFBIG, or a storage engine's error
    whose text says so (LanceDB raises its own type)."""
    seen = set()
    while exc is not None and id(exc) not in seen:
        seen.add(id(exc))
        if isinstance(exc, OSError) and exc.errno in (errno.ENOSPC, getattr(errno, "EDQUOT", -1), errno.EFBIG):
            return True
        if any(s in str(exc).lower() for s in _NO_SPACE):
            return True
        exc = exc.__cause__ or exc.__context__
    return False


def disk_full_message(where: str | Path) -> str:
    return (f"the disk holding {where} is full (or a disk quota or the file size limit was "
            "reached). Nothing was lost: every video finished before this is in the library, and "
            "the library is consistent. Free some space (or raise the limit), then run the same "
            "command again to index the rest.")
