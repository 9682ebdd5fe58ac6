"""The single-writer lock of a library: an exclusive, non-blocking OS file lock.

``fcntl.flock`` on POSIX, ``msvcrt.locking`` on Windows. The OS drops the lock when the holding
process dies, so a crashed indexer never leaves a library locked. The lock file also carries the
holder's pid/host/time, only to write a helpful error message.
"""

from __future__ import annotations

import errno
import json
import os
import socket
import stat
import sys
import time
from pathlib import Path

from core import json_text
from core.errors import LibraryError, LibraryLockedError

WAIT_STEP_S = 1.0  # how often a writer that waits (``lock_library(wait_s=…)``) tries the lock again

# what this process is, written into the lock it holds so that another one refused can say who
# writes: "app" (the desktop app, which holds its library's lock while it writes; set at its start)
HOLDER = ""

if sys.platform == "win32":  # pragma: no cover - exercised on Windows only
    import msvcrt

    _WIN_LOCK_OFFSET = 1 << 30  # lock a byte far past the text, so others can still read it

    def _try_lock(fd: int) -> bool:
        os.lseek(fd, _WIN_LOCK_OFFSET, os.SEEK_SET)
        try:
            msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)
            return True
        except OSError:
            return False

    def _unlock(fd: int) -> None:
        os.lseek(fd, _WIN_LOCK_OFFSET, os.SEEK_SET)
        try:
            msvcrt.locking(fd, msvcrt.LK_UNLCK, 1)
        except OSError:
            pass

else:
    import fcntl

    def _try_lock(fd: int) -> bool:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            return True
        except (BlockingIOError, PermissionError):
            return False

    def _unlock(fd: int) -> None:
        fcntl.flock(fd, fcntl.LOCK_UN)


def locked_message(library, holder: dict) -> str:
    """Why a library cannot be written now, from what its lock's ``holder`` wrote: who writes it
    (the app holds it while it is open; a command until it ends) and what works meanwhile."""
    pid = holder.get("pid", "unknown")
    host = holder.get("host")
    where = f"pid {pid}" + (f" on {host}" if host and host != socket.gethostname() else "")
    by = holder.get("by")
    meanwhile = "Searching it works meanwhile (search, similar, captions, status)."
    if by == "app":  # (it holds the lock only while it writes: from open until its model is loaded, then per job)
        return (f"The library {library} is being written by the Seekframe app ({where}): it is opening it, "
                "indexing or saving a change. Wait until the app's work is done (its indexing panel shows "
                "a run's progress), then run this again. " + meanwhile)
    return (f"The library {library} is being written by another Seekframe process ({where}). Wait for it "
            "to finish, then run this again. " + meanwhile)


def writer_name(holder: dict, app: str = "the Seekframe app", other: str = "another Seekframe process") -> str:
    """Who holds the lock, from what it wrote there (``holder``): ``app`` or ``other``, with its pid."""
    pid = holder.get("pid")
    who = app if holder.get("by") == "app" else other
    return f"{who} (pid {pid})" if pid else who


def waiting_text(holder: dict) -> str:
    """What a writer that waits for the lock says, once."""
    return f"waiting for {writer_name(holder)} to finish writing the library…"


