"""``VideoLibrary``: one folder holding ``library.json``, ``writer.lock`` and a LanceDB database
(or such a folder in an object store, opened read-only by its URI: ``location.py``). It opens and
closes the library, keeps its settings and forgets folders; callers use its parts (``video_table``,
``moment_table``, ``moment_search``, ``caption_table``, ``maintenance``) directly, and bind or switch
models through it (``bind_model``, ``reset_for_model``: ``binding``, ``ModelBinding``).

Visibility rule: a moment is visible only when its video row is ``done`` with the same ``epoch``,
so a reader never sees half a video and a crash leaves only orphans (``MomentTable.commit``).
"""

from __future__ import annotations

import weakref
from contextlib import contextmanager
from dataclasses import replace
from pathlib import Path

from core.errors import LibraryError, is_disk_full
from core.library import meta as meta_io
from core.library import notes_journal
from core.library import reconcile as meta_check
from core.library import schema as S
from core.library import folder_forget, forget_request, opened_meta, snapshot, torn_fragments, unmade
from core.library.binding import ModelBinding
from core.library.captions import CaptionTable
from core.library.connection import Connection
from core.library.folder_forget import FolderForget
from core.library.location import Location
from core.library.lock import WriterLock
from core.library.maintenance import Maintenance
from core.library.meta import LibraryMeta
from core.library.migrations import migrate
from core.library.moment_search import MomentSearch
from core.library.moments import MomentTable
from core.library.records import CaptionRecord
from core.library.vector_search import SearchPolicy
from core.library.videos import VideoTable


