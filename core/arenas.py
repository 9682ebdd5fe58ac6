"""glibc's malloc: the free memory its arenas keep, given back (``trim``).

glibc gives each thread that allocates its own arena, up to 8 per core, and keeps their freed
memory for the next allocation in that arena. The window's worker threads (searches, status
reads, library opens, thumbnails) come and go for hours, so its RSS rose by ~200-500 MB over a
long session with no object kept (benchmarks/RESULTS.md, "A long window session").

Holding the process to 2 arenas (``MALLOC_ARENA_MAX=2``; a ``mallopt(M_ARENA_MAX, 2)`` at start,
``limit_arenas`` here until s50, did the same) kept it flat, but made the threads share the GUI
thread's arena: a text search's p50 went from 120 to 188 ms in A/B runs (same section). ``trim``
(``malloc_trim(0)``: every arena's free pages back to the system) gives back more without that
cost; the window calls it between the user's actions and when idle (``app.idle_trim``), so the
arena limit went: the benchmarks' A/B sets ``MALLOC_ARENA_MAX`` for their process as a user would.

Linux with glibc only; elsewhere (macOS, Windows, musl) nothing is done.
"""

from __future__ import annotations

import ctypes
import os
import sys


def _glibc():
    """The process's C library if it is glibc (a CDLL), else None."""
    if not sys.platform.startswith("linux"):
        return None
    try:
        if not os.confstr("CS_GNU_LIBC_VERSION"):  # (musl has no such name: ValueError)
            return None
        return ctypes.CDLL(None)
    except (ValueError, OSError, AttributeError):
        return None


def can_trim() -> bool:
    """Whether ``trim`` can give memory back here (glibc's malloc_trim)."""
    libc = _glibc()
    return libc is not None and hasattr(libc, "malloc_trim")


def trim() -> bool:
    """The free memory of every malloc arena given back to the system (``malloc_trim(0)``; a few
    ms for a GB of heap). Whether it could be asked; never raises."""
    libc = _glibc()
    try:
        fn = libc.malloc_trim
    except AttributeError:  # (libc None too)
        return False
    fn.argtypes, fn.restype = (ctypes.c_size_t,), ctypes.c_int
    try:
        fn(0)
    except (OSError, ctypes.ArgumentError):
        return False
    return True


def rss_bytes() -> int | None:
    """This process's resident memory (Linux: ``/proc/self/statm``), else None."""
    try:
        with open("/proc/self/statm", "rb") as f:
            return int(f.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")
    except (OSError, ValueError, IndexError):
        return None
