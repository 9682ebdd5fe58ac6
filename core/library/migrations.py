"""Ordered schema migrations: the steps that bring a library from one format to the next, run by a
writer opening an older library (from the first step when ``library.json`` was rebuilt and does
not know the format); a step killed half-way runs again, as each checks what it adds. A reader
reads every older format as it is (``schema.videos_from_arrow``).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

from core.library import schema as S
from core.library.connection import Connection


@dataclass(frozen=True)
class Migration:
    from_version: int
    to_version: int
    apply: Callable[[Connection], None]


def _add_quick_column(conn: Connection) -> None:
    """Format 2: the videos' ``quick`` flag (moments of the first, keyframes-only pass)."""
    videos = conn.table(S.VIDEOS)
    if videos is not None and "quick" not in videos.schema.names:
        videos.add_columns({"quick": "false"})


def _add_reader_column(conn: Connection) -> None:
    """Format 3: the videos' ``reader`` (0 for those already there: checked again by ``core.sync``)."""
    videos = conn.table(S.VIDEOS)
    if videos is not None and "reader" not in videos.schema.names:
        videos.add_columns({"reader": "CAST(0 AS BIGINT)"})


MIGRATIONS = (Migration(1, 2, _add_quick_column),  # from format 1 to SCHEMA_VERSION, no gap
              Migration(2, 3, _add_reader_column))


def migrate(conn: Connection, from_version: int) -> bool:
    """Run the steps from ``from_version`` to ``SCHEMA_VERSION``; True when there were any (the
    caller records the version)."""
    steps = [m for m in MIGRATIONS if m.from_version >= from_version]
    for step in steps:
        step.apply(conn)
    return bool(steps)
