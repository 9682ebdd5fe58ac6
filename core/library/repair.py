"""``seekframe repair``: a library whose tables the storage engine cannot read (a data file or a
version cut short by a disk error or an interrupted copy, a file changed by hand) is made usable
again. Each table is read through, a batch at a time; one that cannot be is set aside, whole, as
``db/<table>.lance.damaged-<time>`` (nothing is deleted), and the library goes on without it:

- moments: the videos' vectors, made from the videos: the next ``seekframe index`` embeds the
  videos again (``VideoLibrary`` marks done videos pending when their moments are gone); notes and
  captions are kept, tied to their clips;
- videos: the next index finds the videos as new and ties the notes and imported captions to them
  (``notes.jsonl`` keeps both, with their clip's file);
- captions: the notes and imported captions are in the folder set aside; caption files can be
  imported again.

A table whose newest version is cut short (a full disk, a power cut) goes back to the whole version
before it first (``torn.roll_back``: only what that version added is indexed again), and is then
not set aside; one whose newest version file is gone (``gone_versions``) is taken as it reads,
said; an older data file of the moments table cut short or gone is taken out of it, the
rest kept (``torn_fragments``: only the videos whose moments were in it are embedded again). It
runs under the writer lock, before the library is opened (opening reads the tables).

A read that fails with an error of the moment (``core.momentary.says_nothing``: an I/O error of a
disk or network share that blips, a permission; ``torn.tail``'s rule) is no damage: it is tried
again (``TRIES``), and when it persists the repair refuses (``NotReadNow``), setting nothing aside.
"""

from __future__ import annotations

import os
import time
from pathlib import Path

from core.errors import LibraryError
from core.library import meta as meta_io
from core.library import gone_versions, torn, torn_fragments
from core.library.damage_text import damaged_text  # noqa: F401  (what damaged_tables found, in words)
from core.library.repair_text import set_aside_text
from core.momentary import brief, says_nothing
from core.paths import is_uri

TABLES = ("videos", "moments", "captions")
TRIES, WAIT_S = 3, 1.0  # a read failing with an error of the moment: read this often in all, WAIT_S, 2 WAIT_S… apart


def repair(root: str | Path) -> dict[str, Path]:
    """Set aside each table of the library at ``root`` that cannot be read through, under the
    library's writer lock (taken here: ``LibraryLockedError`` while another writer holds it);
    {table: where it is now} (and "notes": how many notes were put back, when any; "forgot": what
    its writer's open removed of a stopped forget, ``_settle``), empty when every table reads through
    and nothing was forgotten."""
    from core.library.lock import lock_library

    if not meta_io.is_library(root):  # (the lock would make one)
        from core.errors import NoLibraryError

        raise NoLibraryError(f"No library at {root} to repair.")
    lock = lock_library(root)
    try:
        description = _description_damaged(root)  # (read before anything is changed)
        db, dropped, rolled = Path(root) / meta_io.DB_DIR, None, {}
        if db.exists() and not db.is_dir():  # (no table can be read: something else is where they were)
            target = db.with_name(f"{meta_io.DB_DIR}.damaged-{time.strftime('%Y%m%d-%H%M%S')}")
            os.replace(db, target)
            found: dict = {"db": target}
        else:
            # (a newest version cut short, by a full disk or a power cut, goes back to the one before first)
            rolled = {n: moved for n in TABLES if (moved := torn.roll_back(db / f"{n}.lance"))}
            dropped = _drop_cut(root, db)  # (an older data file of the moments cut short: only its fragments go)
            # (a newest version file gone: the table reads as the version before; taken as it is, below)
            lost = {n: g for n in gone_versions.TABLES if (g := gone_versions.gone(db / f"{n}.lance"))}
            unreadable = unreadable_tables(root, tries=TRIES)
            # (a table whose making a full disk cut short, after an earlier repair set the old one aside:
            # empty folders, made again by the open below; set aside as damage, it was named as the table)
            unreadable = {n: why for n, why in unreadable.items() if not _made_again(db / f"{n}.lance")}
            if now := {n: why for n, why in unreadable.items() if isinstance(why, Momentary)}:
                raise NotReadNow(root, now, {"rolled_back": rolled, "dropped": dropped})
            found = set_aside(root, unreadable)
            if rolled:
                found["rolled_back"] = rolled
            if lost := {n: versions for n, versions in lost.items() if n not in found}:
                for name in lost:  # (taken as it reads: its hint set aside, never deleted)
                    gone_versions.accept(db / f"{name}.lance")
                found["gone"] = lost
        if description:
            found[meta_io.META_FILE] = _set_aside_description(root)
        # (opened as its writer even when every table reads: notes.jsonl may hold notes the captions
        # table lacks, where a repair or a note was cut short)
        try:
            notes, imported, rebuilt, forgot = _settle(root, lock)
        except Exception as exc:  # (a full disk: what was done so far said with it)
            from core.errors import is_disk_full

            if is_disk_full(exc):
                raise CutShort(found) from exc
            raise
        if dropped and "moments" not in found:
            found["dropped"] = dropped
        if meta_io.META_FILE in found:
            found["rebuilt"] = rebuilt
        if notes:
            found["notes"] = notes
        if imported:
            found["imported"] = imported
        if forgot:  # (a stopped forget its open finished: no table's repair, said apart by the front end)
            found["forgot"] = forgot
        return found
    finally:
        lock.release()


