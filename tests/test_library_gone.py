"""A library folder moved, renamed or deleted (or its drive unplugged) while a writer has it open:
nothing more is written where it was. LanceDB makes the folders it writes into, so an index run
went on writing a stray half library (``db/moments.lance``, ``library.json``) at the old path,
which then stood in the way of putting the real one back."""

from __future__ import annotations

import os
import shutil

import pytest

from core.encoders import Encoder
from core.errors import LibraryGoneError
from core.indexer import IndexOptions, MomentIndexer
from core.library import VideoLibrary
from tests.models import save_tiny_model
from tests.videos import COLORS, Segment, write_video


def _videos(folder, n=5):
    for i, colour in enumerate(list(COLORS)[:n]):
        write_video(folder / f"clip{i}.mp4", [Segment(2.0, colour)], size=(64, 48), seed=i)
    return folder


@pytest.mark.parametrize("how", ["renamed", "deleted"])
def test_an_index_run_stops_writing_when_its_library_folder_goes(tmp_path, how):
    videos, lib_path, moved = _videos(tmp_path / "videos"), tmp_path / "lib", tmp_path / "moved"
    encoder = Encoder.load(save_tiny_model(tmp_path / "model"))
    done = 0
    with pytest.raises(LibraryGoneError) as info:
        with VideoLibrary(lib_path) as lib:
            for ev in MomentIndexer(lib, encoder, IndexOptions(two_pass=False, commit_videos=1)).run([str(videos)]):
                done += ev.kind == "file_done"
                if done == 2 and ev.kind == "file_done":
                    os.rename(lib_path, moved) if how == "renamed" else shutil.rmtree(lib_path)
    assert str(lib_path) in str(info.value) and "Nothing more was written" in str(info.value)
    assert not lib_path.exists(), sorted(map(str, lib_path.rglob("*")))  # no stray library made there
    if how == "renamed":  # the library where it is now holds what was written before, whole
        with VideoLibrary(moved) as lib:
            vids = lib.video_table.all()
            assert sum(v.status == "done" for v in vids) == 2
            assert all(len(lib.moment_table.of(v.video_id)) == v.n_moments for v in vids)


def test_a_folder_made_anew_at_the_path_is_not_the_library(tmp_path):
    lib_path = tmp_path / "lib"
    lib = VideoLibrary(lib_path)
    os.rename(lib_path, tmp_path / "moved")
    lib_path.mkdir()  # (another folder at the same path: a drive mounted again elsewhere, a user's mkdir)
    with pytest.raises(LibraryGoneError):
        lib.update_settings(window=8.0)
    lib.close()  # (no optimize, no snapshot written into the new folder)
    assert list(lib_path.iterdir()) == []


def _released(lib_path):
    """A writer's library that let go of its lock (an idle window: ``release_writer``)."""
    lib = VideoLibrary(lib_path)
    assert lib.release_writer() and lib.read_only
    return lib


def _moved_as_it_is_looked_at(monkeypatch, lib_path, moved, made_anew: bool):
    """The library folder is moved away right after its first look says it is there (and, when
    ``made_anew``, an empty folder made at its path: a user's mkdir, a drive mounted elsewhere)."""
    from core.library import meta as meta_io

    real, done = meta_io.is_library, []

    def is_library(root):
        answer = real(root)
        if not done:
            done.append(True)
            os.rename(lib_path, moved)
            if made_anew:
                lib_path.mkdir()
        return answer

    monkeypatch.setattr(meta_io, "is_library", is_library)


@pytest.mark.parametrize("made_anew", [False, True])
def test_taking_the_lock_back_as_the_folder_moves_makes_nothing_where_it_was(tmp_path, monkeypatch, made_anew):
    """A window taking its writer lock back (a re-scan after it idled) as its library folder was
    moved: the lock's taking made the folder anew with a lock file in it, which stood in the way of
    putting the library back ("Directory not empty"), or left a lock file in the user's new folder."""
    lib_path, moved = tmp_path / "lib", tmp_path / "moved"
    lib = _released(lib_path)
    _moved_as_it_is_looked_at(monkeypatch, lib_path, moved, made_anew)
    with pytest.raises(LibraryGoneError):
        lib.take_writer()
    assert lib.read_only
    lib.close()
    assert (list(lib_path.iterdir()) == []) if made_anew else not lib_path.exists()
    assert (moved / "library.json").is_file()


def test_a_lock_taken_as_the_folder_is_swapped_lets_go_and_leaves_no_lock_file(tmp_path, monkeypatch):
    """Moved away between the look and the lock's file made: the lock file made in the folder now at
    the path goes with the lock (it would read as a library being made there)."""
    from core.library import lock as lock_mod

    lib_path, moved = tmp_path / "lib", tmp_path / "moved"
    lib = _released(lib_path)
    (lib_path / "writer.lock").unlink()  # (a library copied without one)
    real = lock_mod.WriterLock.acquire

    def acquire(self):
        os.rename(lib_path, moved)
        lib_path.mkdir()
        return real(self)

    monkeypatch.setattr(lock_mod.WriterLock, "acquire", acquire)
    with pytest.raises(LibraryGoneError):
        lib.take_writer()
    lib.close()
    assert list(lib_path.iterdir()) == []


