"""The room ``library.json`` keeps for an index run's record (``core.stopped_runs``) that a full disk
refused whole: ``settings``' ``ROOM``, written by every whole write of the file in one sector as
``patch_meta`` finds it, empty (``{}`` and spaces) or holding a record (``core.library.meta.write_meta``),
and filled in place (``patch_meta``: no new file nor block) with the record as the refused write would
have made it (``fill``).

Before, a run whose disk was full before its plan was recorded left no record at all: the CLI said
it at the time, but `seekframe status` and a window opened later said nothing of the files it was to
index. Recording the plan earlier would not do: a disk full before the run starts refuses any write
it makes; only room kept by an earlier write takes it. A room that holds a record is newer than the
record beside it (``stopped_runs.KEY``): it is read instead (``held``), and the next whole write of
the record empties it (``stopped_runs``' values set ``ROOM`` to None; ``write_meta`` keeps it again).
Its entries have no room of their own for their end (``SLOT``): each says it already, or it was an
earlier run's end-less entry, which a later whole write of its end says."""

from __future__ import annotations

from contextlib import contextmanager

ROOM = "unfinished_room"  # (core.library.meta_in_place.ROOM: not imported, as ``stopped_runs.SLOT``)


def held(settings) -> dict | None:
    """The record the room holds (``stopped_runs.KEY``'s value, newer than it), None when empty."""
    data = (settings.other or {}).get(ROOM)
    return data if isinstance(data, dict) and data else None


def fill(library, record: dict) -> bool:
    """Write ``record`` (``stopped_runs.KEY``'s value) into the room, in place: what a full disk still
    allows. False (nothing written) where it does not fit, or the file has no room as this one leaves
    it (an older version wrote it); an error where the write itself fails."""
    from .library import meta_in_place

    settings = library.meta.settings
    old = meta_in_place.filled_room(now) if (now := held(settings)) else meta_in_place.blank_room()
    if old is None or (new := meta_in_place.filled_room(record)) is None:
        return False
    with library.conn.writing():
        try:
            library.conn.patch_meta({old: new}, settings=settings.updated(**{ROOM: record}))
        except ValueError:  # (no room there: a file an older version wrote, or one whose room moved)
            return False
    return True


def refused(library, record: dict, at: float) -> bool:
    """A full disk refused ``record`` (``stopped_runs.planned_values``', planned at ``at``), and with it
    the run: written in the room, its own entries saying a full disk stopped it (``FULL``), so
    `seekframe status` and a window opened later tell of the files it was to index; shortened where it
    does not fit (``shortened``: before, a record of a few long folder paths was not written at all),
    the whole record then in the log. Best done: False when not written."""
    import logging

    from . import run_owner
    from .stopped_runs import FULL, SLOT

    log = logging.getLogger("seekframe")
    mine = (SLOT, *run_owner.this_process())  # (its end said: its process and room for an end not needed)
    record = {r: {**{k: v for k, v in rec.items() if k not in mine}, "ended": FULL} if rec["at"] == at
              else {k: v for k, v in rec.items() if k != SLOT} for r, rec in record.items()}
    try:
        for n, each in enumerate(shortened(record, at, library.meta.settings.folders or [])):
            if fill(library, each):
                if n:
                    log.warning("a full disk stopped an index before its record was written whole; written "
                                "shortened to fit the room kept for it. The whole record: %s", record)
                return True
        return False
    except Exception:
        log.debug("could not note the stopped run in place", exc_info=True)
        return False


FOLDER_MARK = "#"  # (a record's root that names the library folder holding it by its short name: ``short_name``)
_KEPT = ("files", "failed", "at", "ended")  # (what ``stopped_runs.recorded`` needs of an entry to say it)


def short_name(folder: str) -> str:
    """A library folder's name in a shortened record (``shortened``): ``FOLDER_MARK`` and 8 hex digits
    of its path's hash, found again among the library's folders (``named``), whatever their order."""
    import hashlib

    return FOLDER_MARK + hashlib.blake2s(folder.encode("utf-8", "surrogateescape"), digest_size=4).hexdigest()


def named(root: str, folders) -> str | None:
    """The root a record's entry stands for: ``root`` itself, or the library folder of ``folders``
    that a shortened record's name (``short_name``) names; None for one no longer among them."""
    if not root.startswith(FOLDER_MARK):
        return root
    return next((f for f in folders if short_name(f) == root), None)


def shortened(record: dict, at: float, folders):
    """``record`` (root: entry), then ever shorter records that still say what a user is told of the
    runs (``stopped_runs.stopped``: each run's folders, its files left, how it ended), for a room of a
    few hundred bytes: each entry with only what that needs (``_KEPT``); each root as the library
    folder holding it (``short_name``, an entry for each folder and run); earlier runs' entries left
    out, then this run's (planned at ``at``) with the fewest files."""
    yield record
    record = {r: {k: v for k, v in rec.items() if k in _KEPT} for r, rec in record.items()}
    yield record
    folded: dict[str, dict] = {}
    for root, rec in record.items():
        holder = max((f for f in folders if _under(root, f)), key=len, default=None)
        if holder is None:  # (not the library's: said by nothing)
            continue
        name = short_name(holder)
        if (same := folded.get(name)) is not None and same["at"] == rec["at"]:
            same.update(files=same["files"] + rec["files"], failed=same["failed"] + rec["failed"])
        elif same is None or rec["at"] == at:  # (two runs in one folder: this one's)
            folded[name] = dict(rec)
    yield folded
    own = sorted(((r, rec) for r, rec in folded.items() if rec["at"] == at), key=lambda e: -e[1]["files"])
    for n in range(len(own), 0, -1):
        yield dict(own[:n])


def _under(path: str, folder: str) -> bool:
    from .scan import is_under

    return is_under(path, folder)


@contextmanager
def planned_if_full(library, roots: list[str], jobs, away=()):
    """The block (a run's cheap changes, written before its plan is recorded: ``core.sync_apply``),
    and should a full disk stop it there, the run's plan recorded as one a full disk stopped
    (``stopped_runs.planned``: whole, else in the room), the disk's error raised still."""
    try:
        yield
    except Exception as exc:
        from .errors import is_disk_full

        if is_disk_full(exc):
            import logging

            from . import run_ends, stopped_runs

            try:
                if (at := stopped_runs.planned(library, roots, jobs, away)) is not None:
                    run_ends.ended(library, at, stopped_runs.FULL)
            except Exception:  # (refused whole: in the room, ``refused``)
                logging.getLogger("seekframe").debug("the stopped run's plan was not recorded whole", exc_info=True)
        raise
