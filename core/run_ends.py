"""How a stopped index run ended, written into its record (``core.stopped_runs``, ``library.json``'s
``unfinished_index``): at once (``ended``, a whole write of ``library.json``); where a full disk refuses
that, over the room each entry reserved for its end as it was recorded (``ended_in_place``: bytes
rewritten in place, no new block needed); else kept on the library handle (``keep``,
``VideoLibrary.unnoted_ends``: the runs named as recorded then, ``run_key``) and written as it lets
go of its writer lock or closes (``note_ends``). The same three ways write a re-embed's end
(``core.reembed_record.ended``, settings key ``RUNS``): ``with_end``, ``in_place`` and ``kept`` take
the settings key of the entries they say the end of."""

from __future__ import annotations

from . import run_owner
from .run_room import ROOM
from .scan import is_under
from .stopped_runs import KEY, MARKS, SLOT, recorded


def run_key(rec: dict) -> tuple:
    """A recorded run's name (``recorded``'s entry): when it planned, and the process that did."""
    return rec["at"], rec.get("pid"), rec.get("host"), rec.get("started")


def _mine(record: dict, at: float | None, roots=(), runs=None) -> list[str]:
    """The roots of ``record`` whose run says nothing of its end yet and is the one planned at ``at``;
    ``at`` None: any of ``roots`` (``ended_values``); ``runs``: those named so (``run_key``), whatever
    ``at`` and ``roots``."""
    return [r for r, rec in record.items() if "ended" not in rec and (
        run_key(rec) in runs if runs is not None else
        rec["at"] == at if at is not None else any(is_under(r, root) for root in roots))]


def ended_values(settings, at: float | None, how: str, roots=(), runs=None) -> dict | None:
    """``update_settings`` values saying that the run planned at ``at`` ended ``how`` (``MARKS``),
    before it finished; an end said already stays (None: nothing to change). A run cancelled before
    its plan (``at`` None) of ``roots``: the earlier runs recorded there, which it would have
    finished, are cancelled with it (a killed one is not resumed against the user's choice).
    ``runs``: the runs ``keep`` named instead (``run_key``)."""
    record = recorded(settings)
    mine = _mine(record, at, roots, runs)
    if how not in MARKS or not mine:
        return None
    return {KEY: {r: with_end(rec, how) if r in mine else rec for r, rec in record.items()}, ROOM: None}


def with_end(rec: dict, how: str) -> dict:
    """A run's entry (``stopped_runs``' record, ``reembed_record.RUNS``) saying its run ended ``how``: its
    room for it (``SLOT``) taken."""
    return {**bare(rec), "ended": how}


def bare(rec: dict) -> dict:
    """A run's entry without its room for its end (``SLOT``)."""
    return {k: v for k, v in rec.items() if k != SLOT}


def ended(library, at: float | None, how: str, roots=(), runs=None) -> bool:
    """Say in the record that the run planned at ``at`` (``planned``'s; None: not yet, of ``roots``;
    ``runs``: those ``keep`` named) ended ``how`` before it finished (``ended_values``): best done,
    never a failure of its own. Not said (a full disk), it reads as killed once its process is gone,
    and a window would resume a run its user cancelled: the handle keeps it (``keep``) and says it
    when it lets go of its lock or closes (``note_ends``). False when it could not be said."""
    import logging

    try:
        if (values := ended_values(library.meta.settings, at, how, roots, runs)):
            library.update_settings(**values)
        return True
    except Exception:  # (a full disk, the library gone: the run's own end says what happened)
        logging.getLogger("seekframe").debug("could not note how the run ended", exc_info=True)
    try:
        if ended_in_place(library, at, how, roots, runs):
            return True
    except Exception:
        logging.getLogger("seekframe").debug("could not note how the run ended in place", exc_info=True)
    keep(library, how, at, roots, runs)
    return False


