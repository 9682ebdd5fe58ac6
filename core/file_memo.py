"""Answers about a file worked out once per process: a whole-file read (a timeline's scan, an Ogg
chain's pages) asked again by every open, thumbnail and probe of the same file."""

from __future__ import annotations

import os
import threading
from collections.abc import Callable
from typing import Generic, TypeVar

T = TypeVar("T")


class FileMemo(Generic[T]):
    """Answers kept by file (its real path, size and modification time: a file changed since is
    asked again) and by the ``extra`` facts the answer depends on; the oldest dropped past ``kept``.
    An answer that raises is not kept."""

    def __init__(self, kept: int = 16):
        self.kept, self.answers = kept, {}
        self._lock = threading.Lock()  # (workers ask at once: a thumbnail's, a probe's; the work runs outside it)

    def get(self, path, work: Callable[[os.stat_result], T], *extra) -> T:
        """The answer for ``path``: ``work(its stat)``, once. Raises OSError when it cannot be stat'ed."""
        st = os.stat(path)
        key = (os.path.realpath(path), st.st_size, st.st_mtime_ns, *extra)
        with self._lock:
            if key in self.answers:
                return self.answers[key]
        answer = work(st)
        with self._lock:
            while len(self.answers) >= self.kept:
                del self.answers[next(iter(self.answers))]
            self.answers[key] = answer
        return answer
