"""glibc's malloc: the free memory its arenas keep, given back (``trim``), and the arena count
held down (``limit_arenas``, for measurements: the app does not call it).

glibc gives each thread that allocates its own arena, up to 8 per core, and keeps their freed
memory for the next allocation in that arena. The window's worker threads (searches, status
reads, library opens, thumbnails) come and go for hours, so its RSS rose by ~200-500 MB over a
long session with no object kept (benchmarks/RESULTS.md, "A long window session").

Holding the process to 2 arenas (``mallopt(M_ARENA_MAX, 2)`` at start, as ``MALLOC_ARENA_MAX=2``
does) kept it flat, but made the threads share the GUI thread's arena: a text search's p50 went
from 120 to 188 ms in A/B runs (same section). ``trim`` (``malloc_trim(0)``: every arena's free
pages back to the system) gives the memory back without that cost; the app calls it once the
window is idle (``app.idle_trim``).

Linux with glibc only; elsewhere (macOS, Windows, musl) nothing is done. A ``MALLOC_ARENA_MAX``
the user set is left as glibc read it.
"""

from __future__ import annotations

import ctypes
import os
import sys

ARENAS = 2
M_ARENA_MAX = -8  # malloc.h

APPLIED = ""  # what the last limit_arenas() did: "set", or why it did nothing


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


def limit_arenas(n: int = ARENAS) -> str:
    """Hold glibc's malloc to ``n`` arenas (effective for the arenas made after it: call it first,
    before any thread allocates). Returns "set", or why nothing was done ("not glibc", "no
    mallopt", "refused", "MALLOC_ARENA_MAX set"); never raises. The benchmarks' A/B."""
    global APPLIED
    if os.environ.get("MALLOC_ARENA_MAX", "").strip():
        APPLIED = "MALLOC_ARENA_MAX set"
        return APPLIED
    libc = _glibc()
    if libc is None:
        APPLIED = "not glibc"
        return APPLIED
    try:
        mallopt = libc.mallopt
    except AttributeError:
        APPLIED = "no mallopt"
        return APPLIED
    mallopt.argtypes, mallopt.restype = (ctypes.c_int, ctypes.c_int), ctypes.c_int
    try:
        APPLIED = "set" if mallopt(M_ARENA_MAX, int(n)) == 1 else "refused"
    except (OSError, ctypes.ArgumentError):
        APPLIED = "refused"
    return APPLIED
