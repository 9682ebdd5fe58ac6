"""A small file a user or a library holds (``library.json``, a model's config, a caption file) read
whole only where it is a regular file: a folder, a named pipe, a device or a socket of that name is
refused at once (``NotAFile``), never read (a pipe would block, ``/dev/zero`` never end), and one
larger than its reader's bound is refused before it is read into memory (``TooLarge``). Imports
nothing heavy: the library's own files are read before its lock is taken."""

from __future__ import annotations

import os
import stat
from pathlib import Path


class NotAFile(ValueError):
    """A file that is no regular file (a folder, a named pipe, a device): damaged, never read.
    Its words are the kind's: "a named pipe, not a file"."""


class TooLarge(NotAFile):
    """A regular file larger than its reader takes (``size``: its bytes)."""

    def __init__(self, size: int, max_bytes: int):
        super().__init__(f"{size} bytes, more than the {max_bytes} bytes such a file may hold")
        self.size, self.max_bytes = size, max_bytes


def read_regular(path: str | Path, max_bytes: int | None = None) -> bytes:
    """The bytes of the regular file ``path`` (a link followed); ``NotAFile`` when it is another kind
    of file, ``TooLarge`` when it holds more than ``max_bytes`` (None: no bound); OSError where it
    cannot be opened."""
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))  # (a pipe opened so does not wait; Windows: none)
    except PermissionError:
        if not os.path.isdir(path):
            raise
        fd = None  # (Windows opens no folder: a refusal there, no read to try again)
    if fd is None:
        raise NotAFile("a folder, not a file")  # (not in the except: no refusal as its context)
    try:
        st = os.fstat(fd)
        if not stat.S_ISREG(st.st_mode):
            mode = st.st_mode
            kind = ("a folder" if stat.S_ISDIR(mode) else "a named pipe" if stat.S_ISFIFO(mode)
                    else "a device" if stat.S_ISCHR(mode) or stat.S_ISBLK(mode) else "a socket")
            raise NotAFile(f"{kind}, not a file")
        if max_bytes is not None and st.st_size > max_bytes:
            raise TooLarge(st.st_size, max_bytes)
    except BaseException:
        os.close(fd)
        raise
    with os.fdopen(fd, "rb") as f:
        data = f.read() if max_bytes is None else f.read(max_bytes + 1)
    if max_bytes is not None and len(data) > max_bytes:  # (grown since its size was read)
        raise TooLarge(len(data), max_bytes)
    return data