class WriterLock:
    """Exclusive lock on ``path``; ``acquire()`` raises ``LibraryLockedError`` when held elsewhere."""

    def __init__(self, path: str | Path):
        self.path = Path(path)
        self._fd: int | None = None
        self.created = False  # whether the last acquire made the lock file
        self.made_folders: tuple[Path, ...] = ()  # the library's folder and those above it that lock_library made

    @property
    def held(self) -> bool:
        return self._fd is not None

    def acquire(self) -> None:
        for tries in range(1, 9):
            fd = self._locked()
            if tries == 8 or _same_file(fd, self.path):
                break
            # (its holder let go and removed the file between our open and our lock: a lock on no file,
            # which the next writer, making the file again, would take too; the path's file is locked now)
            _unlock(fd)
            os.close(fd)
        self._fd = fd
        info = {"pid": os.getpid(), "host": socket.gethostname(), "since": time.time(), "by": HOLDER}
        try:
            os.lseek(fd, 0, os.SEEK_SET)
            os.ftruncate(fd, 0)
            os.write(fd, json.dumps(info).encode())
            os.fsync(fd)
        except OSError:
            pass  # the info is only a courtesy; the lock itself is what matters

    def _locked(self) -> int:
        """The lock file opened and locked (``LibraryLockedError`` where another writer holds it)."""
        # O_CREAT without O_TRUNC: never wipe the holder's info before we own the lock.
        self.created = False
        try:
            fd = self._open()
        except OSError as e:
            if e.errno == errno.ENOENT and not self.path.parent.is_dir():  # (its folder went this instant)
                from core.errors import LibraryGoneError

                raise LibraryGoneError(self.path.parent) from None
            if e.errno in (errno.EROFS, errno.EACCES, errno.EPERM) and not self.path.is_dir():
                why = "on a read-only drive" if e.errno == errno.EROFS else "not writable by you"
                raise LibraryError(
                    f"The library {self.path.parent} is {why} ({e.strerror or e}). {_state_read_only(self.path.parent)} "
                    "To change it, make its folder writable, or copy it somewhere writable and use that (--library)."
                ) from None
            kind = "a folder" if self.path.is_dir() else "not a file Seekframe can open"
            raise LibraryError(
                f"The library's lock file {self.path} is {kind} ({e.strerror or e}). It should be "
                "a small file that Seekframe creates: if no Seekframe is running, remove it "
                f"(for a folder: rmdir \"{self.path}\") and try again."
            ) from None
        if not stat.S_ISREG(os.fstat(fd).st_mode):  # (a named pipe or a device: no lock file, nothing written to it)
            os.close(fd)
            raise LibraryError(
                f"The library's lock file {self.path} is not a file Seekframe can open (a named pipe or a device). "
                f"It should be a small file that Seekframe creates: if no Seekframe is running, remove it and try again.")
        if not _try_lock(fd):
            os.close(fd)
            try:  # what the holder wrote
                with open(self.path, encoding="utf-8") as f:
                    holder = json_text.loads(f.read(4096) or "{}")  # (``[[[…``: a ValueError)
            except (OSError, ValueError):
                holder = {}
            if not isinstance(holder, dict):  # (a lock file written over by hand or a disk error: "[]", "3")
                holder = {}
            raise LibraryLockedError(locked_message(self.path.parent, holder), holder)
        return fd

    def _open(self) -> int:
        """The lock file opened for writing, made when missing (``created`` says whether it was)."""
        for _ in range(3):
            try:
                return os.open(self.path, os.O_RDWR)
            except FileNotFoundError:
                pass
            try:
                fd = os.open(self.path, os.O_RDWR | os.O_CREAT | os.O_EXCL, 0o644)
            except FileExistsError:  # (another writer made it this instant: open theirs)
                continue
            self.created = True
            return fd
        return os.open(self.path, os.O_RDWR | os.O_CREAT, 0o644)  # (a link to a file not there: made, as ever)

    def release(self, remove: bool = False) -> None:
        """Let go of the lock; ``remove``: its file goes too, when this acquire made it (one left
        in a folder that turned out not to be the library: it would read as a library being made)."""
        fd, self._fd = self._fd, None
        if fd is None:
            return
        try:
            if remove and self.created and _same_file(fd, self.path):
                try:
                    self.path.unlink()  # (while still held: no other writer took it meanwhile)
                except OSError:  # (Windows removes no open file: it stays, as one a kill leaves)
                    pass
            _unlock(fd)
        finally:
            os.close(fd)


def _same_file(fd: int, path: Path) -> bool:
    try:
        here, held = os.stat(path), os.fstat(fd)
    except OSError:
        return False
    return (here.st_dev, here.st_ino) == (held.st_dev, held.st_ino)


