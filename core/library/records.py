"""Rows of the library tables, as plain dataclasses. The schema lives in ``schema.py``."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from functools import cached_property

import numpy as np

from core.library.ids import moment_id

# The library's format, written into library.json (``schema.py``: the tables' Arrow schemas);
# here, with the rows, so library.json is read without importing pyarrow.
SCHEMA_VERSION = 3

PENDING = "pending"  # known, not yet indexed (or being indexed)
DONE = "done"  # indexed: its moments (same epoch) are visible
FAILED = "failed"  # could not be read; ``error`` says why; not retried until size/mtime change


@dataclass
class VideoRecord:
    video_id: str  # stable id, 16 hex chars, assigned when first seen
    path: str  # absolute path
    root: str  # the library folder (as the user added it) this file was found under
    size: int
    mtime: float
    content_hash: str  # partial content hash: finds renamed and moved files
    status: str = PENDING
    error: str = ""
    duration: float = 0.0
    fps: float = 0.0
    frame_count: int = 0
    width: int = 0
    height: int = 0
    codec: str = ""
    model_id: str = ""
    epoch: int = 0  # bumped each time the video's moments are (re)written
    n_moments: int = 0
    offline: bool = False  # its root folder is missing/unreadable (e.g. an unmounted drive)
    indexed_at: float = 0.0  # unix time of the last commit (of its moments, or of its failure)
    quick: bool = False  # its visible moments are the first pass's (keyframes only): pass 2 pending
    # the reader its moments were decoded by (core.video_info.READER; format 3), 0: not recorded (a
    # library of an earlier format): an earlier one is checked again (core.sync: SyncPlan.recheck)
    reader: int = 0

    def copy(self) -> VideoRecord:
        """A record of its own with these values: what a reader of the table gets (``VideoTable.all``).
        ``dataclasses.replace(self)`` runs ``__init__`` and gives the same; about 4x as long a row, the
        copy every index run's plan makes of every row (61 ms against 13.5 ms for 5,000)."""
        new = object.__new__(type(self))
        new.__dict__.update(self.__dict__)
        return new


@dataclass
class MomentRecord:
    video_id: str
    epoch: int
    index: int  # position of the moment within its video
    start: float
    end: float
    thumb_time: float
    vector: np.ndarray  # float32 [dim], L2-normalised

    @property
    def moment_id(self) -> str:
        return moment_id(self.video_id, self.epoch, self.index)


@dataclass
class MomentHit:
    moment_id: str
    video_id: str
    index: int
    start: float
    end: float
    thumb_time: float
    score: float  # cosine similarity


@dataclass
class CaptionRecord:
    text: str
    source: str  # "imported" | "note" | "query"
    vector: np.ndarray
    video_id: str = ""  # "" when the caption is not attached to a video
    start: float = -1.0  # moment-level notes carry their interval; -1 when not
    end: float = -1.0
    caption_id: str = ""  # assigned by the library when empty
    created_at: float = 0.0


@dataclass
class CaptionHit:
    caption_id: str
    text: str
    source: str
    video_id: str
    start: float
    end: float
    score: float


class VideoCache(Mapping):
    """The videos table at one version: a read-only mapping video id → record, the visible blocks
    and the indexed-content key derived from it. A new version is a new cache (writers never
    change one in place), so a reader may keep one as a snapshot; never change its records."""

    def __init__(self, version: int, by_id: dict[str, VideoRecord]):
        self.version = version
        self.by_id = by_id

    def __getitem__(self, video_id: str) -> VideoRecord:
        return self.by_id[video_id]

    def __iter__(self):
        return iter(self.by_id)

    def __len__(self) -> int:
        return len(self.by_id)

    def __contains__(self, video_id) -> bool:  # the dict's own, faster than Mapping's
        return video_id in self.by_id

    def get(self, video_id, default=None):
        return self.by_id.get(video_id, default)

    def items(self):
        return self.by_id.items()

    def values(self):
        return self.by_id.values()

    @property
    def records(self) -> list[VideoRecord]:
        return list(self.by_id.values())

    @cached_property
    def visible(self) -> dict[str, tuple[tuple, int]]:
        """{video_id: ((video_id, epoch, indexed_at), n_moments)} of the done videos."""
        return {v.video_id: ((v.video_id, v.epoch, v.indexed_at), v.n_moments)
                for v in self.by_id.values() if v.status == DONE}

    @cached_property
    def visible_moments(self) -> int:
        """How many moments the done videos hold (the search policy's measure)."""
        return sum(n for _, n in self.visible.values())

    @cached_property
    def done_key(self) -> int:
        """Changes when the set of indexed videos (or their epochs) changes: what a per-library
        calibration depends on."""
        return hash(frozenset((vid, key[1]) for vid, (key, _) in self.visible.items()))
