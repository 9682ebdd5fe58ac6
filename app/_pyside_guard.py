"""Guard against a reference-count bug of PySide6 6.12.0 on Python < 3.12.

That build (an abi3 wheel) returns ``None`` from every void call (``label.setText``, …) and
``True`` from every signal ``emit`` without taking a reference, as if they were immortal (they are
only from Python 3.12 on): after a few thousand calls Python 3.11 aborts with "Fatal Python error:
none_dealloc: deallocating None". PySide6 6.11.3 does not have the bug. :func:`protect` detects the
leak and only then makes these singletons effectively immortal (counts raised by 2**40, as Python
3.12 does). The proper fix is a PySide6 without the bug (pyproject.toml excludes 6.12.0 on Python
< 3.12); this keeps an existing installation working meanwhile.
"""

from __future__ import annotations

import ctypes
import sys

_applied = False


def void_calls_leak_none() -> bool:
    """Whether PySide's void calls drop a reference to None (the 6.12.0 bug)."""
    from PySide6.QtCore import QObject

    probe = QObject()
    before = sys.getrefcount(None)
    for _ in range(16):
        probe.setObjectName("probe")
    return sys.getrefcount(None) <= before - 8


def protect() -> bool:
    """Apply the guard when needed; returns whether it is in force."""
    global _applied
    if _applied:
        return True
    if sys.version_info >= (3, 12) or sys.implementation.name != "cpython" or not void_calls_leak_none():
        return False
    for singleton in (None, True, False, Ellipsis, NotImplemented):
        ctypes.c_ssize_t.from_address(id(singleton)).value += 1 << 40  # ob_refcnt: first field
    _applied = True
    return True
