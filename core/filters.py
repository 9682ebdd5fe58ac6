"""Search filters (folder, duration, modified date), evaluated in Python over video rows; apart
from ``core.search`` so the app builds them on its GUI thread without importing LanceDB or torch.
"""

from __future__ import annotations

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

    def matcher(self):
        """Whether a video row passes these filters (the folder normalised once, for checking a
        whole library)."""
        root = normalise_root(self.folder) if self.folder else None
        return lambda v: self._accepts(v, root)

    def _accepts(self, v: "VideoRecord", root: str | None) -> bool:
        if v.status != _DONE or (v.offline and not self.include_offline):
            return False
        if root is not None and not is_under(v.path, root):
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


def parse_date(text: str) -> float:
    """``2024-05-01`` or ``2024-05-01T12:30`` → unix time (local time). Raises ValueError."""
    return datetime.fromisoformat(text.strip()).timestamp()
