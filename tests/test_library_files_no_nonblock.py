"""A library's own files read where the OS has no ``os.O_NONBLOCK`` (Windows): 4ff5778 and 8136147
opened library.json, the lock file and the notes journal with it, so that a named pipe put there
does not hang a read, and every command on Windows failed with an AttributeError before it read
anything. Windows has no named pipe a file path opens: the files are opened plainly there."""

from __future__ import annotations

import os

import numpy as np
import pytest

from core.library import location, lock, notes_journal
from core.library import meta as meta_io
from core.library.location import Location
from core.library.lock import lock_library, writer_free
from core.library.meta import LibraryMeta, LibrarySettings
from core.library.records import SCHEMA_VERSION, CaptionRecord, VideoRecord


class _WindowsOs:
    """``os`` as on Windows (Python 3.11): no ``O_NONBLOCK``, no ``set_blocking``."""

    def __getattr__(self, name):
        if name in ("O_NONBLOCK", "set_blocking"):
            raise AttributeError(name)
        return getattr(os, name)


@pytest.fixture
def no_nonblock(monkeypatch):
    """The modules that read the library's own files see ``_WindowsOs`` (only they: ``os`` itself is
    left as it is for the rest of the process)."""
    for module in (location, lock, notes_journal):
        monkeypatch.setattr(module, "os", _WindowsOs())


def test_library_json_is_read(tmp_path, no_nonblock):
    meta_io.write_meta(Location(tmp_path), LibraryMeta(SCHEMA_VERSION, settings=LibrarySettings(folders=["/v"])))
    assert meta_io.read_meta(tmp_path).settings.folders == ["/v"]


def test_the_lock_is_told_free_then_held(tmp_path, no_nonblock):
    meta_io.write_meta(Location(tmp_path), LibraryMeta(SCHEMA_VERSION))
    lock = lock_library(tmp_path)
    try:
        assert lock.held and not writer_free(tmp_path)
    finally:
        lock.release()
    assert writer_free(tmp_path)


def test_the_notes_journal_is_read(tmp_path, no_nonblock):
    video = VideoRecord("0123456789abcdef", "/v/a.mp4", "/v", 10, 1.0, "h")
    note = CaptionRecord("one", "note", np.ones(4, np.float32), video.video_id, 1.0, 2.0, caption_id="a" * 24)
    notes_journal.append(tmp_path, [(note, video, "m1")])
    assert notes_journal.journal_ids(tmp_path) == {"a" * 24}
    assert list(notes_journal.latest(tmp_path)) == ["a" * 24]


class _WindowsFolders(_WindowsOs):
    """And a folder opened as a file refused, as Windows refuses it (PermissionError, not a folder's fd)."""

    def open(self, path, flags, *args):
        if os.path.isdir(path):
            raise PermissionError(13, "Permission denied", str(path))
        return os.open(path, flags, *args)


def test_a_folder_named_library_json_is_damage_not_a_refused_read(tmp_path, monkeypatch):
    """(on Windows a folder opened as a file is a PermissionError: it was said as a read refused just
    now, to try again, where ``seekframe repair`` sets the folder aside: tests/test_library_special_files.py)"""
    from core.errors import DamagedDescriptionError
    from core.unreadable import DAMAGED_FILES, unread_kind

    monkeypatch.setattr(location, "os", _WindowsFolders())
    (tmp_path / meta_io.META_FILE).mkdir()
    with pytest.raises(DamagedDescriptionError, match="a folder, not a file") as raised:
        meta_io.read_meta(tmp_path)
    assert unread_kind(raised.value) == DAMAGED_FILES
