"""``Connection``: one library's LanceDB connection, writer lock and description (``library.json``),
shared by the parts of a ``VideoLibrary``: the open / writable / bound checks, the table handles
and the writes counted since the last optimize. Calls are serialised by ``mutex`` (``reading``,
``writing``).
"""

from __future__ import annotations

import shutil
import threading
import time
from contextlib import contextmanager
from dataclasses import replace
from pathlib import Path

import pyarrow as pa

from core.errors import DamagedTableError, LibraryError, LibraryGoneError, NoLibraryError, ReadOnlyLibraryError
from core.library import meta as meta_io
from core.library import meta_in_place
from core.library import schema as S
from core.library import torn, torn_fragments
from core.library.lancedb_import import lancedb  # without its REST client's eager imports
from core.library.location import Location
from core.library.lock import WriterLock, lock_library, writer_free
from core.library.meta import LibraryMeta
from core.library.reconcile import vector_width
from core.scan import folder_id

_READ_ERRORS = (OSError, RuntimeError, ValueError)  # what LanceDB raises for a version gone
# how long a reader retries a read that fails while a writer holds the lock (a re-index drops and
# re-creates the moments table: a reader opened before it finds its files gone for a moment)
WRITER_WAIT_S = 5.0


class Connection:
    def __init__(self, where: Location, read_only: bool, lock: WriterLock | None, on_stale, existing: bool = False):
        """A writer takes the writer lock (or is given it, held) and owns it until ``close``; a
        library given by URI has none and is refused to writers. ``on_stale()``: what a reader
        whose snapshot was cleaned up runs before reading again (the library's ``refresh``)."""
        self.location = where
        self.root: Path | str = where.root
        self.on_stale = on_stale
        self.read_only = read_only
        self.mutex = threading.RLock()
        self.closed = False
        self.lock: WriterLock | None = None
        self.meta = LibraryMeta(schema_version=S.SCHEMA_VERSION)  # read by the opener
        self.written_commits = self.written_rows = 0  # since the last optimize (maintenance's policy)
        self._tables: dict[str, object] = {}
        self._local = threading.local()  # (read: a refresh in progress on this thread)
        self._depth = 0  # writing blocks open (the outermost one checks what its writes committed)
        self.rolled_back: dict[str, list[Path]] = {}  # {table: files set aside} of versions cut short
        self.dropped: torn_fragments.Dropped | None = None  # moments' data files cut short, taken out
        root = self.root
        if read_only:
            if not meta_io.is_library(where):
                raise NoLibraryError(f"{root} is not a Seekframe library (no library.json).")
        else:
            where.check_writable()
            if lock is not None and not (lock.held and lock.path == root / meta_io.LOCK_FILE):
                raise ValueError(f"{lock.path} is not the held writer lock of {root}")
            self.lock = lock or lock_library(root, existing=existing)  # (``existing``: a library there as the
            # open looked, gone since: ``LibraryGoneError``, never a new, empty one made in its place)
        # a writer's folder, checked before each write (``check_here``)
        self._folder = None if read_only or isinstance(root, str) else folder_id(root)
        if not isinstance(root, str) and (root / meta_io.DB_DIR).exists() and not (root / meta_io.DB_DIR).is_dir():
            self.close()
            raise DamagedTableError("", f"{root / meta_io.DB_DIR}, where they belong, is not a folder")
        try:
            if not isinstance(root, str):  # (its tables' folder made here alone: LanceDB's connect makes every
                (root / meta_io.DB_DIR).mkdir(exist_ok=True)  # folder above it too, a library deleted since its
            self.db = lancedb.connect(where.join(meta_io.DB_DIR))  # check made again, empty, where it was)
        except FileNotFoundError:
            self.close()
            raise (NoLibraryError(f"{root} is not a Seekframe library (no library.json).") if read_only
                   else LibraryGoneError(root)) from None
        except BaseException:
            self.close()
            raise
        self.commits = None if isinstance(root, str) else torn.CommitCheck(root / meta_io.DB_DIR)
        self.roll_back_cut()  # (a writer's: before anything reads the tables)

    def close(self) -> None:
        self.closed = True
        self._tables.clear()
        if self.lock is not None:
            self.lock.release()

    def release_lock(self) -> None:
        """Let go of the writer lock: from here on a reader (``read`` retries while another writer
        resets a table), whose folder is still watched (``gone``) for ``take_lock``."""
        lock, self.lock = self.lock, None
        self.read_only = True
        if lock is not None:
            lock.release()

    def take_lock(self) -> None:
        """Take the writer lock again (``LibraryLockedError`` when another process holds it;
        ``LibraryGoneError`` when the folder left, never re-created where it was)."""
        if self.lock is not None:
            return
        self.location.check_writable()  # (a URI says why not)
        self.check_here()
        if not meta_io.is_library(self.location):  # (emptied or gone: never a new library in its place)
            raise LibraryGoneError(self.root)
        self.lock = lock_library(self.root, existing=True)  # (moved away meanwhile: nothing made where it was)
        self.roll_back_cut()
        if self._folder is None:
            self._folder = folder_id(self.root)
        self.read_only = False

    @contextmanager
    def reading(self):
        """Under the mutex, on an open library."""
        with self.mutex:
            if self.closed:
                raise LibraryError(f"The library {self.root} is closed.")
            yield

    @contextmanager
    def writing(self):
        """Under the mutex, on a library open for writing. The outermost block checks the data
        files its writes made end whole: a version committed with one cut short (LanceDB commits
        it when a full disk cuts its last bytes) is undone and raised as a full disk
        (``torn.TornWrite``), so the library stays readable."""
        with self.reading():
            if self.read_only:
                raise ReadOnlyLibraryError(
                    f"The library {self.root} is open read-only; it cannot be changed from here.")
            self.check_here()
            outer = self._depth == 0 and self.commits is not None
            if outer:
                self.commits.start((S.VIDEOS, S.MOMENTS, S.CAPTIONS),
                                   {n: t.version for n, t in self._tables.items()})
            self._depth += 1
            try:
                yield
            finally:
                self._depth -= 1
                if outer and (undone := self.commits.check()):
                    self._undone(undone)
                    self.on_stale()  # (what was read through the handles goes too)
                    raise torn.TornWrite(undone)

    def _undone(self, undone: dict) -> None:
        """Versions set aside: every table handle goes."""
        for name, moved in undone.items():
            self.rolled_back.setdefault(name, []).extend(moved)
        self._tables.clear()
        self.commits.forget()

    def rolled_back_notes(self) -> list[str]:
        return [torn.rolled_back_text(name, moved) for name, moved in self.rolled_back.items()]

    def roll_back_cut(self) -> None:
        """A writer's open: the newest versions of each table that are cut short (a version file,
        or a data file it names: a power cut, a full disk) set aside, when an older one is whole.
        Each data file's tail is read."""
        if self.lock is not None:
            self._roll_back((S.VIDEOS, S.MOMENTS, S.CAPTIONS))

    def _roll_back(self, names) -> bool:
        """``torn.roll_back`` of these tables: by a writer, or by a reader while no writer is at
        work (the lock taken for it). Whether a version was set aside."""
        if self.commits is None:
            return False
        lock = None
        if self.lock is None:
            try:
                lock = lock_library(self.root, existing=True)  # (never a folder made where it was)
            except (LibraryError, OSError):  # (a writer at work; a library this user cannot write)
                return False
        try:
            db = Path(self.root) / meta_io.DB_DIR
            undone = {n: moved for n in names if (moved := torn.roll_back(db / f"{n}.lance"))}
            # (an older data file of the moments cut short: its fragments out, the others' moments kept)
            dropped = S.MOMENTS in names and torn_fragments.drop_cut(self.db, S.MOMENTS, db / f"{S.MOMENTS}.lance")
        finally:
            if lock is not None:
                lock.release()
        if undone:
            self._undone(undone)
        if dropped:
            self.dropped = dropped
            self._tables.clear()
        return bool(undone or dropped)

    def gone(self) -> bool:
        """Whether the folder this writer opened is no longer at its path (moved, renamed, deleted,
        its drive unplugged): one ``stat``."""
        return self._folder is not None and folder_id(self.root) != self._folder

    def check_here(self) -> None:
        """``LibraryGoneError`` when ``gone()``: a write then would make the library's folders anew
        where it was (LanceDB creates the folders it writes into), a stray half library."""
        if self.gone():
            raise LibraryGoneError(self.root)

    def check_bound(self) -> None:
        if not self.meta.model_id or self.meta.dim <= 0:
            raise LibraryError("No model is bound to this library yet (call bind_model first).")

    def table_names(self) -> set[str]:
        return set(self.db.list_tables().tables)

    def table(self, name: str):
        """The table handle, or None when it does not exist (yet). ``DamagedTableError`` when its
        folder is there but no version of it can be read (``seekframe repair`` sets it aside)."""
        t = self._tables.get(name)
        if t is None and name in self.table_names():
            try:
                t = self._tables[name] = self.db.open_table(name)
            except _READ_ERRORS:
                if self._rolled_back_unopenable(name):
                    return self.table(name)
                held = self._holds_data(name)
                if held is None and isinstance(self.root, str):
                    raise
                if not held:  # dropped this instant, or a creation cut short (a full disk): no table
                    return None
                raise DamagedTableError(name, "no version of it can be read: its version files are "
                                        "gone or cut short") from None
        return t

    def _rolled_back_unopenable(self, name: str) -> bool:
        """A table that does not open because its newest version file is cut short (a power cut)
        set back to the version before, when that one is whole (``_roll_back``). Whether it was."""
        newest = [] if self.commits is None else torn.manifests(Path(self.root) / meta_io.DB_DIR / f"{name}.lance")[:1]
        return bool(newest) and not torn.ends_whole(newest[0][1]) and self._roll_back((name,))

    def _holds_data(self, name: str) -> bool | None:
        """Whether the folder of a table that cannot be opened holds data or versions (None: no
        folder, or a library given by URI, only ever read; False: only empty folders, a creation
        cut short, by a full disk)."""
        if isinstance(self.root, str):
            return None
        return torn.holds_data(Path(self.root) / meta_io.DB_DIR / f"{name}.lance")

    def fresh_table(self, name: str):
        """A new handle on the table as it is now (a reader's may be of a table re-created
        since), or None when it does not exist."""
        try:
            return self.db.open_table(name) if self.table(name) is not None else None
        except _READ_ERRORS:  # dropped this instant
            return None

    def create(self, name: str, schema: pa.Schema) -> None:
        # never a new table over what a damaged one left (DamagedTableError); a creation cut short
        # left empty folders only: they go
        if self.table(name) is None and self._holds_data(name) is False:
            shutil.rmtree(Path(self.root) / meta_io.DB_DIR / f"{name}.lance")
        self._tables[name] = self.db.create_table(name, schema=schema, exist_ok=True)

    def drop(self, name: str) -> None:
        self._tables.pop(name, None)
        if name in self.table_names():
            self.db.drop_table(name)

    def create_tables(self) -> None:
        """The tables a writer needs, of the current format where new. A moments table of
        another width than the bound model's goes: only an interrupted ``reset_for_model`` leaves
        one, and nothing in it is visible."""
        if self.table(S.VIDEOS) is None:
            self.create(S.VIDEOS, S.VIDEOS_SCHEMA)
        self.create(S.CAPTIONS, S.CAPTIONS_SCHEMA)
        if self.meta.dim > 0:
            if vector_width(self.table(S.MOMENTS)) not in (0, self.meta.dim):
                self.drop(S.MOMENTS)
            self.create(S.MOMENTS, S.moments_schema(self.meta.dim))

    def read(self, fn):
        """Run a read. A reader whose snapshot went (cleaned up, or a table dropped and re-created
        by ``index --reindex`` this instant) sees the latest versions and runs ``fn`` again: once,
        or for up to ``WRITER_WAIT_S`` while a writer holds the lock (its reset is transient, not
        damage). ``fn`` must take its tables afresh (``read_table``) to see a re-created one."""
        try:
            return fn()
        except _READ_ERRORS + (DamagedTableError,) as exc:
            if not self.read_only or getattr(self._local, "refreshing", False):
                raise
            if isinstance(exc, DamagedTableError) and not self.writer_busy():
                raise
            # (a version committed with a data file cut short: back to the one before, when it is whole)
            if not isinstance(exc, DamagedTableError) and not self.writer_busy():
                self._roll_back((S.VIDEOS, S.MOMENTS, S.CAPTIONS))
        deadline = time.monotonic() + WRITER_WAIT_S
        while True:
            self._local.refreshing = True
            try:
                self.on_stale()
                return fn()
            except _READ_ERRORS + (DamagedTableError,):
                if time.monotonic() > deadline or not self.writer_busy():
                    raise
            finally:
                self._local.refreshing = False
            time.sleep(0.05)

    def read_table(self, name: str, fn, empty=lambda: None):
        """``fn(table)`` as ``read`` runs it, on the table's handle of each try (``empty()`` when
        the table does not exist: dropped this instant)."""
        def run():
            t = self.table(name)
            return empty() if t is None else fn(t)
        return self.read(run)

    def writer_busy(self) -> bool:
        """Whether a writer (another process, or another handle) holds this library's lock now."""
        return not isinstance(self.root, str) and not writer_free(self.root)

    def checkout_latest(self) -> bool:
        """Move every open table to its latest version; True when one had to be reopened (a reset
        dropped and re-created it). Videos first, then moments: a block visible in the new videos
        snapshot is present."""
        reopened = False
        for name in (S.VIDEOS, S.MOMENTS, S.CAPTIONS):
            t = self._tables.get(name)
            if t is not None:
                try:
                    t.checkout_latest()
                except Exception:  # dropped and re-created by a reset: reopen
                    self._tables.pop(name, None)
                    reopened = True
        return reopened

    def forget_tables(self) -> None:
        self._tables.clear()

    def write_meta(self, **changes) -> None:
        self.check_here()
        meta = replace(self.meta, **changes)
        meta_io.write_meta(self.location, meta)  # (whole or not at all: core.atomic)
        self.meta = meta  # only once written: a refused write (a full disk) leaves memory as the disk is

    def patch_meta(self, edits: dict[bytes, bytes], **changes) -> None:
        """``write_meta``'s ``changes``, made on disk by ``edits`` to the file as it is, in place
        (``meta_in_place.patch_meta``: what a full disk still allows)."""
        self.check_here()
        meta = replace(self.meta, **changes)
        meta_in_place.patch_meta(self.location, edits)
        self.meta = meta
