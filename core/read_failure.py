"""What an FFmpeg error met reading a user's file means (``timeline.read_failed``, which every reader
of the file's packets calls: ``core.av_reader``, ``core.reader_seek``, ``core.timeline``'s scan,
``core.timeline_seek``): the end of what the file holds, or a read to try again later."""

from __future__ import annotations

import errno
import os

import av

from core.bounded_read import stalled
from core.errors import MediaError
from core.momentary import is_momentary, os_errors


def read_failed(path, error, timeout_s: float | None = None) -> None:
    """Raise ``MediaError`` ("cannot read the file (Input/output error)") when ``error``, an
    FFmpeg error met reading ``path``, is an OS error of the moment (``core.momentary``: a disk or
    share that blipped) or a read the system refused (EACCES: a byte-range lock over part of the
    file, a security module: "cannot read the file (Permission denied)"): not the end of what the
    file holds, but a read to try again later (``core.failure_retry``); ``DecodeTimeout`` when it
    is a read that brought nothing for ``timeout_s`` (``av.ExitError``: ``core.file_open``'s bound,
    a share that stopped answering), never the file's end; any other error returns (the caller's
    end of what decodes; FFmpeg says EPERM of any seek that failed)."""
    if isinstance(error, av.ExitError):
        raise stalled(path, timeout_s) from None
    if is_momentary(error) or errno.EACCES in os_errors(error):
        raise MediaError(str(path), f"cannot read the file ({getattr(error, 'strerror', None) or error})") from None
    if isinstance(error, MemoryError) and not spare_memory():  # (ENOMEM: a damaged size asks for GBs, or
        # memory is short: a decode worker at its bound, a full machine. Short: the decode pool's
        # "decoding used more than N MB of memory", tried again by the next runs, not a cut video)
        raise MemoryError(f"{path}: {error}") from None


SPARE_MB = 64  # what a failed allocation of FFmpeg's leaves to spare when it asked for a damaged size


def spare_memory() -> bool:
    """Whether ``SPARE_MB`` of memory can be had now (under the process's limits). Mapped, never
    touched (POSIX: a private anonymous map counts against RLIMIT_DATA but takes no page), so the
    look itself cannot push a machine already short of memory to its out-of-memory killer."""
    import mmap

    try:
        if os.name == "posix":
            spare = mmap.mmap(-1, SPARE_MB << 20, flags=mmap.MAP_PRIVATE, prot=mmap.PROT_READ | mmap.PROT_WRITE)
            spare.close()
        else:  # (no such map: an allocation, freed at once)
            bytearray(SPARE_MB << 20).clear()
    except (MemoryError, OSError):
        return False
    return True
