"""A library whose tables were lost: ``library.json`` there, its ``db`` folder (the videos, moments
and captions tables) not. A writer's open makes the tables before it first writes the description,
so a library never had one without the other: the folder was deleted or lost (a backup that left it
out, a cleaner). Said as such, by a reader (``seekframe status``, a search that finds nothing, the
window) and by the writer that makes empty tables in their place (a re-scan), never taken for a
library that holds no indexed video yet."""

from __future__ import annotations

from pathlib import Path

from core.library.location import Location
from core.library.meta import DB_DIR, LibraryMeta

TABLES = ("videos", "moments", "captions")  # schema.VIDEOS, MOMENTS, CAPTIONS (schema brings pyarrow)
LOST = "The library's tables are missing"  # how each of its notes begins (``note_in``)


def lost(where: Location, meta: LibraryMeta | None) -> bool:
    """Whether ``where``'s description was read (``meta``) and its ``db`` folder holds no table, or
    is not there (a connection, a reader's too, makes it empty) (a library folder only: one given by
    URI is read through LanceDB, said by its own checks)."""
    db = where.root / DB_DIR if isinstance(where.root, Path) else None
    if meta is None or db is None:
        return False
    try:  # (a stat of each table's folder, no listing: a search lists no folder, its library's neither)
        if any((db / f"{name}.lance").exists() for name in TABLES):
            return False
        return not (db.is_symlink() and not db.exists())  # (a link to a drive not there now: not lost,
    except OSError:  # said as unreadable)
        return False  # (unreadable: said by the tables' own reads)


def _recorded(meta: LibraryMeta) -> str:
    folders = meta.settings.folders or []
    listed = (f"{len(folders)} folder{'s' if len(folders) != 1 else ''}" if folders else "")
    model = f"the model {meta.model_id}" if meta.model_id else ""
    said = " and ".join(w for w in (listed, model) if w)
    return f" (library.json still lists {said})" if said else ""


def notes(where: Location, meta: LibraryMeta | None, read_only: bool) -> list[str]:
    """What an open says of lost tables ([] when they are there): a reader, what the user can do; a
    writer, that it makes empty tables in their place and indexes the folders again."""
    if not lost(where, meta):
        return []
    folder = where.root / DB_DIR
    if read_only:
        return [f"{LOST}: the folder {folder} that held its indexed videos and moments is gone{_recorded(meta)}. "
                "Restore that folder from a backup, or index the library's folders again (`seekframe index`); "
                "notes kept in notes.jsonl come back"]
    return [f"{LOST}: the folder {folder} that held its indexed videos and moments was gone{_recorded(meta)}; "
            "empty tables were made in its place, which `seekframe index` fills by indexing the library's "
            "folders again. A backup of that folder, restored in their place, gives back what was indexed "
            "without indexing again"]


def note_in(said) -> str:
    """The lost tables' note among an open's notes (``VideoLibrary.meta_notes``), '' when none."""
    return next((n for n in said if n.startswith(LOST)), "")
