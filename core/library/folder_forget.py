"""Forgetting a library folder, whole or not at all (``VideoLibrary.forget_folder``): the forget is
recorded in ``library.json`` first (``forgetting``, ``keeping``), the kept videos re-rooted and the
rows deleted next, the folders and the record changed last, in one write (``FolderForget.finish``):
a kill or a refused write between them leaves the record, and the next writer's open finishes it, so
the next index never finds the folder again (a folder listed with its rows gone would be embedded
again). That last write also drops the folder from a stopped request of several
(``forget_request.left_after``) and adds it to the record of removals every process reads
(``removed.recorded``). ``finish_pending``: what a writer that stays open finishes before a run.
``finish_with_notes``: the notes of a missing folder's videos tied to copies the library keeps, their
ids recorded (``relinking``) from before the rows go until they are tied (``relink_left``)."""

from __future__ import annotations

import logging
import os

from core import bounded_meta
from core.errors import is_disk_full, is_not_video, not_video_kind
from core.library import forget_request, notes_journal, removed
from core.library.records import FAILED
from core.scan import is_under


class Removed(int):
    """``FolderForget.finish``'s count: the videos a forget removed; ``unread``, the files that went
    with them that are no videos the library counted (failed rows), for the message to say ("Removed
    0 videos" of a folder holding only such files said nothing of them); ``not_videos``, of those, the
    kinds of the ones skipped as no video (a text file saved as list.mov: "text file", as status says
    them, ``errors.not_video_kind``), the rest files that could not be read."""

    unread: int = 0
    not_videos: tuple[str, ...] = ()

    def __new__(cls, videos: int, unread: int = 0, not_videos: tuple[str, ...] = ()):
        self = super().__new__(cls, videos)
        self.unread, self.not_videos = unread, tuple(not_videos)
        return self


class FolderForget:
    """The library's part that deletes a forgotten folder's rows and writes the forget's end."""

    def __init__(self, conn, videos):
        self.conn, self.videos = conn, videos
        self.part: tuple[str, Removed] | None = None  # (folder, videos) a forget on this handle deleted, unfinished

    def missing_videos(self) -> set[str]:
        """The ids of the videos the forget ``library.json`` records removes whose library folder its
        last index found missing (setting ``held_roots``: a folder renamed, moved, a drive away), or that
        is not there now, the folder forgotten (one renamed that no run looked at since: a folder with no
        drive recorded is no rename, ``core.sync_missing.renamed_to``, its files at the new name copies;
        one that does not answer, a share, is taken as there)."""
        meta = self.conn.meta
        held = meta.settings.held_roots or {}
        missing = [f for f, why in held.items() if why == "missing"]
        root = meta.forgetting
        if root and root not in missing and not bounded_meta.answer(root, os.path.lexists, root, otherwise=True):
            missing.append(root)
        if not missing or not any(is_under(meta.forgetting, f) or is_under(f, meta.forgetting) for f in missing):
            return set()
        return {v.video_id for v in self.videos.state().records
                if meta.forgets(v.path) and any(is_under(v.path, f) for f in missing)}

    def finish(self) -> Removed:
        """The forget ``library.json`` records (``forgetting``) done: its videos' rows deleted (those
        under the folders it keeps re-rooted to them), then the record, the folders, the request of
        several and the record of removals written in one write. Returns how many videos went (a
        file that could not be read, its row failed, is none: the library never counted it as a
        video; ``Removed.unread`` counts them), those a try of this handle deleted before a refused
        write counted too."""
        meta = self.conn.meta
        root, s, keep, videos = meta.forgetting, meta.settings, meta.keeping or [], self.videos.state().records
        self.videos.reroot({v.video_id: k for v in videos for k in keep if is_under(v.path, k)})  # (kept: theirs)
        if gone := [v for v in videos if meta.forgets(v.path)]:
            self.videos.delete([v.video_id for v in gone])
        part = self.part  # (its rows deleted by this handle's try that a refused write stopped)
        before = part[1] if part and part[0] == root else Removed(0)
        unread = [v for v in gone if v.status == FAILED]
        kinds = tuple(not_video_kind(v.error) for v in unread if is_not_video(v.error))
        n = Removed(len(gone) - len(unread) + before, len(unread) + before.unread, before.not_videos + kinds)
        self.part = (root, n)  # (the write below refused: the next finish counts them too)
        self.conn.write_meta(forgetting=None, keeping=None, settings=s.after_forget(root, keep),  # (records too)
                             forget_request=forget_request.left_after(meta.forget_request, root),
                             **removed.recorded(meta, root))  # (known to every process: app.resume)
        self.part = None
        return n


log = logging.getLogger(__name__)


def finish_with_notes(library) -> Removed:
    """``VideoLibrary._finish_forget``: the forget ``library.json`` records finished
    (``FolderForget.finish``), then the notes of the videos of a folder its last index found missing
    tied to a copy the library keeps (``notes_journal.to_copies``). Their ids are recorded
    (``relinking``) before a row goes and dropped once the notes are tied: a kill or a refused write
    anywhere between leaves them, and the next writer's open ties them (``relink_left``). Before, the
    forget's end cleared them first and a kill then left those notes on no clip for good."""
    conn, left = library.conn, set(library.conn.meta.relinking or ())
    gone = library.forgetter.missing_videos()
    if gone - left and library.location.exists(notes_journal.JOURNAL):  # (no journal: no notes to tie)
        conn.write_meta(relinking=sorted(gone | left))
    n = library.forgetter.finish()
    relink_left(library)
    return n


def relink_left(library) -> int:
    """The notes of the videos a forget records as ``relinking`` tied to their copies (``to_copies``;
    again after a kill: those tied already are not theirs any more), then the record dropped; how
    many. A full disk leaves the record for the next writer's open. Nothing where none is recorded."""
    ids = library.conn.meta.relinking
    if not ids:
        return 0
    try:
        n = notes_journal.to_copies(library, set(ids))
        library.conn.write_meta(relinking=None)
    except Exception as exc:
        if not is_disk_full(exc):
            raise
        log.warning("the notes of the videos forgotten could not be tied to their copies now: %s", exc)
        return 0
    return n


def finish_pending(library, rest: bool = False) -> tuple[str, int] | None:
    """``VideoLibrary.finish_pending_forget``: a forget recorded and not finished on ``library`` (a
    writer's handle; its last write refused: a full disk) finished now, then with ``rest`` the rest
    of a stopped forget of several (``forget_request.resume``, not at an open; ``forget_resumed``, a
    new list, says what this removed). Returns ``forget_finished``, else the rest's last folder's."""
    if library.read_only:
        return None
    finished, conn = None, library.conn
    if conn.meta.relinking and not conn.meta.forgetting:  # (its notes' ties refused a write: a full disk)
        with conn.writing():
            relink_left(library)
    if conn.meta.forgetting:
        with conn.writing():
            if root := conn.meta.forgetting:  # (another writer cannot have: this one holds the lock)
                finished = library.forget_finished = (root, library._finish_forget())
    if rest and conn.meta.forget_request:
        done: list[tuple[str, int]] = []
        try:
            forget_request.resume(library, done, at_open=False)
        finally:
            if done:  # (a new list: the window's ForgetNews says it once)
                library.forget_resumed = done
        finished = finished or (done[-1] if done else None)
    return finished