def ended_in_place(library, at: float | None, how: str, roots=(), runs=None) -> bool:
    """``ended`` written over the room its runs' entries reserved as they were recorded (``SLOT``,
    ``planned``): ``library.json``'s bytes ``"end_slot": "…"`` rewritten in place as ``"ended":
    "cancelled"`` and spaces, no new block needed (``Connection.patch_meta``), so a disk still full
    when the window closes does not lose a Cancel. False (nothing written) when an entry has no
    room (an older version's)."""
    settings = library.meta.settings
    record = recorded(settings)
    if how not in MARKS or not (mine := _mine(record, at, roots, runs)) or any(SLOT not in record[r] for r in mine):
        return False
    in_place(library, KEY, {r: record[r][SLOT] for r in mine}, how)
    return True


def in_place(library, key: str, rooms: dict[str, str], how: str) -> None:
    """Say that the runs of the entries ``rooms`` ({entry: its room, ``SLOT``}) of settings key ``key``
    (``stopped_runs.KEY``, ``reembed_record.RUNS``) ended ``how``: ``library.json``'s bytes rewritten over
    their rooms (``slot_edits``), what a full disk still allows, the handle's settings as a whole write
    would leave them (``with_end``)."""
    settings = library.meta.settings
    after = {r: with_end(rec, how) if r in rooms else rec for r, rec in settings.other[key].items()}
    with library.conn.writing():
        library.conn.patch_meta(slot_edits(list(rooms.values()), how), settings=settings.updated(**{key: after}))


def slot_edits(slots, how: str) -> dict[bytes, bytes]:
    """``patch_meta``'s edits writing ``"ended": how`` over each of the rooms ``slots`` (entries'
    ``SLOT`` values: here, and ``core.reembed_record``'s runs), as ``meta_io.write_meta`` wrote them."""
    import json

    edits = {}
    for slot in slots:
        old = json.dumps({SLOT: slot})[1:-1].encode()
        edits[old] = json.dumps({"ended": how})[1:-1].encode().ljust(len(old))
    return edits


def keep(library, how: str, at: float | None = None, roots=(), runs=None) -> bool:
    """Keep on the handle (``library.unnoted_ends``) that the runs ``ended_values`` finds now (or
    ``runs``) ended ``how``, for ``note_ends`` to say: named as the record names them now
    (``run_key``), so a run of the same folders another process records meanwhile (planned, then
    killed) is not said to have ended so. False when there is none (or no handle to keep it)."""
    if not isinstance(getattr(library, "unnoted_ends", None), list):
        return False
    if runs is None:
        record = recorded(library.meta.settings)
        runs = frozenset(run_key(record[r]) for r in _mine(record, at, roots))
    return kept(library, how, runs)


def keep_killed(library, how: str, roots) -> bool:
    """``keep`` for a run dropped before it began (the window's Cancel of its queued runs, its lock not
    held): of the runs recorded under ``roots`` whose end is unsaid, only those whose process is gone
    (``run_owner.killed``: those a resume takes over), as ``reembed_record.cancel_kept`` for a
    --reindex's; a run still going (a `seekframe index` in a terminal), killed later, is resumed as any
    killed run, never read as cancelled by a Cancel its user did not make."""
    record = recorded(library.meta.settings)
    return kept(library, how, frozenset(run_key(record[r]) for r in _mine(record, None, roots)
                                        if run_owner.killed(record[r])))


def kept(library, how: str, names, key: str = KEY) -> bool:
    """Keep on the handle (``library.unnoted_ends``) that the runs ``names`` of settings key ``key`` ended
    ``how`` (``stopped_runs.KEY``: named by ``run_key``; ``reembed_record.RUNS``: by its ``_name``), for
    ``note_ends`` to say. False when there is none (or no handle to keep it)."""
    if not names or not isinstance(ends := getattr(library, "unnoted_ends", None), list):
        return False
    ends.append((how, frozenset(names), key))
    return True


def note_ends(library) -> None:
    """Say the ends ``ended`` could not (``library.unnoted_ends``), those that still cannot kept for
    the next try (a writer letting go of its lock, or closing: ``VideoLibrary``)."""
    left, library.unnoted_ends = library.unnoted_ends, []
    for how, runs, key in left:  # (``kept``'s)
        if key == KEY:
            ended(library, None, how, runs=runs)
        else:  # (a re-embed's, ``reembed_record.RUNS``)
            from . import reembed_record

            reembed_record.ended(library, how, names=runs)