def test_a_readers_roll_back_never_makes_the_folder_again(tmp_path, monkeypatch):
    """A read that failed as the folder was moved away (its files gone mid-read): the reader's
    roll-back took the writer lock, which made the library folder anew where it was."""
    import core.library.connection as connection

    lib_path, moved = tmp_path / "lib", tmp_path / "moved"
    VideoLibrary(lib_path).close()
    lib = VideoLibrary(lib_path, read_only=True)
    monkeypatch.setattr(connection, "writer_free", lambda root: True)  # (as seen just before the move)

    def read():
        if lib_path.exists():
            os.rename(lib_path, moved)
        raise OSError(2, "No such file or directory")

    with pytest.raises(OSError):
        lib.conn.read(read)
    lib.close()
    assert not lib_path.exists()


def test_a_folder_moved_as_the_writer_leaves_its_snapshot_is_not_made_again(tmp_path, monkeypatch):
    """Moved away as an idle window let go of its lock (``release_writer``) or closed, after the
    snapshot for a quick re-scan was stamped: its write made the library folder anew where it was,
    which stood in the way of putting the library back ("Directory not empty")."""
    from core.library import snapshot

    lib_path, moved = tmp_path / "lib", tmp_path / "moved"
    lib = VideoLibrary(lib_path)
    encoder = Encoder.load(save_tiny_model(tmp_path / "model"))
    for _ev in MomentIndexer(lib, encoder, IndexOptions(two_pass=False)).run([str(_videos(tmp_path / "videos", 2))]):
        pass
    real, stamped = snapshot.disk_stamp, []

    def disk_stamp(root):
        stamp = real(root)
        if lib_path.exists() and (moved_now := len(stamped) == 0):
            stamped.append(moved_now)
            os.rename(lib_path, moved)  # (just after the snapshot's stamp: the look before it said it is there)
        return stamp

    monkeypatch.setattr(snapshot, "disk_stamp", disk_stamp)
    assert lib.release_writer()
    lib.close()
    assert stamped, "the snapshot was not written"
    assert not lib_path.exists(), sorted(map(str, lib_path.rglob("*")))
    assert (moved / "library.json").is_file()


def test_a_description_is_never_written_where_no_library_folder_is(tmp_path):
    from core.library import meta as meta_io
    from core.library.location import Location

    lib_path = tmp_path / "lib"
    with VideoLibrary(lib_path) as lib:
        meta = lib.meta
    os.rename(lib_path, tmp_path / "moved")
    with pytest.raises(OSError):
        meta_io.write_meta(Location(lib_path), meta)
    assert not lib_path.exists()


def test_a_lock_file_that_is_a_link_to_nothing_is_made_as_before(tmp_path):
    """(The lock file is made with O_EXCL to know whether this acquire made it: a link to a file
    not there refuses O_EXCL and opens as missing, which must not loop.)"""
    import threading

    from core.library.lock import WriterLock

    (tmp_path / "elsewhere").mkdir()
    (tmp_path / "writer.lock").symlink_to(tmp_path / "elsewhere" / "lock")
    lock, done = WriterLock(tmp_path / "writer.lock"), []
    worker = threading.Thread(target=lambda: done.append(lock.acquire()), daemon=True)
    worker.start()
    worker.join(20)
    assert done and lock.held and (tmp_path / "elsewhere" / "lock").is_file()
    lock.release(remove=True)
    assert (tmp_path / "writer.lock").is_symlink()  # (not made by it: kept)


def test_a_lock_file_that_cannot_be_removed_still_lets_go_and_says_the_library_went(tmp_path, monkeypatch):
    """As the swap above, where the lock file made in the folder now at the path cannot be removed
    (Windows removes no file still open): the lock is let go and the move is said as such
    (``LibraryGoneError``), not the removal's error; the file stays, as one a kill leaves does."""
    from pathlib import Path

    from core.library import lock as lock_mod
    from core.library.lock import lock_library

    lib_path, moved = tmp_path / "lib", tmp_path / "moved"
    lib = _released(lib_path)
    (lib_path / "writer.lock").unlink()
    real_acquire, real_unlink = lock_mod.WriterLock.acquire, Path.unlink

    def acquire(self):
        os.rename(lib_path, moved)
        lib_path.mkdir()
        return real_acquire(self)

    def unlink(self, *a, **k):
        if self.name == "writer.lock":
            raise PermissionError(13, "The process cannot access the file because it is being used", str(self))
        return real_unlink(self, *a, **k)

    monkeypatch.setattr(lock_mod.WriterLock, "acquire", acquire)
    monkeypatch.setattr(Path, "unlink", unlink)
    with pytest.raises(LibraryGoneError):
        lib.take_writer()
    monkeypatch.undo()
    lib.close()
    assert [p.name for p in lib_path.iterdir()] == ["writer.lock"]
    lock_library(lib_path).release()  # (let go: taken again at once)