class VideoLibrary:
    def __init__(self, root, *, read_only: bool = False, policy: SearchPolicy | None = None,
                 lock: WriterLock | None = None, repair: bool = False):
        """``root``: a folder (``self.root`` is its absolute ``Path``), or a URI LanceDB opens
        (``self.root`` is that text), then only ``read_only``. ``lock``: this library's writer
        lock, already held (``lock.lock_library``), owned from here on and released on close.

        ``library.json`` is checked against the tables (``reconcile``): a missing one is
        rebuilt from them; a disagreement (``meta_problems``) refuses a writer with how to repair,
        unless ``repair`` (``index --reindex``). A reader opens with what the tables hold."""
        self.location = Location(root)
        self.root: Path | str = self.location.root
        self.read_only = read_only
        self.policy = policy or SearchPolicy()
        self.meta_notes: list[str] = []
        self.meta_problems: list[str] = []
        self.repairing = False
        self.forget_finished: tuple[str, int] | None = None  # (folder, videos) of a forget its open finished
        self.forget_resumed: list[tuple[str, int]] = []  # (folder, videos) of the rest of a stopped request it removed
        self.unread_note = ""  # what could not be read of such a request, said by this open ('' none: cli_library.writer)
        self._leases = 0  # write_lease blocks running now
        self._released_at = None  # _state_key when this writer let go of its lock (release_writer)
        self.unnoted_ends: list = []  # how stopped runs ended, not written (a full disk): core.run_ends.ended
        # notes and imported captions put back from notes.jsonl that this writer found the captions table lacked
        self.notes_restored = self.imports_restored = 0
        new = not (read_only or isinstance(self.root, str) or meta_io.is_library(self.location))  # (made: ``unmade``)
        # (through a weak reference: no cycle, a handle let go is freed at once, frozen or not: app.idle_trim)
        self.conn = Connection(self.location, read_only, lock, on_stale=_reopens(weakref.ref(self)),
                               existing=not (new or read_only or isinstance(self.root, str)))
        videos = self.video_table = VideoTable(self.conn)
        self.moment_search = MomentSearch(self.conn, videos, self.policy)
        self.moment_table = MomentTable(self.conn, videos, self.moment_search)
        self.caption_table = CaptionTable(self.conn)
        self.maintenance = Maintenance(self.conn, videos, self.moment_search, self.policy)
        self.binding = ModelBinding(self.conn, videos, self.moment_search, self.caption_table)
        self.forgetter = FolderForget(self.conn, videos)  # (forget_folder's rows and last write)
        try:
            self._open(repair)
        except Exception as exc:  # (a writer refused: what it put right is done all the same, said by a reader)
            if new and is_disk_full(exc):  # (a new library not made: nothing of it left, said so)
                raise unmade.undo(self.conn, self.root) from exc
            self.conn.close()
            if done := opened_meta.done_notes(self):
                exc.open_notes = done  # (core.errors.refused_notes)
            raise
        except BaseException:
            self.conn.close()
            raise

    def _open(self, repair: bool) -> None:
        have, rebuilt = opened_meta.load_meta(self)
        if self.read_only:
            return
        if self.meta_problems and not repair:
            raise LibraryError(f"The library {self.root} is inconsistent: "
                               + "; ".join(self.meta_problems) + ". " + meta_check.REPAIR)
        if root := self.conn.meta.forgetting:  # a forget killed (or refused a write) part-way: finished first
            self.forget_finished = (root, self._finish_forget())  # (before a repair blanks the model)
        elif self.conn.meta.relinking:  # (a forget killed before its notes were tied to their copies)
            folder_forget.relink_left(self)
        if self.conn.meta.forget_request:  # (a forget of several folders stopped part-way: the rest, as asked)
            self.forget_resumed = forget_request.resume(self)
        if self.conn.meta.unread_request is not None:  # (what could not be read of a request, kept aside)
            opened_meta.set_request_aside(self)
        if self.meta_problems:
            # re-indexing: reset_for_model binds the new model and drops the old vectors
            self.repairing = True
            self.conn.meta = replace(self.conn.meta, model_id="", model_source="", dim=0)
        self.conn.create_tables()
        # a description rebuilt from the tables does not know their format: every step runs
        migrated = migrate(self.conn, self.conn.meta.schema_version if have else 1) and have
        if self.repairing:  # written with the new model by reset_for_model, never blanked before
            self.conn.meta = replace(self.conn.meta, schema_version=S.SCHEMA_VERSION)
        elif migrated or rebuilt:
            self.conn.write_meta(schema_version=S.SCHEMA_VERSION)
        epochs = self.moment_table.epochs()  # (one read for both checks)
        short = self.moment_table.mark_short(epochs)  # (their moments gone: a table rolled back, emptied)
        if self.conn.dropped:  # (a data file of them cut short, taken out: said with what it costs)
            self.conn.dropped.videos = len(short)
            self.meta_notes.append(torn_fragments.dropped_text(self.conn.dropped))
        self.moment_table.sweep_orphans(epochs)
        if self.location.exists(notes_journal.JOURNAL):  # (cheap when the table has every note)
            # notes the table lacks come back: a table gone whole or set aside, a repair or a note cut
            # short between the journal and the table (videos' rows gone too: the next index ties them)
            self.notes_restored, self.imports_restored = notes_journal.restore(self)

    def __enter__(self) -> "VideoLibrary":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def __repr__(self) -> str:
        return f"VideoLibrary({str(self.root)!r}, read_only={self.read_only})"

    def close(self, optimize: bool | None = None) -> None:
        """Close; a writer optimizes first when ``optimize_needed()`` (``optimize=False`` skips)."""
        with self.conn.mutex:
            if self.conn.closed:
                return
            try:
                if self.read_only and self.unnoted_ends and self._released_at is not None:
                    self._take_back_quietly()  # (a cancel a full disk kept unsaid: the lock taken back to say it)
                if not self.read_only and not self.conn.gone():  # (a folder gone: nothing written there)
                    self._note_ends()
                    if optimize:
                        self.maintenance.optimize(build_index=False)
                    elif optimize is None:  # (a full disk puts it off: nothing lost, ``put_off`` says it)
                        self.maintenance.optimize_if_needed(build_index=False)
                    snapshot.leave(self)
            finally:
                self.conn.close()
                self._forget()

    @property
    def stale_captions(self) -> int:
        """How many captions hold no vector of the library's model (notes put back from notes.jsonl
        with another's): the next index embeds them (``core.captions.finish_model_switch``)."""
        return self.caption_table.count_stale(self.meta.model_id) if self.meta.model_id else 0

    def _version(self, name: str) -> int | None:
        t = self.conn.table(name)
        return t.version if t is not None else None

    # -- the writer lock taken only while writing (the app: a terminal or cron job indexes meanwhile)
    @contextmanager
    def write_lease(self):
        """Write through this handle inside the block: its writer lock taken first if it was let go
        (``take_writer``), and kept at least until the block ends, whatever ``release_writer`` is
        asked meanwhile from another thread."""
        with self.conn.mutex:
            self.take_writer()
            self._leases += 1
        try:
            yield self
        finally:
            with self.conn.mutex:
                self._leases -= 1

    def release_writer(self) -> bool:
        """Let other processes write the library while this handle has nothing to write: it
        optimizes and leaves its snapshot as a close would, lets go of the writer lock and reads
        from then on as a read-only handle does (another writer's commits seen by ``refresh``).
        False (nothing done) while a ``write_lease`` holds it, or when it holds no lock."""
        with self.conn.mutex:
            if self.read_only or self.conn.closed or self._leases:
                return False
            try:
                if not self.conn.gone():
                    self._note_ends()
                    self.maintenance.optimize_if_needed(build_index=False)  # (a full disk: put off)
                    snapshot.leave(self)
            finally:  # (an optimize that failed: the lock goes all the same, as at close)
                self._released_at = self._state_key()
                self.conn.release_lock()
                self.read_only = True
            return True

    def _note_ends(self) -> None:
        """How the stopped runs whose end could not be written ended (a full disk then), tried again."""
        if self.unnoted_ends:
            from core.run_ends import note_ends

            note_ends(self)

    def _take_back_quietly(self) -> None:
        """``take_writer`` as a close lets it fail: another process writes, the folder gone."""
        try:
            if not self.conn.gone():
                self.take_writer()
        except Exception:
            import logging

            logging.getLogger("seekframe").debug("could not take the writer lock back to note how runs ended",
                                                 exc_info=True)

    def take_writer(self) -> None:
        """Be this library's writer again (``LibraryLockedError`` when another process writes it
        now: this handle stays a reader). When anything changed since this handle let go of the
        lock (another writer's commits, a handle opened read-only), it is opened again as a new
        writer opens it: its description checked, orphans swept, notes put back. An optimize a full
        disk put off (``Maintenance.put_off``) is tried again when it next lets go (the app's re-scan)."""
        with self.conn.mutex:
            if not self.read_only:
                return
            self.conn.take_lock()
            try:
                self.read_only = False
                self.maintenance.put_off = False
                key = self._released_at
                if self.conn.checkout_latest() or key is None or self._state_key() != key:
                    self.conn.forget_tables()
                    self._forget()
                    self.video_table.forget()  # (a table made anew may have the version cached)
                    self._open(repair=False)
            except BaseException:
                self.read_only = True
                self.conn.release_lock()
                raise
            self._released_at = None

    def _state_key(self) -> tuple | None:
        """What another writer changes: the tables' versions and, on disk, their latest manifests
        (a table set aside and made anew may reach the same version), the description file and the
        notes journal (None when they cannot be read: ``take_writer`` then opens the library again whole)."""
        try:
            versions = tuple(self._version(n) for n in (S.VIDEOS, S.MOMENTS, S.CAPTIONS))
            if isinstance(self.root, Path):
                return versions, snapshot.disk_stamp(self.root)
            return versions, self.location.read_bytes(meta_io.META_FILE)
        except Exception:  # (a table or the description gone or damaged: never a reason to keep the lock)
            return None

    def refresh(self) -> None:
        """See what writers committed since this handle opened (or last refreshed)."""
        with self.conn.reading():
            if self.conn.checkout_latest():
                self.moment_search.forget()
            if self.read_only:  # the description after the tables: checked against them
                before = (self.conn.meta.dim, self.conn.meta.model_id)
                opened_meta.load_meta(self)
                if (self.conn.meta.dim, self.conn.meta.model_id) != before:
                    self._forget()  # a reset_for_model re-created the moments table
                    self.conn.forget_tables()

    def reopen(self) -> None:
        """What a reader does when a read failed on its handles: every table opened afresh. A
        re-index drops and re-creates the moments table; a handle on the old one stays at its
        version (its cached manifest even counts the old rows) until the new one passes it, and
        reads files that are gone."""
        with self.conn.reading():
            self.conn.forget_tables()
            self._forget()
            self.video_table.forget()
            if self.read_only:
                opened_meta.load_meta(self)

    def indexing_elsewhere(self) -> bool:
        """Whether this reader's library is being written by another process now (a
        ``seekframe index`` or the app): pending videos are being indexed, not waiting."""
        return self.read_only and self.conn.writer_busy()

    def _forget(self) -> None:
        """Drop what was derived from the vectors: their table or their model changed."""
        self.moment_search.forget()
        self.caption_table.forget()

    @property
    def meta(self) -> LibraryMeta:
        return self.conn.meta

    def update_settings(self, **values) -> None:
        """Change settings (None removes one); a value of the wrong kind is a ValueError. The
        same values write nothing (a run sets its folders and roots each time)."""
        with self.conn.writing():
            settings = self.conn.meta.settings.updated(**values)
            if settings != self.conn.meta.settings:
                self.conn.write_meta(settings=settings)

    # -- the model the vectors are of (``binding.py``)
    @property
    def model_switch(self) -> dict | None:
        """``ModelBinding.switch``: the switch in progress, None when none."""
        return self.binding.switch

    def end_model_switch(self) -> None:
        self.binding.end_switch()

    def bind_model(self, model_id: str, model_source: str, dim: int) -> None:
        self.binding.bind(model_id, model_source, dim)

    def reset_for_model(self, model_id: str, model_source: str, dim: int) -> list[CaptionRecord]:
        """``ModelBinding.reset``: every vector forgotten; the captions to embed again."""
        return self.binding.reset(model_id, model_source, dim)

    # -- forgetting a folder: whole or not at all
    @property
    def forgetting(self) -> str | None:
        """The folder (or file) whose forget is recorded and not finished, None when none: killed
        or refused a write part-way, it is finished by the next writer's open."""
        return self.conn.meta.forgetting

    def forget_folder(self, root: str, keep=()) -> int:
        """Remove the videos (and their moments) under ``root``, a normalised path, and the library
        folders in it; the files are untouched. Returns how many videos went. ``keep``: folders in
        it (those it took in) listed again on their own, their videos kept as theirs. Recorded in
        ``library.json`` first, finished in one last write (``folder_forget``): a kill or a refused
        write between them leaves the record, and the next writer's open finishes it."""
        with self.conn.writing():  # (refused: not recorded, nothing forgotten)
            self.conn.write_meta(forgetting=str(root), keeping=[str(k) for k in keep] or None)
            return self._finish_forget()

    def finish_pending_forget(self, rest: bool = False) -> tuple[str, int] | None:
        """A forget recorded and not finished on this handle (its last write refused: a full disk)
        finished now, before anything else writes (an index run on the same handle would embed the
        folder again); with ``rest`` (a run's start), the rest of a stopped forget of several too
        (``folder_forget.finish_pending``). Returns ``forget_finished`` (None when none was pending,
        or read-only), else the rest's last folder's; a refused write or failure raises as itself,
        what went before it in ``forget_resumed``."""
        return folder_forget.finish_pending(self, rest)

    def _finish_forget(self) -> int:
        """The forget ``library.json`` records finished (``FolderForget.finish``): videos gone; those
        of a folder its last index found missing have their notes tied to a copy the library keeps
        (``folder_forget.finish_with_notes``: a kill part-way leaves their ids recorded)."""
        return folder_forget.finish_with_notes(self)


def _reopens(library: weakref.ref):
    """``Connection``'s ``on_stale``: ``VideoLibrary.reopen`` of the handle, while it lives."""
    def on_stale() -> None:
        if (lib := library()) is not None:
            lib.reopen()
    return on_stale
