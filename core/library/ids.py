"""The library's internal ids: video and caption ids (hex), the one moment-id format, and the
``IN (...)`` filters built from them, a chunk of ``ID_CHUNK`` ids at a time.

Only ids that passed these checks (and integer epochs) ever go into a LanceDB filter; anything
given by a user (paths, texts, sources) is filtered in Python.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence

ID_CHUNK = 500  # ids per IN (...) filter or per read of some videos' moments

_VIDEO_ID = re.compile(r"[0-9a-f]{16}")
_CAPTION_ID = re.compile(r"[0-9a-f]{24}")
_MOMENT_ID = re.compile(r"([0-9a-f]{16}):([0-9]{1,9}):([0-9]{1,9})")


def check_video_id(video_id) -> str:
    if not isinstance(video_id, str) or not _VIDEO_ID.fullmatch(video_id):
        raise ValueError(f"invalid video id {video_id!r}: expected 16 lowercase hex characters")
    return video_id


def check_caption_id(caption_id) -> str:
    if not isinstance(caption_id, str) or not _CAPTION_ID.fullmatch(caption_id):
        raise ValueError(f"invalid caption id {caption_id!r}: expected 24 lowercase hex characters")
    return caption_id


def check_video_ids(ids) -> list[str]:
    """Distinct, checked, in their order; a single string is refused (it is no list of ids)."""
    if isinstance(ids, str):
        raise ValueError("expected a list of video ids, got a single string")
    return list(dict.fromkeys(check_video_id(v) for v in ids))


def check_caption_ids(ids) -> list[str]:
    if isinstance(ids, str):
        raise ValueError("expected a list of caption ids, got a single string")
    return list(dict.fromkeys(check_caption_id(c) for c in ids))


def moment_id(video_id: str, epoch: int, index: int) -> str:
    """A moment's id: its video, the epoch of the commit that wrote it and its index."""
    return f"{video_id}:{int(epoch)}:{int(index)}"


def parse_moment_id(moment_id) -> tuple[str, int, int]:
    m = _MOMENT_ID.fullmatch(moment_id) if isinstance(moment_id, str) else None
    if not m:
        raise ValueError(f"invalid moment id {moment_id!r}: expected '<video_id>:<epoch>:<index>'")
    return m.group(1), int(m.group(2)), int(m.group(3))


def sql_in(column: str, values: list[str]) -> str:
    """``column IN ('a','b')`` for values that were validated as hex ids (never user text)."""
    for v in values:
        if not (_VIDEO_ID.fullmatch(v) or _CAPTION_ID.fullmatch(v)):
            raise ValueError(f"refusing to put {v!r} into a filter")
    return f"{column} IN (" + ",".join(f"'{v}'" for v in values) + ")"


def chunks(items: Sequence, size: int = ID_CHUNK) -> Iterator[Sequence]:
    """``items`` in consecutive slices of at most ``size``."""
    for i in range(0, len(items), size):
        yield items[i: i + size]


def sql_in_chunks(column: str, ids: Sequence[str]) -> Iterator[str]:
    """``sql_in`` filters covering ``ids``, ``ID_CHUNK`` ids each (a filter stays short)."""
    for part in chunks(ids):
        yield sql_in(column, list(part))