def _state_read_only(root: Path) -> str:
    """What a library that refuses writers is like: searchable and undamaged by that, or, where its
    moments table has a data file cut short, which only a writer's open takes out, not searchable
    until then (it said "Nothing is damaged: it can be searched" of one whose every search failed);
    other damage (``repair.damaged_tables``), which no repair mends while it refuses writers, is
    said too (it said "Nothing is damaged" of a table gone)."""
    from core.library import meta as meta_io
    from core.library.torn_fragments import cut_fragments

    if cut_fragments(root / meta_io.DB_DIR / "moments.lance"):
        return ("Its moments table has a data file cut short, which cannot be taken out while the library "
                "cannot be written: searches fail until then (status works).")
    from core.errors import DamagedDescriptionError
    from core.library.repair import damaged_tables

    damaged = []
    try:
        meta_io.read_meta(root)
    except DamagedDescriptionError:  # (not JSON, an entry of the wrong kind: `seekframe repair` rebuilds it)
        damaged.append(f"description {meta_io.META_FILE} is")
    except Exception:  # noqa: BLE001  (only a better message: the refusal is said all the same)
        pass
    try:
        if tables := list(damaged_tables(root)):
            damaged.append(f"{' and '.join(tables)} table{'s are' if len(tables) > 1 else ' is'}")
    except Exception:  # noqa: BLE001
        pass
    if damaged:
        return f"Its {' and its '.join(damaged)} damaged, which cannot be repaired while the library cannot be written."
    return "Nothing is damaged: it can be searched (search, similar, captions, status), not changed."


def writer_free(root: str | Path) -> bool:
    """Whether no process holds the writer lock of the library at ``root`` now: the lock tried and
    let go at once, without writing the holder's info or creating anything (a read-only window
    watching for its writer to finish). False when the lock file cannot be opened; True where it is
    missing from the library's folder (before, False: `seekframe status` said 'Another seekframe is
    writing this library now' of a library whose lock file was removed, as a broken one is to be)."""
    from core.library import meta as meta_io

    try:
        nonblock = getattr(os, "O_NONBLOCK", 0)  # (a pipe: no wait; Windows has none)
        fd = os.open(Path(root).expanduser() / meta_io.LOCK_FILE, os.O_RDONLY | nonblock)
    except FileNotFoundError:  # (a library folder without one: no writer holds it, as a writer makes it
        return Path(root).expanduser().is_dir()  # first; a library copied without it, or removed as told)
    except OSError:
        return False
    try:
        if not _try_lock(fd):
            return False
        _unlock(fd)
        return True
    finally:
        os.close(fd)


def refuses_writers(root: str | Path) -> bool:
    """Whether the library at ``root`` cannot be written by this user at all (a read-only drive or
    mount, another user's folder): its lock file, which every writer opens for writing first, is
    refused (EROFS, EACCES, EPERM); opened and closed at once, never locked nor created. Where it
    is missing (a writer creates it: a library copied without it, or its lock file removed), its
    folder's permission says (``os.access``: a read-only mount refuses there too; on Windows a
    folder's read-only flag is no refusal, so such a library is taken as writable)."""
    from core.library import meta as meta_io

    folder = Path(root).expanduser()
    try:
        os.close(os.open(folder / meta_io.LOCK_FILE, os.O_RDWR | getattr(os, "O_NONBLOCK", 0)))
    except FileNotFoundError:
        return folder.is_dir() and not os.access(folder, os.W_OK)
    except OSError as e:
        return e.errno in (errno.EROFS, errno.EACCES, errno.EPERM)
    return False


