"""The library folder's other JSON files nested thousands deep (``[[[[…``: damage, or a library folder
someone handed us), as 4a5424d did for library.json: Python's parser raises RecursionError, which their
readers' ``except ValueError`` never took, so the videos' snapshot stopped every ``seekframe index``
(``cli_models.noop_rescan`` reads it first) with a traceback, a notes journal line stopped the notes'
read, a LanceDB version hint or the lock's holder words stopped the open. Each reads through
``core.json_text.loads`` (such nesting a ValueError): the snapshot is no snapshot, the line skipped,
the hint none, the holder unknown."""

from __future__ import annotations

import fcntl
import os

import pytest

from core.errors import LibraryLockedError
from core.library import gone_versions, notes_journal, snapshot
from core.library.lock import WriterLock

NESTED = "[" * 100_000


def test_a_nested_videos_snapshot_is_no_snapshot(tmp_path):
    (tmp_path / snapshot.SNAPSHOT_FILE).write_text(NESTED)
    assert snapshot.load(tmp_path) is None
    assert snapshot.open_snapshot(tmp_path) is None  # (the index opens the library instead)


def test_a_nested_notes_journal_line_is_skipped(tmp_path):
    (tmp_path / notes_journal.JOURNAL).write_text(NESTED + "\n")
    assert notes_journal.latest(tmp_path) == {}


def test_a_nested_version_hint_names_no_version():
    assert gone_versions.hint_version(b"[" * 4096) is None


@pytest.mark.skipif(not hasattr(fcntl, "flock"), reason="flock")
def test_a_lock_held_with_nested_holder_words_says_it_is_held(tmp_path):
    path = tmp_path / "writer.lock"
    path.write_text("[" * 4096)
    fd = os.open(path, os.O_RDWR)  # (another writer: flock is per open file)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        with pytest.raises(LibraryLockedError):
            WriterLock(path).acquire()
    finally:
        os.close(fd)
