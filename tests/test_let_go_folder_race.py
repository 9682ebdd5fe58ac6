"""A writer refused at once on a library not made yet removes the lock file and the empty folders it
made (749295e's ``cli_library._let_go``). Another writer making a library at the same path that same
instant, its folders made (there already: the refused one's) but its lock file not yet, found them
gone: refused with 'its folder went this instant' (or, a folder above it gone mid-way, 'Cannot
create the library folder'), though nothing was wrong with its command. The lock file goes only
while held (0cd8641 takes the lock again where it went) and a folder only while empty, so the other
writer's lock file is never removed; now a new library's writer whose folders went between their
making and its lock file makes them again, as a run a moment later would, and takes the lock."""

from __future__ import annotations

import sys

import pytest

from core.cli_library import _let_go
from core.library import lock as lock_module
from core.library.lock import WriterLock, lock_library
from core.library.meta import LOCK_FILE

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="Windows removes no open file")


@pytest.mark.parametrize("above", [True, False])
def test_a_new_librarys_writer_is_not_refused_by_another_letting_go_of_the_same_path(tmp_path, monkeypatch, above):
    """``above``: the refused writer made the folders above the library's too (all go as it lets go)."""
    root = tmp_path / "home" / "seekframe" / "library" if above else tmp_path / "library"
    refused = lock_library(root)
    assert refused.made_folders == ((root, root.parent, root.parent.parent) if above else (root,))
    real_open, done = WriterLock._open, []

    def refused_lets_go_first(self):  # (the other writer's folders there, its lock file not opened yet)
        if not done:
            done.append(_let_go(refused, root))
            assert not root.exists()
        return real_open(self)

    monkeypatch.setattr(WriterLock, "_open", refused_lets_go_first)
    writer = lock_library(root)
    monkeypatch.undo()
    try:
        assert done and not refused.held
        assert writer.held and (root / LOCK_FILE).is_file()
        assert lock_module._same_file(writer._fd, root / LOCK_FILE)  # (its lock is on the file there)
        assert writer.made_folders == refused.made_folders  # (made again: its own now)
    finally:
        _let_go(writer, root)  # (refused too: what it made goes, as the refused one's did)
    assert not any(tmp_path.iterdir()), sorted(str(p) for p in tmp_path.rglob("*"))


def test_a_library_that_was_there_is_not_made_again_where_it_went(tmp_path, monkeypatch):
    """The folders are made again only for a new library: one that was there, moved away as its
    writer takes the lock, is gone, as before (nothing made in its place)."""
    from core.errors import LibraryGoneError
    root = tmp_path / "lib"
    root.mkdir()
    (root / "library.json").write_text("{}")  # (is_library: its description there)
    real_open = WriterLock._open

    def moved_first(self):
        (root / "library.json").rename(tmp_path / "library.json")
        root.rmdir()
        return real_open(self)
    monkeypatch.setattr(WriterLock, "_open", moved_first)
    with pytest.raises(LibraryGoneError):
        lock_library(root)
    assert not root.exists()