def lock_library(root: str | Path, wait_s: float = 0.0, waiting=None, existing: bool = False) -> WriterLock:
    """Take the writer lock of the library at ``root`` (created if missing), importing nothing
    heavy: commands that write take it first, so a second writer is refused at once, or after
    up to ``wait_s`` seconds of trying again while it holds it (``waiting(holder)`` called once,
    before the first wait: a nightly index waits for the app's run instead of failing).
    ``existing``: the lock of a library already open (a reader's roll-back, a writer taking its
    lock back), never a new one: nothing is made where it was (``LibraryGoneError``), even when it
    is moved away as the lock is taken (a new library folder and a lock file were made at its path)."""
    from core.library import meta as meta_io

    root = Path(root).expanduser().absolute()
    if existing:
        return _lock_existing(root, wait_s, waiting)
    from core.paths import unstorable_text

    if said := unstorable_text(root):  # (before anything is made there)
        raise LibraryError(said)
    if new := not meta_io.is_library(root):
        meta_io.check_new_library_folder(root)
    from core.errors import LibraryGoneError

    made: set[Path] = set()  # (made for it: ``WriterLock.made_folders``)
    for tries in range(1, 5):
        last = tries == 4 or not new
        try:
            made.update(_made_for(root, last, new))
            lock = _acquire(WriterLock(root / meta_io.LOCK_FILE), wait_s, waiting)
        except (LibraryGoneError, FileNotFoundError):
            # (a new library's folder, or one above it, went between its making and the lock file's:
            # another writer, refused at once, made them for it too and removed them as it let go,
            # ``cli_library._let_go``; made again, as a run a moment later would; a library that was
            # there, moved away this instant, is gone: nothing made in its place)
            if last:
                raise
            continue
        lock.made_folders = tuple(sorted(made, key=lambda p: len(p.parts), reverse=True))  # (its own first)
        return lock
    raise AssertionError("unreachable")  # pragma: no cover


def _made_for(root: Path, last: bool, new: bool = True) -> list[Path]:
    """The library's folder and those above it made where missing, top down; those this call made,
    the deepest first (one there already, made by another writer this instant, is not). A folder
    above it gone meanwhile raises FileNotFoundError (made again by the caller), but on the ``last``
    try, where it is said as any folder that cannot be made. Not ``new`` (a library there as the open
    looked), none is made: gone since (deleted, moved, its drive unplugged), ``LibraryGoneError``,
    never a new, empty library in its place."""
    missing = [p for p in (root, *root.parents) if not p.is_dir()]
    if missing and not new:
        from core.errors import LibraryGoneError

        raise LibraryGoneError(root)
    made = []
    for folder in reversed(missing):
        try:
            folder.mkdir()
        except FileExistsError:
            if folder.is_dir():
                continue
            _cannot_make(root, errno.EEXIST, "File exists")
        except FileNotFoundError:
            if not last:
                raise
            _cannot_make(root, errno.ENOENT, "No such file or directory")
        except OSError as e:
            _cannot_make(root, e.errno, e.strerror or str(e))
        made.insert(0, folder)
    return made


def _cannot_make(root: Path, code: int | None, why: str) -> None:
    from core.paths import library_file_text

    refused = code in (errno.EROFS, errno.EACCES, errno.EPERM)  # (a read-only drive, another's folder)
    raise LibraryError(library_file_text(root)  # (a file where a folder above it should be)
                       or f"Cannot create the library folder {root}: {why}."
                       + (" Nothing was written. Keep the library in a folder you can write to: "
                          "--library DIR, or set SEEKFRAME_HOME to one." if refused else "")) from None


def _lock_existing(root: Path, wait_s: float, waiting) -> WriterLock:
    """``lock_library(existing=True)``: the folder's identity read before the lock and checked after."""
    from core.errors import LibraryGoneError
    from core.library import meta as meta_io
    from core.scan import folder_id  # (an open library's: Connection has it imported already)

    before = folder_id(root)
    if before is None or not meta_io.is_library(root):
        raise LibraryGoneError(root)
    lock = _acquire(WriterLock(root / meta_io.LOCK_FILE), wait_s, waiting)
    if folder_id(root) != before or not meta_io.is_library(root):  # (moved away meanwhile)
        lock.release(remove=True)
        raise LibraryGoneError(root)
    return lock


def _acquire(lock: WriterLock, wait_s: float, waiting) -> WriterLock:
    deadline = time.monotonic() + max(0.0, wait_s)
    while True:
        try:
            lock.acquire()
            return lock
        except LibraryLockedError as exc:
            left = deadline - time.monotonic()
            if left <= 0:
                raise
            if waiting is not None:
                waiting(exc.holder)
                waiting = None
        time.sleep(min(WAIT_STEP_S, left))  # (the last try at the deadline: a wait under a step waits too)
