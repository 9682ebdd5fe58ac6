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

ROOM = "unfinished_room"  # (core.library.meta.ROOM: not imported, as ``stopped_runs.SLOT``)


def held(settings) -> dict | None:
    """The record the room holds (``stopped_runs.KEY``'s value, newer than it), None when empty."""
    data = (settings.other or {}).get(ROOM)
    return data if isinstance(data, dict) and data else None


def fill(library, record: dict) -> bool:
    """Write ``record`` (``stopped_runs.KEY``'s value) into the room, in place: what a full disk still
    allows. False (nothing written) where it does not fit, or the file has no room as this one leaves
    it (an older version wrote it); an error where the write itself fails."""
    from .library import meta as meta_io

    settings = library.meta.settings
    old = meta_io.filled_room(now) if (now := held(settings)) else meta_io.blank_room()
    if old is None or (new := meta_io.filled_room(record)) is None:
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
    `seekframe status` and a window opened later tell of the files it was to index. Best done: False
    when not written."""
    import logging

    from . import run_owner
    from .stopped_runs import FULL, SLOT

    mine = (SLOT, *run_owner.this_process())  # (its end said: its process and room for an end not needed)
    try:
        return fill(library, {r: {**{k: v for k, v in rec.items() if k not in mine}, "ended": FULL} if rec["at"] == at
                              else {k: v for k, v in rec.items() if k != SLOT} for r, rec in record.items()})
    except Exception:
        logging.getLogger("seekframe").debug("could not note the stopped run in place", exc_info=True)
        return False


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
