"""A writer that opened the library's lock file just as its holder let go of it and removed it (a command
refused on a library not made yet removes the lock file it made: 749295e's ``cli_library._let_go``; and
``lock_library`` of a folder that turned out to hold no library) then locked a file no longer there: it
went on as the library's writer while the next writer made a new lock file and took that one too, two
writers of one library at once. A lock taken on a file no longer at its path is let go, and the path's
file opened and locked again."""

from __future__ import annotations

import os
import sys

import pytest

from core.errors import LibraryLockedError
from core.library import lock as lock_module
from core.library.lock import WriterLock

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="Windows removes no open file")


def test_a_lock_taken_on_a_file_its_holder_removed_is_taken_again_on_the_file_there(tmp_path, monkeypatch):
    path = tmp_path / "writer.lock"
    holder = WriterLock(path)
    holder.acquire()
    real, calls = lock_module._try_lock, []

    def holder_lets_go_first(fd: int) -> bool:  # (between this writer's open and its lock)
        calls.append(fd)
        if len(calls) == 1:
            holder.release(remove=True)
        return real(fd)

    monkeypatch.setattr(lock_module, "_try_lock", holder_lets_go_first)
    taken = WriterLock(path)
    taken.acquire()
    monkeypatch.setattr(lock_module, "_try_lock", real)
    try:
        assert path.is_file() and os.path.samestat(os.stat(path), os.fstat(taken._fd))
        with pytest.raises(LibraryLockedError):  # (the next writer is refused: one writer)
            WriterLock(path).acquire()
    finally:
        taken.release()
