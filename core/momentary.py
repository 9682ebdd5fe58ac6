"""Errors of the moment, told from damage: a read that failed with an OS error other than its file
being gone (an I/O error of a disk, a USB stick or a network share that blips: EIO, ESTALE,
EAGAIN, a share not connected; a permission) says nothing of what the file holds, while a file
cut short, bad bytes or a file gone do. The one rule of what a failed read means:

- ``torn.tail`` / ``torn_fragments`` (a table's data file cut short is taken out or rolled back;
  one that only cannot be read now is left),
- ``core.library.repair`` (a table whose read-through fails so is tried again, then the repair
  refuses, changing nothing, instead of setting the table aside as damaged),
- ``core.failure_retry`` (a video that failed so is tried again by the next runs).

Errors come as Python's ``OSError`` (``errno``, along its cause and context) or as a storage
engine's or decoder's text: LanceDB writes ``... Input/output error (os error 5)``, Python
``[Errno 5] Input/output error``, a recorded failure ``cannot read the file (Input/output error)``.
"""

from __future__ import annotations

import errno
import os
import re

# a read's OS errors that may pass when tried again: the device or share, not the file's bytes
MOMENTARY = frozenset(getattr(errno, name) for name in (
    "EIO", "EAGAIN", "EWOULDBLOCK", "EINTR", "EBUSY", "ESTALE", "ENOTCONN", "ETIMEDOUT", "ECONNRESET",
    "ECONNABORTED", "ECONNREFUSED", "EHOSTDOWN", "EHOSTUNREACH", "ENETDOWN", "ENETUNREACH", "ENETRESET",
    "ENOLINK", "ECOMM", "EREMOTEIO", "ENOMEDIUM") if hasattr(errno, name))
GONE = frozenset({errno.ENOENT})  # the file is not there: what a reader of its bytes calls damage

_NUMBER = re.compile(r"\(os error (\d+)\)|\[errno (\d+)\]", re.IGNORECASE)
_TEXTS = tuple(sorted({os.strerror(n).lower() for n in MOMENTARY}))


def os_errors(what) -> list[int]:
    """The OS error numbers ``what`` (an exception, with its cause and context, or a text) carries."""
    found, seen = [], set()
    while isinstance(what, BaseException) and id(what) not in seen:
        seen.add(id(what))
        if isinstance(what, OSError) and isinstance(what.errno, int):
            found.append(what.errno)
        found += _numbers(str(what))
        what = what.__cause__ or what.__context__
    if isinstance(what, str):
        found += _numbers(what)
    return found


def _numbers(text: str) -> list[int]:
    return [int(a or b) for a, b in _NUMBER.findall(text) if int(a or b) in errno.errorcode]


def is_momentary(what) -> bool:
    """Whether ``what`` (an exception or a text: a recorded failure's reason) says a read failed
    with an OS error that may pass when tried again (``MOMENTARY``)."""
    if any(n in MOMENTARY for n in os_errors(what)):
        return True
    texts = []
    while isinstance(what, BaseException) and what not in texts:
        texts.append(what)
        what = what.__cause__ or what.__context__
    text = " ".join(map(str, texts + ([what] if isinstance(what, str) else []))).lower()
    return any(s in text for s in _TEXTS)


def says_nothing(what) -> bool:
    """Whether a read that failed with ``what`` says nothing of what the file holds: an OS error
    other than the file gone (``is_momentary``, or another, a permission). A file gone, cut short
    or holding bad bytes is damage (False); an error that carries no OS error is the bytes' too."""
    numbers = os_errors(what)
    if isinstance(what, OSError) and what.errno is None and not numbers:
        return True  # (an OSError of no number: nothing known)
    return is_momentary(what) or any(n not in GONE for n in numbers)


_FILE_ERROR = re.compile(r"([\\/]\S+?): ([^:,]*?\(os error \d+\))")


def brief(text: str) -> str:
    """A storage engine's error of the moment as "FILE: ERROR (os error N)" (LanceDB's, whose
    first line names its layers and where in its source); "" when it names no file so."""
    found = _FILE_ERROR.findall(str(text))
    return f"{found[-1][0]}: {found[-1][1]}" if found else ""