class CutShort(Exception):
    """A repair a full disk stopped as its writer opened the library: ``found``, what it had done
    (``repair``'s, said by ``set_aside_text``); the disk's error is its cause."""

    def __init__(self, found: dict):
        super().__init__("the repair was cut short by a full disk")
        self.found = found


def _made_again(folder: Path) -> bool:
    """Whether a table's folder holds only empty folders (no data, no versions): a making cut short,
    which a writer's open makes again (``Connection.create``)."""
    return torn.holds_data(folder) is False


def _settle(root, lock) -> tuple:
    """Open the library once as its writer, so that after tables were set aside every reader sees
    it as the next index will (tables made again, empty; videos whose moments went are pending:
    ``seekframe status`` says they wait to be indexed), and put back the user's notes the captions
    table lacks (``notes_journal.restore``: a table set aside, or a repair or note cut short); how many. A library that cannot be opened now (its
    library.json to be repaired first) is left for the next writer, which does the same. Its open
    also finishes a stopped forget, as every writer's does: ``forgot``, what it removed ("finished":
    (folder, videos) of the removal under way, "resumed": [(folder, videos)] of the rest of a forget of
    several, "unread": the note on a request it could not read; only those there), for the front end
    to say as it says any writer's open."""
    from core.errors import LibraryError
    from core.library import VideoLibrary

    try:
        library = VideoLibrary(root, lock=lock)
    except LibraryError as exc:
        return 0, 0, f"It could not be rebuilt yet: {exc}", {}
    with library:  # (it releases the lock: releasing again is a no-op; opening put the notes back)
        model = f" and its model {library.meta.model_id} from the vectors" if library.meta.model_id else ""
        forgot = {"finished": library.forget_finished, "resumed": list(library.forget_resumed),
                  "unread": library.unread_note}
        return (library.notes_restored, library.imports_restored,
                f"It is rebuilt from the tables: its folders from the videos' rows{model} (give a folder "
                "that held no video again with `seekframe index FOLDER`).",
                {k: v for k, v in forgot.items() if v})


def _drop_cut(root, db: Path):
    """``torn_fragments.drop_cut`` of the moments table (the writer lock held), before it is read
    through: what was taken out (with how many videos' moments, read as a reader sees them), or None."""
    from core.library.lancedb_import import lancedb

    if not (db / "moments.lance").is_dir():
        return None
    dropped = torn_fragments.drop_cut(lancedb.connect(str(db)), "moments", db / "moments.lance")
    if dropped:
        from core.library import VideoLibrary

        try:
            with VideoLibrary(root, read_only=True) as library:
                dropped.videos = len(library.moment_table.lost_videos())
        except Exception:  # noqa: BLE001 - another table damaged too: said without the count
            pass
    return dropped


