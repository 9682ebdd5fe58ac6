"""The video library: LanceDB tables, schema version, writer lock, exact/ANN search policy."""

from core.library.records import (DONE, FAILED, PENDING, CaptionHit, CaptionRecord, LibraryMeta,
                                  MomentHit, MomentRecord, VideoRecord)
from core.library.schema import SCHEMA_VERSION
from core.library.store import VideoLibrary
from core.library.vector_search import SearchPolicy

__all__ = [
    "VideoLibrary", "SearchPolicy", "SCHEMA_VERSION", "VideoRecord", "MomentRecord", "MomentHit",
    "CaptionRecord", "CaptionHit", "LibraryMeta", "PENDING", "DONE", "FAILED",
]
