"""What the reader-recheck library tests (tests/test_reader_recheck_1*.py) set up and check alike: a
folder indexed, then its records rewritten as an older reader left them (``left_by``), and the videos
the recheck kept as that reader left them (``assert_kept``); and whether one file reads as an older
reader read it (``read_alike``)."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from core.library import VideoLibrary
from core.media import FrameSampler, reads_as_by
from core.video_info import READER
from tests.test_cut_short import run, video


def left_by(lib_path: Path, folder: Path, reader: int, durations: dict[str, float] | None = None) -> None:
    """``folder`` indexed into ``lib_path``, then every video's record as reader ``reader`` left it: its
    reader, and its length where ``durations`` names its file."""
    durations = durations or {}
    run(lib_path, folder)
    with VideoLibrary(lib_path) as library:
        library.video_table.merge([replace(rec, reader=reader, duration=durations.get(Path(rec.path).name, rec.duration))
                                   for rec in library.video_table.all()])


def assert_kept(lib_path: Path, before: dict) -> None:
    """Each video of ``before`` (``name: video(lib_path, name)`` as the old reader left it) now read by
    this reader and kept: its id, length, and moments (ids and times) as they were."""
    for name, (rec, moments) in before.items():
        now, kept = video(lib_path, name)
        assert now.reader == READER and (now.video_id, now.duration) == (rec.video_id, rec.duration), name
        assert [(m.moment_id, m.start, m.end) for m in kept] == [(m.moment_id, m.start, m.end) for m in moments], name


def read_alike(path, old: int) -> bool:
    """Whether this reader reads ``path`` as reader ``old`` did (``reads_as_by``: the recheck keeps
    its moments), the file opened as indexing opens it."""
    reader = FrameSampler(size=None, skip="nonref")._open(str(path))
    try:
        return reads_as_by(reader, old)
    finally:
        reader.close()