def _description_damaged(root) -> bool:
    """Whether ``library.json`` is there and cannot be read as one (not JSON, no format, an entry
    of the wrong kind). One of a newer Seekframe is no damage: ``NewerLibraryError`` (update
    Seekframe); nor is a read that fails with an error of the moment, tried again (``TRIES``):
    ``NotReadNow`` when it persists."""
    from core.errors import DamagedDescriptionError, NewerLibraryError

    path = Path(root) / meta_io.META_FILE
    for attempt in range(TRIES):
        if not path.exists():
            return False
        try:
            meta_io.read_meta(root)
            return False
        except DamagedDescriptionError as exc:  # (read_meta's own: an OSError is its context)
            if not says_nothing(exc.__context__ or ""):
                return True
            if attempt + 1 == TRIES:
                why = getattr(exc.__context__, "strerror", None) or exc.detail
                raise NotReadNow(root, {meta_io.META_FILE: Momentary(why)}, {}) from exc
            time.sleep(WAIT_S * (attempt + 1))
        except NewerLibraryError:
            raise
        except LibraryError:  # (gone since it was looked for: nothing to set aside)
            return False
    return False


def _set_aside_description(root) -> Path:
    """``library.json`` (``_description_damaged``) moved aside as ``library.json.damaged-<time>``,
    for the writer's open to rebuild it from the tables (``reconcile``); where it is now."""
    path = Path(root) / meta_io.META_FILE
    target = path.with_name(f"{path.name}.damaged-{time.strftime('%Y%m%d-%H%M%S')}")
    os.replace(path, target)
    return target


def unreadable_tables(root: str | Path, batch_rows: int = 4096, only=TABLES, tries: int = 1) -> dict[str, str]:
    """{table: why} for each table (of ``only``) of the library at ``root`` that cannot be read
    through. One whose read fails with an error that says nothing of what it holds
    (``core.momentary.says_nothing``: an I/O error of a disk or share that blips, a permission) is
    read again, ``tries`` times in all; its why is a ``Momentary`` when the last read failed so:
    not known to be damaged."""
    from core.unreadable import engine_text

    folder = Path(root) / meta_io.DB_DIR
    out = {}
    for name in only:
        if not os.path.lexists(folder / f"{name}.lance"):  # (a link whose target is gone: unreadable)
            continue
        for attempt in range(tries):
            if (exc := _read_through(folder, name, batch_rows)) is None or not says_nothing(exc):
                break
            if attempt + 1 < tries:
                time.sleep(WAIT_S * (attempt + 1))
        if exc is not None and says_nothing(exc):
            why = brief(str(exc)) or engine_text(str(exc)) or type(exc).__name__
            out[name] = Momentary(why.replace(f"{Path(root).absolute()}{os.sep}", ""))  # (the library's own)
        elif exc is not None:
            out[name] = engine_text(str(exc)) or type(exc).__name__
    return out


def _read_through(folder: Path, name: str, batch_rows: int) -> Exception | None:
    """Read table ``name`` of the tables in ``folder`` through, a batch at a time (a connection of
    its own: one read again after an error starts afresh); what the engine raised, or None."""
    from core.library.lancedb_import import lancedb

    try:
        for _ in lancedb.connect(str(folder)).open_table(name).search().limit(None).to_batches(batch_rows):
            pass
    except Exception as exc:  # noqa: BLE001 - whatever the engine raises is the damage, or the moment's
        return exc
    return None


class Momentary(str):
    """Why a table (or ``library.json``) could not be read when it failed with an error of the
    moment (``core.momentary.says_nothing``): not known to be damaged, nothing set aside for it."""


class NotReadNow(LibraryError):
    """``seekframe repair`` refused: a file it had to read failed with an error of the moment,
    each of ``TRIES`` times (``why``: {table or library.json: the error}); nothing was set aside.
    ``done``: what it had put right before ("rolled_back", "dropped": ``set_aside_text``'s)."""

    def __init__(self, root, why: dict[str, str], done: dict):
        self.why, self.done = why, {k: v for k, v in done.items() if v}
        what = "; ".join(f"{name if name == meta_io.META_FILE else f'the {name} table'}, {text}"
                         for name, text in why.items())
        before = set_aside_text(self.done, shown=str)
        super().__init__(
            f"Could not read the library at {root} ({what}; tried {TRIES} times). That error says nothing of "
            "what the files hold (a disk, USB stick or network share that blipped, or a permission): "
            f"nothing was set aside{' else' if before else ' or changed'}. Try again once the drive reads "
            f"(or the files are yours again).{f' Before that: {before}' if before else ''}")


