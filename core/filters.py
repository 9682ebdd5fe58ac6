"""Search filters (folder, duration, modified date), evaluated in Python over video rows; apart
from ``core.search`` so the app builds them on its GUI thread without importing LanceDB or torch.
"""

from __future__ import annotations

import math
import os
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING

from .scan import is_under, normalise_root

if TYPE_CHECKING:  # pragma: no cover
    from .library.records import VideoRecord

_DONE = "done"  # core.library.records.DONE, not imported: that package loads LanceDB


@dataclass
class Filters:
    folder: str | None = None  # only videos under this folder
    min_duration: float | None = None  # seconds
    max_duration: float | None = None
    modified_after: float | None = None  # unix time of the file's mtime
    modified_before: float | None = None
    include_offline: bool = True

    def is_empty(self) -> bool:
        return self == Filters()

    def matcher(self, folders=()):
        """Whether a video row passes these filters (the folder normalised once, for checking a
        whole library). ``folders``: the library's folders, so that a folder named through a link
        is found under the library's spelling (``folder_spellings``)."""
        roots = folder_spellings(self.folder, folders) if self.folder else None
        return lambda v: self._accepts(v, roots)

    def _accepts(self, v: "VideoRecord", roots: list[str] | None) -> bool:
        if v.status != _DONE or (v.offline and not self.include_offline):
            return False
        if roots is not None and not any(is_under(v.path, root) for root in roots):
            return False
        if self.min_duration is not None and v.duration < self.min_duration:
            return False
        if self.max_duration is not None and v.duration > self.max_duration:
            return False
        if self.modified_after is not None and v.mtime < self.modified_after:
            return False
        if self.modified_before is not None and v.mtime >= self.modified_before:  # (before that day: its midnight is on it)
            return False
        return True


def folder_spellings(folder: str, folders=()) -> list[str]:
    """The spellings under which the library knows the videos under ``folder``: ``folder``
    itself (normalised, links kept), and, when it names no library folder, nor a folder in or
    above one, as spelled, the library folders it reaches through links: ``~/Videos`` a link to
    the library folder ``/mnt/data/videos`` (or the other way round) is that folder, and
    ``~/Videos/2024`` its subfolder ``2024``. Only such a folder's path is resolved (a spelling
    the library knows touches no disk: a share that does not answer is never asked)."""
    root = normalise_root(folder)
    folders = [f for f in folders if isinstance(f, str)]
    if not folders or any(is_under(root, f) or is_under(f, root) for f in folders):
        return [root]
    out = [root]
    try:
        real = os.path.realpath(root)
        for f in folders:
            there = os.path.realpath(f)
            if is_under(there, real):  # the whole library folder lies in it
                out.append(f)
            elif is_under(real, there):  # a folder in that library folder
                rest = os.path.relpath(real, there)
                out.append(os.path.join(f, rest))
    except (OSError, ValueError):
        pass
    return out


def parse_date(text: str) -> float:
    """``2024-05-01`` or ``2024-05-01T12:30`` → unix time (local time); a real date the clock
    cannot reach (``0001-01-01``: "since ever") → -inf or inf. Raises ValueError for no date."""
    when = datetime.fromisoformat(text.strip())
    try:
        return when.timestamp()
    except (ValueError, OverflowError, OSError):  # (year 0 or 10000 once in local time)
        return -math.inf if when.year < 1970 else math.inf
