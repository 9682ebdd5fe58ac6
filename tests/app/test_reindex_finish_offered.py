"""A `seekframe index --reindex A` that crashed part-way left A's videos half embedded anew, and the
window's library panel counted nothing in A nor offered Finish indexing (``core.reembed_record``):
now the videos still waiting are counted in their folder (``SessionStatus.folder_stopped``), and
Finish indexing (a plain run of A) embeds them again."""

from __future__ import annotations

from app import engine
from core.library import VideoLibrary
from tests.test_reindex_keeps_searchable import _two_folders
from tests.test_reindex_resumes import _crash_after_first_commit


def test_a_crashed_reindex_is_counted_for_finish_indexing(tmp_path, capsys, monkeypatch):
    a, b, lib = _two_folders(tmp_path, capsys, monkeypatch)
    with VideoLibrary(lib, read_only=True) as library:
        assert engine.session_status(library, read_only=True).folder_stopped == ()
    _crash_after_first_commit(monkeypatch, lib, a)
    with VideoLibrary(lib, read_only=True) as library:
        assert engine.session_status(library, read_only=True).folder_stopped == ((str(a), 1),)
