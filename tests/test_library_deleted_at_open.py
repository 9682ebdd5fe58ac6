"""A library folder deleted (moved away, its drive unplugged) while a handle opens it, after the open has
seen its library.json: a reader's open went on to LanceDB's connect, which makes the tables' folder and
every folder above it, so an empty library folder came back where the user's was, and a writer's open
took the folder for a new library's and made one there, empty (the window's own opens: a reopen as its
writer, Try again). Now nothing is made in its place: the reader's open says there is no library there,
the writer's that the library folder is gone."""

from __future__ import annotations

import shutil
import sys

import pytest

from core.errors import LibraryGoneError, NoLibraryError
from core.library import VideoLibrary
from core.library import meta as meta_io


def _deleted_once_seen(monkeypatch, root):
    """The library at ``root`` deleted right after an open's first look at whether it is one."""
    real, seen = meta_io.is_library, []

    def is_library(where):
        answer = real(where)
        if not seen:
            seen.append(where)
            shutil.rmtree(root)
        return answer

    monkeypatch.setattr(meta_io, "is_library", is_library)
    return seen


@pytest.mark.parametrize("read_only", [True, False], ids=["reader", "writer"])
def test_a_library_deleted_as_it_opens_is_not_made_again_where_it_was(tmp_path, monkeypatch, read_only):
    root = tmp_path / "lib"
    with VideoLibrary(root):
        pass
    seen = _deleted_once_seen(monkeypatch, root)
    with pytest.raises(NoLibraryError if read_only else LibraryGoneError):
        VideoLibrary(root, read_only=read_only).close()  # (old: opened, on a folder made again)
    assert seen and not root.exists()  # (old: lib/db, or a whole new, empty library)


def test_a_new_library_is_still_made_where_none_was(tmp_path):
    root = tmp_path / "new" / "lib"  # (the folders above it made too, as before)
    with VideoLibrary(root) as lib:
        assert lib.meta.settings.folders in (None, [])
    assert meta_io.is_library(root)


def test_a_command_taking_the_lock_of_a_library_deleted_as_it_looks_makes_nothing_there(tmp_path, monkeypatch):
    from core.library.lock import lock_library

    root = tmp_path / "lib"
    with VideoLibrary(root):
        pass
    seen = _deleted_once_seen(monkeypatch, root)
    with pytest.raises(LibraryGoneError):  # (the CLI's writing commands take it first, before the library opens)
        lock_library(root).release()  # (old: its folder made again, a lock file in it)
    assert seen and not root.exists()


@pytest.mark.parametrize("command", [["note", "{videos}/a.mp4@1", "hello"], ["forget", "{videos}"]])
def test_a_command_needing_a_library_deleted_after_its_look_makes_none_there(tmp_path, monkeypatch, capsys, command):
    """(review rv_5, finding 4) `seekframe note`/`forget` looked for the library, then took its lock as a new
    library's: deleted between the two, an empty library was made where it was."""
    from tests.cli_run import run_cli

    root, videos = tmp_path / "lib", tmp_path / "videos"
    with VideoLibrary(root):
        pass
    real, seen = meta_io.is_library, []

    def is_library(where):  # (deleted right after the command's writer has looked: its lock next)
        answer = real(where)
        looker = sys._getframe(1)
        if not seen and "writer" in (looker.f_code.co_name, looker.f_back.f_code.co_name):
            seen.append(where)
            shutil.rmtree(root)
        return answer

    monkeypatch.setattr(meta_io, "is_library", is_library)
    code, out, err = run_cli(capsys, *[w.format(videos=videos) for w in command], "--library", root)
    assert code != 0 and "moved, renamed or deleted" in err, out + err
    assert seen and not root.exists()  # (old: a new, empty library there)
