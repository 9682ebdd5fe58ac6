"""What ``seekframe`` says of a command's failure (``cli.main``): a full disk, a file made
read-only, a damaged library, the current folder gone, or a ``SeekframeError``'s own words; each
printed on stderr with its exit code. Anything else is a bug and is raised on (a traceback)."""

from __future__ import annotations

import os
import sys

from .errors import LibraryNotMade, SeekframeError, disk_full_message, is_disk_full, unwritable_file_message
from .unreadable import damaged_library_message

EXIT_DISK_FULL = 3


REMOVE_AGAIN = {"refused": "run the same command again",  # (what `note --remove` a full disk stopped says to do)
                "recorded": "run the same command again, which finishes it (it then finds no such note on the clip: "
                            "the removal is done)"}


def said_failure(exc: BaseException, where, switched: bool = False, command: str = "", run=None) -> int | None:
    """Print what ``exc`` means for the library at ``where`` and return the exit code; None when
    it is none of the failures a user can act on. ``switched``: the index run had switched the
    library's model before the disk filled (else the library's record is asked); ``command``: the
    command that failed (a note's full disk, a caption import's and a repair's are said as one);
    ``run``: the index command's ``service.IndexRun`` (a re-index of folders: what it left as it was)."""
    if is_disk_full(exc):
        from .note_removal import RemovalStopped
        from .run_roots import NotAdded

        said = (str(exc) if isinstance(exc, (NotAdded, LibraryNotMade)) else  # (new folders not listed, a new
                # library not made: said so, not as a stopped run)
                disk_full_message(where, removal=exc.step, again=REMOVE_AGAIN[exc.step])
                if isinstance(exc, RemovalStopped) else  # (`note --remove`: not 'the note is not in the library yet')
                disk_full_message(where, note=True) if command == "note" else
                disk_full_message(where, captions=True) if command == "captions-import" else
                disk_full_message(where, repairing=True, done=_repaired(exc)) if command == "repair" else
                disk_full_message(where, switched or _switch_recorded(where), none_indexed=_none_indexed(where),
                                  **earlier_left(where, run)))
        print(f"seekframe: {said}", file=sys.stderr)
        return EXIT_DISK_FULL
    if (refused := unwritable_file_message(exc, where)) is not None:  # (a file made read-only)
        print(f"seekframe: {refused}", file=sys.stderr)
        return 2
    if damaged_library_message(exc) is not None:  # (then the tables are read through to name them)
        from .library.repair import unreadable_names
        from .library.torn_fragments import unwritable_cut_text

        if said := unwritable_cut_text(where):  # (a read-only drive: `seekframe repair` would be refused)
            print(f"seekframe: the library at {where} cannot be read. {said}", file=sys.stderr)
            return 2
        from .library.damage_text import REFUSED_THEN, URI_THEN, refused_text, uri_text
        from .library.lock import refuses_writers
        from .paths import is_uri

        refused = (uri_text("`seekframe repair`", URI_THEN) if where and is_uri(str(where)) else  # (never written)
                   refused_text("`seekframe repair`", REFUSED_THEN) if where and refuses_writers(where) else "")
        print(f"seekframe: {damaged_library_message(exc, where, tables=unreadable_names(where), refused=refused)}",
              file=sys.stderr)
        return 2
    if isinstance(exc, FileNotFoundError) and _working_folder_gone():  # (a relative path: read from where?)
        print("seekframe: the current folder is gone (deleted, or its drive unplugged): change to another "
              "folder, or give full paths.", file=sys.stderr)
        return 2
    if not isinstance(exc, SeekframeError):
        return None
    print(f"seekframe: {exc}", file=sys.stderr)
    return 2


def _repaired(exc: BaseException) -> str:
    """What a repair a full disk stopped had done (``repair.CutShort``), "" for nothing."""
    from .filenames import shown
    from .library.repair import CutShort, set_aside_text

    return set_aside_text(exc.found, shown=shown) if isinstance(exc, CutShort) else ""


def _none_indexed(where) -> bool:
    """Whether the library at ``where`` holds no indexed video (a new library whose disk filled after its
    first library.json, binding the model or listing the folder, or before its first video was done):
    False where it cannot be read, so the usual words stand."""
    from .library import VideoLibrary
    from .library.meta import is_library
    from .paths import is_uri

    try:
        if is_uri(str(where)) or not is_library(where):
            return False
        with VideoLibrary(where, read_only=True) as library:
            return not any(v.status == "done" for v in library.video_table.all())
    except Exception:
        return False


def earlier_left(where, run) -> dict:
    """``disk_full_message``'s words for the videos a re-index of folders on the library's model
    (``run``) had not embedded anew: searched with their earlier moments, and the command that embeds
    them; none where no such run was under way, or it cannot be read."""
    from . import reembed_record, reindex_scope
    from .filenames import shown
    from .library import VideoLibrary

    if getattr(run, "reembed_since", None) is None:
        return {}
    named = run.scope().named
    try:
        with VideoLibrary(where, read_only=True) as library:
            n = reindex_scope.earlier(library, named, run.reembed_since)
            record = reembed_record.recorded(library.meta.settings)  # (the disk may have filled before it)
    except Exception:  # (the usual words stand)
        return {}
    recorded = all(record.get(r) == run.reembed_since for r in named)  # (a plain index embeds those)
    earlier, again = reindex_scope.earlier_words(n, named, shown, whole=not run.roots, recorded=recorded)
    return {"earlier": earlier, "again": again} if n else {}


def _switch_recorded(where) -> bool:
    """Whether the library at ``where`` records a model switch under way (the disk may have
    filled before ``--reindex`` recorded it: then nothing changed)."""
    from .library.meta import read_meta

    try:
        return read_meta(where).model_switch is not None
    except Exception:  # no library, or its description unreadable: no switch to speak of
        return False


def _working_folder_gone() -> bool:
    try:
        os.getcwd()
    except OSError:
        return True
    return False