def unreadable_names(root) -> list[str] | None:
    """The names of ``unreadable_tables``, to say which (None: they could not be read to tell); of
    a library given by URI, the tables ``uri_damage`` cannot read through (``unreadable_tables``
    reads a folder: on a URI it found none, and a failed search said "its tables are damaged"
    where `seekframe status` names the table). Only a better message, never a second error."""
    try:
        if is_uri(str(root)):
            from core.library.uri_damage import damaged_tables

            return [name for name, why in damaged_tables(root).items() if not isinstance(why, Gone)]
        return list(unreadable_tables(root))
    except Exception:  # noqa: BLE001
        return None


def damaged_tables(root: str | Path) -> dict[str, str]:
    """{table: why} for the tables of the library at ``root`` that cannot be read through, found
    cheaply: only a table with a file that does not end as the engine ends its files (cut short)
    is read through to be sure, or whose newest version names a data file that is gone, and the
    moments table when its newest version names a data file cut short or gone. Only the newest version file and the data files it names are looked at (what
    a reader reads): a file no version uses (what a crash or a refused write leaves half written)
    read the whole table through at each status and no-op index until it was cleaned up. A table
    whose newest version file is gone, which reads as the version before, is ``Gone``
    (``gone_versions``: read off LanceDB's version hint, no table read)."""
    folder = Path(root) / meta_io.DB_DIR
    suspects = []
    cut = torn_fragments.cut_fragments(folder / "moments.lance")
    for name in TABLES:
        table = folder / f"{name}.lance"
        gone = False
        if newest := torn.manifests(table)[:1]:
            files = [newest[0][1], *torn.data_files(table, newest[0][1])]
            gone = torn_fragments.names_gone(table, newest[0][1])  # (data_files lists only what is there)
        else:  # (no version file: whatever is there)
            files = [p for p in (table / "data").glob("*.lance")]
        if any(not torn.ends_whole(p) for p in files) or (os.path.lexists(table) and not table.is_dir()) or (
                name == "moments" and cut) or gone:
            suspects.append(name)  # (or a link to a drive no longer there, a file in its place)
    found = unreadable_tables(root, only=suspects) if suspects else {}
    for name in gone_versions.TABLES:  # (a newest version file gone: the table reads as the one before, silently)
        if name not in found and (lost := gone_versions.gone(folder / f"{name}.lance")):
            found[name] = Gone(gone_versions.gone_text(name, *lost), lost)
    from core.library.damage_text import Found
    from core.library.lock import refuses_writers

    found = Found(found, bool(found) and refuses_writers(root))  # (a read-only drive: no repair can run there)
    if "moments" in found and cut and not isinstance(found["moments"], Momentary):
        found["moments"] = Cut(found["moments"], len({p for paths in cut.values() for p in paths}), found.unwritable)
    return found


class Gone(str):
    """A table whose newest version file is gone (``gone_versions``): its whole message; ``lost``:
    (the version committed, the newest there), for the app's words."""

    def __new__(cls, text: str, lost: tuple = ()):
        gone = super().__new__(cls, text)
        gone.lost = tuple(lost)
        return gone


class Cut(str):
    """Why a moments table cannot be read, when data files of it are cut short that a writer's
    open takes out (``torn_fragments``): ``files``, how many; ``unwritable``: the library refuses
    writers (``lock.refuses_writers``: a read-only drive), so no open here takes them out."""

    def __new__(cls, why: str, files: int, unwritable: bool = False):
        text = super().__new__(cls, why)
        text.files, text.unwritable = files, unwritable
        return text


def droppable(root: str | Path) -> bool:
    """Whether the moments table has data files cut short that a writer's open takes out
    (``torn_fragments``), keeping the rest: the tail of each of its data files read."""
    return bool(torn_fragments.cut_fragments(Path(root) / meta_io.DB_DIR / "moments.lance"))


def set_aside(root: str | Path, names) -> dict[str, Path]:
    """Move each named table's folder aside (renamed, not deleted); {table: where it is now}."""
    from core.library import snapshot

    folder, stamp = Path(root) / meta_io.DB_DIR, time.strftime("%Y%m%d-%H%M%S")
    moved = {}
    for name in names:
        target = folder / f"{name}.lance.damaged-{stamp}"
        os.replace(folder / f"{name}.lance", target)
        moved[name] = target
    if moved:
        snapshot.remove(Path(root))  # (its rows were read from the tables as they were)
    return moved
