"""What of a library given by URI (``location``: ``file://``, ``s3://``… only ever read) cannot be
read, for `seekframe status`: ``repair.damaged_tables`` looks at a folder's files with plain file
calls (their tails, the data files the newest version names, LanceDB's version hint), which a URI
has none of, so status said such a library was fine while a search on it failed on a data file
gone or cut short.

Each table is read through the engine, as a search reads it, one narrow column of it (a data file
gone, or cut short in its footer, fails the read of any column; the vectors are not fetched from
the store), and the videos' and captions' newest version file is looked for by LanceDB's hint
(``gone_versions``: a table whose newest version is gone reads as the one before, silently). What
is found is a ``damage_text.Found`` marked ``uri``: said with where a repair can run, never
offering ``seekframe repair`` on the URI itself (it refuses every URI)."""

from __future__ import annotations

from core.library import gone_versions, torn
from core.library import meta as meta_io
from core.library.damage_text import Found
from core.library.location import Location
from core.momentary import brief, says_nothing

TABLES = ("videos", "moments", "captions")
_ROWS = 8192


def damaged_tables(uri) -> Found:
    """{table: why} of the tables of the library at ``uri`` that cannot be read through (a
    ``repair.Momentary`` why where the read failed with an error of the moment: a network or
    store blip, not damage) or whose newest version is gone (a ``repair.Gone``), ``uri`` set
    where any is found. A table that is not there (a library that never made it) is skipped,
    as for a folder."""
    from core.library.lancedb_import import lancedb
    from core.library.repair import Gone, Momentary
    from core.unreadable import engine_text

    where = Location(uri)
    db = lancedb.connect(where.join(meta_io.DB_DIR))
    found = {}
    for name in TABLES:
        if not where.exists(f"{meta_io.DB_DIR}/{name}.lance"):
            continue
        if (exc := _read_through(db, name)) is not None:
            why = engine_text(str(exc)) or type(exc).__name__
            found[name] = Momentary(brief(str(exc)) or why) if says_nothing(exc) else why
        elif name in gone_versions.TABLES and (lost := gone(where, name)):
            found[name] = Gone(gone_versions.gone_text(name, *lost), lost)
    return Found(found, uri=bool(found))


def _read_through(db, name: str) -> Exception | None:
    """Read table ``name`` through, its first column only (the engine opens every data file the
    newest version names for it); what the engine raised, or None."""
    try:
        table = db.open_table(name)
        column = table.schema.names[0]
        for _ in table.search().select([column]).limit(None).to_batches(_ROWS):
            pass
    except Exception as exc:  # noqa: BLE001 - whatever the engine raises is the damage, or the moment's
        return exc
    return None


def gone(uri, name: str) -> tuple[int, int] | None:
    """``gone_versions.gone`` of table ``name`` of the library at ``uri``: (the newest version
    committed, the newest version file there), or None."""
    where, versions = Location(uri), f"{meta_io.DB_DIR}/{name}.lance/_versions"
    try:
        hint = gone_versions.hint_version(where.read_bytes(f"{versions}/{gone_versions.HINT}"))
    except FileNotFoundError:
        return None
    names = where.names(versions)
    found = [v for v in map(torn.version_of, names) if v is not None]
    if hint is None or not found or not gone_versions.lost(hint, max(found), gone_versions.set_aside_in(names)):
        return None
    if any(where.exists(f"{versions}/{n}") for n in gone_versions.version_names(hint)):
        return None  # (a listing older than the hint: another machine uploading)
    return hint, max(found)
