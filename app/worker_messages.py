"""What the window says of a background work's failure (``app.workers``: a worker's ``error``):
a full disk (a removal's said as one), a write the file system refused, a damaged library with the
window's repair, out of memory, or an unexpected error (logged with its traceback)."""

from __future__ import annotations

import errno
import logging
import os

from core.errors import LibraryNotMade, SeekframeError, disk_full_message, is_disk_full
from core.unreadable import damaged_library_message
from core.filenames import shown
from core.note_removal import RemovalStopped

log = logging.getLogger("seekframe.app")
# (a damaged library that refuses writers, a read-only drive: what to do first, as no repair can run there)
REFUSED_THEN = ("make the library's folder writable, then Try again (below). Or copy the library somewhere writable "
                "and start Seekframe with --library on the copy.")
# (a damaged library given by URI, only ever read: where it can be repaired)
URI_THEN = ("open the library's folder itself (start Seekframe with --library /path/to/library on a machine that has "
            "it), Repair library there, then upload the folder again and Try again (below).")


def _denied(exc: BaseException | None) -> OSError | None:
    """The file system's refusal to write (a read-only drive, another user's files) in ``exc``'s chain."""
    seen = set()
    while exc is not None and id(exc) not in seen:
        seen.add(id(exc))
        if isinstance(exc, OSError) and exc.errno in (errno.EROFS, errno.EACCES, errno.EPERM):
            return exc
        exc = exc.__cause__ or exc.__context__
    return None


def denied_message(err: OSError) -> str:
    """A file refused by the file system, said with the way out (nothing is damaged)."""
    if err.errno == errno.EROFS:
        where = shown(os.path.dirname(str(err.filename))) if err.filename else "the library"
        what = (f"Seekframe could not write in {where}: its drive is read-only now (remounted read-only "
                "after a disk error, or a card's lock switch).")
    else:
        what = (f"Seekframe was not allowed to use {shown(str(err.filename)) if err.filename else 'a file'} "
                "(files of another user, or a folder you cannot write?).")
    return (what + " Nothing is damaged and what was done before is kept. Make that folder yours and "
            "writable again, then try again.")


def removal_stopped_message() -> str:
    """A folder's removal that a full disk stopped (``VideoLibrary.forget_folder``: recorded, the
    last write refused): what holds, and the two ways that finish it."""
    return ("Removing the folder stopped: the disk holding the library is full (or a disk quota or the file "
            "size limit was reached). Its videos are no longer searched, the files are untouched, and the "
            "library is consistent. Free some space (or raise the limit), then choose Re-scan (or remove the "
            "folder again) to finish its removal.")


def _refused_here(uri: bool) -> str:
    from core.library.damage_text import refused_text, uri_text  # (the library's own words: loaded by now)

    return uri_text("Repair library", URI_THEN) if uri else refused_text("Repair library", REFUSED_THEN)


def _open_or_repair_full(exc: BaseException, task: str) -> str:
    """A full disk that refused the library's open to write (the window reopens it after a repair too) or
    a repair: said as such, not as an index run's ('… choose Re-scan in the library panel', a library not
    open, no panel to re-scan from); "" for another task. A writer's open finishes what a repair began."""
    if task == "open-library":
        return ("the disk holding the library is full (or a disk quota or the file size limit was reached). Opening it "
                "to write needs some room; nothing was lost. Free some space (or raise the limit), then open "
                "Seekframe again.")
    if task == "repair-library":
        from core.library.repair import CutShort

        from .library_repair import repaired_text

        done = repaired_text(exc.found) if isinstance(exc, CutShort) and exc.found else ""
        return disk_full_message("the library", repairing=True, done=done, again="open Seekframe again")
    return ""


def _beside_full(exc: BaseException, task: str) -> str:
    """A full disk that stopped a note, its removal or a caption import (the workers' names: the service
    function's, ``app.beside_writes``), in its own words, as `seekframe note` (``--remove``) and
    `captions-import` say it; "" for another task (an index run's words)."""
    if task == "add_note":
        return "Could not add the note: " + disk_full_message("the library", note=True, again="add the note again")
    if isinstance(exc, RemovalStopped) or task == "remove_clip_note":  # (else refused before it wrote anything)
        return "Could not remove the note: " + disk_full_message("the library", removal=getattr(exc, "step", "refused"),
                                                                 again="remove the note again")
    if task == "import_captions":
        return "Could not import the captions: " + disk_full_message("the library", captions=True,
                                                                     again="import the file again")
    return ""


def user_message(exc: BaseException, task: str = "", refused: bool = False, uri: bool = False) -> str:
    """What to tell the user about ``exc`` (unexpected errors are logged with their traceback);
    ``task``: the worker's name (a removal's full disk is said as a removal); ``refused``: the
    library refuses writers (a read-only drive), so damage is said with what to do first, never
    with the repair, which would be refused; ``uri``: that library is given by URI (only ever read)."""
    if isinstance(exc, LibraryNotMade):  # (a new library a full disk kept from being made: nothing of it left)
        return ("the disk holding it is full (or a disk quota or the file size limit was reached), so the new library was "
                "not made. " + exc.then("open Seekframe again"))
    if is_disk_full(exc):
        if task == "forget-folder":
            return removal_stopped_message()
        if said := _beside_full(exc, task):  # (a note, a caption import: said as such, as the CLI does)
            return said
        if said := _open_or_repair_full(exc, task):  # (no index run: said as what it was)
            return said
        from core.run_roots import NotAdded

        if isinstance(exc, NotAdded):  # (new folders a full disk kept from being listed: a re-scan would not add them)
            return exc.said("add {named} again (File › Add folder…)")
        # (the action the library panel offers then: Finish indexing for the files a recorded run left, else Re-scan)
        action = "Finish indexing" if getattr(exc, "finish_offered", False) else "Re-scan"
        return "Indexing stopped: " + disk_full_message("the library", again=f"choose {action} in the library panel "
                                                                             "to index the rest",
                                                        none_indexed=getattr(exc, "none_indexed", False))
    if not isinstance(exc, SeekframeError) and (denied := _denied(exc)) is not None:
        log.warning("a write was refused: %s", denied)
        return denied_message(denied)
    if (damaged := damaged_library_message(exc, repair="Repair library (below)", index="re-scan",
                                           refused=refused and _refused_here(uri))) is not None:
        return damaged[0].upper() + damaged[1:]  # (a table file cut short: the session offers the repair)
    if isinstance(exc, SeekframeError):
        return str(exc)
    if isinstance(exc, MemoryError):
        return "Seekframe ran out of memory. Close other programs and try again."
    log.error("Unexpected error in a background task", exc_info=(type(exc), exc, exc.__traceback__))
    detail = f"{type(exc).__name__}: {exc}" if str(exc) else type(exc).__name__
    return f"Something went wrong ({detail}). The details are in Seekframe's log."
