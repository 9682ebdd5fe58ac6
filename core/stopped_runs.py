"""Index runs that stopped before they finished, recorded in ``library.json``.

A run writes no row for a new file until its video is complete (``core.indexer``), so a run killed
(``kill -9``, a closed terminal, an OOM kill, a power cut), interrupted or cancelled leaves nothing a
status could count: the new files it had not reached are simply not in the library yet. Once its
plan is known a run that has files to index records, per root, how many it planned
(``planned``: settings key ``KEY``, ``{root: {"files", "failed", "at"}}``, one write; a root inside
one a stopped run recorded is counted in that record, never twice); the run's
"finished" drops the record of the roots it covered (``finished``; a re-scan on the library's
snapshot, ``core.cli_models.noop_rescan``, through ``clear_on_disk``: a plain write of
``library.json`` under the writer lock, no LanceDB). ``stopped`` reads what is left for
``seekframe status`` and the app: of each stopped run, its roots and how many of its planned files
no run has indexed since (``StoppedRun.left``).

How each run ended (``StoppedRun.ended``): its record names the process that planned it
(``core.run_owner``: pid, machine, start) and a run that stops says how (``run_ends.ended``: a cancel the
user chose, the window's Cancel or a Ctrl-C, writes "cancelled"; one its front end made, a closing
window, a model switch, or an error, "interrupted"; a full disk, "full": said with what to do first), so a
record that says nothing of its end while
its process is gone was killed or crashed ("killed": the window resumes those, ``app.resume``);
"unknown": an older version's record, another machine's, or a process still running. Each entry is
recorded with room for its end (``SLOT``); writing an end is ``core.run_ends``'s.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

from . import run_owner
from .plural import count
from .run_room import ROOM, held, named
from .scan import is_under

KEY = "unfinished_index"  # (a settings key older versions keep as it is: ``LibrarySettings.other``)
CANCELLED, INTERRUPTED, KILLED, UNKNOWN = "cancelled", "interrupted", "killed", "unknown"  # (``StoppedRun.ended``)
FULL = "full"  # (stopped by a full disk: an older version reads it as no end said, as it reads a killed run)
MARKS = (CANCELLED, INTERRUPTED, FULL)  # (what a run writes of its end; the others are read)
SLOT = "end_slot"  # (core.library.meta_in_place.IN_PLACE: not imported, the window's start loads no core.library) an entry's room for its end, reserved as it is recorded (``run_ends.ended_in_place``)


@dataclass(frozen=True)
class StoppedRun:
    roots: tuple[str, ...]  # the run's roots with files left
    planned: int  # the files it planned to index there
    left: int  # of those, the ones no run has indexed or failed since (> 0)
    parts: tuple[tuple[str, int], ...] = ()  # (root, its files left), of the roots with some
    ended: str = UNKNOWN  # CANCELLED, INTERRUPTED, FULL, KILLED or UNKNOWN (the module's doc)
    quick: int = 0  # of ``left``, those searchable already through their quick pass's moments (stopped in its full pass)
    quick_parts: tuple[tuple[str, int], ...] = field(default=(), compare=False)  # (root, its quick ones), where any

    def to_json(self) -> dict:
        return {"roots": list(self.roots), "planned": self.planned, "left": self.left, "quick_only": self.quick,
                "ended": self.ended}


def recorded(settings) -> dict[str, dict]:
    """The record as ``settings`` hold it (its room's, ``core.run_room``, where a full disk refused it
    whole); an entry that cannot be read is left out (its process, ``run_owner.read``'s, and how it
    ended, ``MARKS``, kept when there: an older version's has neither)."""
    data = held(settings) or (settings.other or {}).get(KEY)
    out = {}
    for root, rec in (data.items() if isinstance(data, dict) else ()):
        if not (isinstance(root, str) and root and isinstance(rec, dict)):
            continue
        if (root := named(root, settings.folders or [])) is None:  # (a shortened record's folder, forgotten since)
            continue
        files, failed, at = rec.get("files"), rec.get("failed", 0), rec.get("at")
        if all(isinstance(n, int) and not isinstance(n, bool) and n >= 0 for n in (files, failed)) and \
                isinstance(at, (int, float)) and not isinstance(at, bool) and math.isfinite(at):
            out[root] = {"files": files, "failed": failed, "at": float(at), **(run_owner.read(rec) or {})}
            if rec.get("ended") in MARKS:
                out[root]["ended"] = rec["ended"]
            elif isinstance(rec.get(SLOT), str) and rec[SLOT]:
                out[root][SLOT] = rec[SLOT]
    return out


def _without(record: dict, roots, away=(), own: float | None = None) -> dict:
    """``record`` less the roots in ``roots``, but those in ``away`` (found offline: not reached),
    save the entries the run planned at ``own`` wrote itself: a folder whose vanished videos are
    held (a drive back on another device) is among ``away`` though the run walked it, and what it
    planned there it reached."""
    return {r: v for r, v in record.items() if not any(is_under(r, root) for root in roots)
            or any(is_under(r, a) for a in away) and (own is None or v["at"] != own)}


def _left(root: str, rec: dict, videos) -> int:
    """Of ``rec``'s planned files under ``root``, those no run has indexed or failed since: a row
    written done (its full pass) or failed since the plan (``indexed_at``: a failure's time too) is a
    file reached, a file tried again and failed again included. A version before failures had a time
    wrote a failed row's as it was (0 for a new file): the failed rows with no time since the plan
    beyond the root's failed ones then (``rec["failed"]``) are files reached too, as they were counted."""
    from .library.records import DONE, FAILED

    mine = [v for v in videos if is_under(v.path, root)]
    reached = sum((v.status == DONE and not v.quick or v.status == FAILED) and v.indexed_at >= rec["at"] for v in mine)
    untimed = sum(v.status == FAILED and v.indexed_at < rec["at"] for v in mine)  # (this version's: failed at the plan)
    return max(0, rec["files"] - reached - max(0, untimed - rec["failed"]))


def _quick(root: str, videos) -> int:
    """The videos under ``root`` searchable through their quick pass's moments only: a file the
    plan counted that a run stopped in its full pass left so (searchable, not finished)."""
    from .library.records import DONE

    return sum(v.status == DONE and v.quick and is_under(v.path, root) for v in videos)


def planned_values(settings, roots: list[str], jobs, rows, now: float, away=(), process: dict | None = None,
                   slot: bool = False) -> dict | None:
    """``update_settings`` values recording a run of ``roots`` that plans ``jobs`` (records with
    ``path``), ``rows`` the library's videos then (its failed ones at least); None when it plans
    nothing. Each file counts once, under the innermost root holding it; the record of the roots'
    earlier runs is replaced (the plan counts what they left), but of those in ``away``, found
    offline (the plan holds none of their files). A root inside one an earlier stopped
    run recorded is counted in that record, not beside it (its files would be counted twice: the
    earlier plan's files in it not indexed since are among this plan's): it holds the files left of
    the earlier plan or of this one in it, whichever are more, from now on. ``process``: the
    process running it (``run_owner.this_process``), named in its entries; ``slot``: each new entry
    with the room its end is written in when a full disk refuses a whole write (``SLOT``)."""
    import secrets

    from .library.records import FAILED

    if not jobs:
        return None

    def owner(path):
        return max((r for r in roots if is_under(path, r)), key=len, default=None)

    files: dict[str, int] = {}
    for job in jobs:
        if (root := owner(job.path)) is not None:
            files[root] = files.get(root, 0) + 1
    earlier = _without(recorded(settings), roots, away)
    folders = settings.folders or []
    for outer, rec in list(earlier.items()):  # (a run inside an earlier stopped run's root: counted in its record,
        if not any(is_under(outer, f) for f in folders):  # one the library's, as ``stopped`` says: not one of
            continue  # a folder forgotten since, which is said by nothing)
        inner = [r for r in files if r != outer and is_under(r, outer)]
        if inner:
            planned_here = sum(files.pop(r) for r in inner)
            files[outer] = max(_left(outer, rec, rows), planned_here)
            del earlier[outer]
    # ("failed": the root's failed videos then, which versions before failures had a time read)
    failed = {r: sum(v.status == FAILED and is_under(v.path, r) for v in rows) for r in files}
    record = {**earlier, **{r: {"files": n, "failed": failed[r], "at": now, **(process or {}),
                                **({SLOT: secrets.token_hex(6)} if slot else {})} for r, n in files.items()}}
    return {KEY: record or None, ROOM: None}


def finished_values(settings, roots: list[str], away=(), own: float | None = None) -> dict | None:
    """``update_settings`` values once a run of ``roots`` finished: the record of those roots and
    of the folders in them gone, but of those in ``away``, which the run found offline (its
    ``summary["offline_roots"]``: a drive unplugged; it reached nothing there), those the run
    recorded itself (``own``: its plan's time, ``planned``) gone there too (None: nothing to change)."""
    if KEY not in (settings.other or {}) and not held(settings):
        return None
    after = _without(recorded(settings), roots, away, own) or None
    return None if after == settings.other.get(KEY) and not held(settings) else {KEY: after, ROOM: None}


def planned(library, roots: list[str], jobs, away=()) -> float | None:
    """Record the run of ``roots`` that plans ``jobs`` (``core.indexer``, once its plan is known;
    ``away``: its roots found offline), named as this process's; its time (``run_ends.ended`` takes it), None
    when it plans nothing."""
    import time

    from .errors import is_disk_full

    if not jobs:
        return None
    now = time.time()
    rows = library.video_table.view().values()  # (read only: no copy of every row)
    values = planned_values(library.meta.settings, roots, jobs, rows, now, away,
                            run_owner.this_process(), slot=True)
    try:
        library.update_settings(**values)
    except Exception as exc:  # (a full disk: the run stops here, said so in the room kept for it)
        if is_disk_full(exc):
            from .run_room import refused

            refused(library, values[KEY], now)
        raise
    return now


def finished(library, roots: list[str], away=(), own: float | None = None, also: dict | None = None) -> None:
    """The run of ``roots`` finished: its record, and the record of earlier runs of them, go (but
    of those in ``away``, found offline, where only its own goes: ``own``, its plan's time); ``also``:
    other settings written in the same write (``core.reembed_record.finished_values``)."""
    if values := {**(finished_values(library.meta.settings, roots, away, own) or {}), **(also or {})}:
        library.update_settings(**values)


def without_record(meta):
    """``meta`` (a ``LibraryMeta``) as if nothing were recorded: what a snapshot's run works on
    (``noop_rescan``, which clears the record itself: ``clear_on_disk``)."""
    from dataclasses import replace

    other = {k: v for k, v in meta.settings.other.items() if k not in (KEY, ROOM)}
    return replace(meta, settings=replace(meta.settings, other=other))


def clear_on_disk(root, roots: list[str], records, away=()) -> bool:
    """A re-scan of ``roots`` on the library's snapshot finished: the record of those roots goes
    from ``library.json`` (a plain write; the caller holds the writer lock) and the snapshot,
    ``records`` its videos' rows, is stamped with the file as written, so the next re-scan still
    needs no LanceDB (``away``: as ``finished_values``). Nothing is written when nothing is
    recorded for them; False: not done (a forget request that cannot be read is there: the
    library's own open says it)."""
    return updated_on_disk(root, records, lambda settings: finished_values(settings, roots, away))


def updated_on_disk(root, records, values_of) -> bool:
    """``library.json``'s settings changed by ``values_of(settings)`` (``update_settings`` values,
    None: nothing written), a plain write (the caller holds the writer lock), the snapshot's
    ``records`` stamped with the file as written; False: not done (``clear_on_disk``)."""
    from dataclasses import replace
    from pathlib import Path

    from .library import meta as meta_io
    from .library import snapshot
    from .library.location import Location

    root = Path(root)
    meta = meta_io.read_meta(root)
    if (values := values_of(meta.settings)) is None:
        return True
    if meta.unread_request is not None:  # (the library's writer's open sets it aside, and says so)
        return False
    stamp = snapshot.disk_stamp(root)  # (the tables' versions: unchanged, this run wrote none)
    meta_io.write_meta(Location(root), replace(meta, settings=meta.settings.updated(**values)))
    snapshot.save(root, records, {n: stamp[n][0] if stamp[n] else None for n in snapshot.TABLES})
    return True


def stopped(settings, videos, writing_now: bool = False) -> tuple[StoppedRun, ...]:
    """The runs recorded as stopped, in the library's folders, with files no run has indexed since
    (``videos``: the library's rows); none while another process writes the library (it may be
    that very run, going on)."""
    if writing_now:
        return ()
    folders = settings.folders or []
    runs: dict[tuple[float, str], list[tuple[str, dict]]] = {}
    for root, rec in recorded(settings).items():
        if any(is_under(root, f) for f in folders):  # (a folder forgotten since: not the library's)
            # (a run's roots a later cancel before its plan ended, ``run_ends.ended_values``, apart: the others' end is their own)
            runs.setdefault((rec["at"], rec.get("ended", "")), []).append((root, rec))
    out = []
    for _key, entries in sorted(runs.items()):
        parts, quick = [], []
        for root, rec in entries:
            if (left := _left(root, rec, videos)) > 0:
                parts.append((root, left))
                if n := min(left, _quick(root, videos)):
                    quick.append((root, n))
        if parts:  # (its roots with files left: a run of every folder names those)
            out.append(StoppedRun(tuple(r for r, _ in parts), sum(rec["files"] for r, rec in entries if r in dict(parts)),
                                  sum(n for _, n in parts), tuple(parts), how_ended([rec for _, rec in entries]),
                                  sum(n for _, n in quick), tuple(quick)))
    return tuple(out)


def how_ended(entries: list[dict]) -> str:
    """How the run of these record entries (one run's: its roots) ended: what it said of it, else
    KILLED when the process that planned it is gone, else UNKNOWN."""
    if said := next((e["ended"] for e in entries if e.get("ended") in MARKS), None):
        return said
    owner = run_owner.read(entries[0]) if entries else None
    return KILLED if run_owner.gone(owner) else UNKNOWN


def unnoted_text(next_run: str = "the next index") -> str:
    """What a front end says of a run that indexed what it planned but could not drop its record
    (``core.indexer``: the disk full by then; its "finished" event's ``summary["finish_unnoted"]``):
    no video failed; ``next_run``, what notes it."""
    return ("The disk is full: the library could not note that this index finished (its videos are in the "
            f"library); free some space, and {next_run} notes it.")


def stopped_text(run: StoppedRun, shown=str, finish: str = "`seekframe index`") -> str:
    """What a front end says of a stopped run: ``finish``, what indexes the rest (once there is room,
    where a full disk stopped it)."""
    return (f"An index of {', '.join(map(shown, run.roots))} {ended_words(run.ended)} "
            f"({left_words(run.left, run.quick)}); {room_first(run.ended)}{finish} indexes the rest.")


def room_first(ended: str) -> str:
    """What to do before the rest is indexed: room made, where a full disk stopped the run (a plain
    index's, ``stopped_text``, and a --reindex's, ``reembed_words.waiting_text``, alike)."""
    return "free some space, then " if ended == FULL else ""


def left_words(left: int, quick: int = 0) -> str:
    """``left`` files a stopped run did not finish, ``quick`` of them searchable already through
    their quick pass's moments (a run stopped in its full pass): before, all were said "still to
    index", as if none could be found."""
    were = "was" if left == 1 else "were"
    detail = quick_words(left, quick)
    return f"{count(left, 'file')} {were} still to index" + (f": {detail}" if detail else "")


def quick_words(left: int, quick: int) -> str:
    """Of ``left`` files not finished, how many are searchable already (``quick``) and how many
    not indexed yet ("" for none searchable)."""
    quick = min(quick, left)
    if not quick:
        return ""
    if quick == left:
        its = "its" if left == 1 else "their"
        return f"{'searchable' if left == 1 else 'all searchable'} already through {its} quick pass's moments, " \
               f"{its} full moments to come"
    return f"{quick} searchable already through their quick pass's moments, {left - quick} not indexed yet"


def ended_words(ended: str) -> str:
    """How a stopped run ended, as `seekframe status` and the app's library panel say it alike: a
    cancel the user chose is said as one, a full disk as one (before, said as any stop: a window opened
    on the library later told nothing of why, nor that room was to be made first); any other end
    (killed, interrupted, unknown) as stopped."""
    return ("was cancelled before it finished" if ended == CANCELLED else
            "stopped before it finished: the disk holding the library was full" if ended == FULL else
            "stopped before it finished")


def killed(runs, online) -> tuple[tuple[str, int], ...]:
    """(root, files left) of the ``runs`` whose process was killed or crashed (KILLED), in the
    folders of ``online`` (those there now): what the app resumes at its open, as its own runs a
    closed window left (never one cancelled, nor one whose end is not known)."""
    return tuple((r, n) for run in runs if run.ended == KILLED for r, n in run.parts
                 if any(is_under(r, f) for f in online))


def killed_quick(runs, online) -> tuple[tuple[str, int], ...]:
    """(root, its files searchable already through their quick pass's moments) of ``killed``'s
    roots, where any: what the app's resume says of them (``left_words``)."""
    return tuple((r, n) for run in runs if run.ended == KILLED for r, n in run.quick_parts
                 if any(is_under(r, f) for f in online))


def per_folder(runs, folders) -> dict[str, int]:
    """{library folder: files left by the stopped ``runs`` in it} (the app's library panel)."""
    out: dict[str, int] = {}
    for run in runs:
        for root, n in run.parts:
            if (folder := _folder_of(root, folders)) is not None:
                out[folder] = out.get(folder, 0) + n
    return out


def cancelled_in(runs, folders) -> tuple[str, ...]:
    """Those of ``folders`` whose files left by the stopped ``runs`` were all left by runs the user
    cancelled (``per_folder``'s folders, said "was cancelled" by the app's library panel as by status)."""
    ends: dict[str, set[str]] = {}
    for run in runs:
        for root, _ in run.parts:
            if (folder := _folder_of(root, folders)) is not None:
                ends.setdefault(folder, set()).add(run.ended)
    return tuple(f for f, ended in ends.items() if ended == {CANCELLED})


def full_in(runs, folders) -> tuple[str, ...]:
    """Those of ``folders`` whose latest stopped run of the ``runs`` (``stopped``'s, oldest first) a
    full disk stopped: the app's library panel says so, and that room is to be made first."""
    last: dict[str, str] = {}
    for run in runs:
        for root, _ in run.parts:
            if (folder := _folder_of(root, folders)) is not None:
                last[folder] = run.ended
    return tuple(f for f, ended in last.items() if ended == FULL)


def _folder_of(root: str, folders) -> str | None:
    """The library folder of ``folders`` that holds ``root`` (the innermost), None when none does."""
    return max((f for f in folders if is_under(root, f)), key=len, default=None)


def folder_words(left: int, offline: bool = False, cancelled: bool = False, quick: int = 0,
                 full: bool = False, beside: int = 0) -> tuple[str, str]:
    """The app's library panel's words for a folder whose index stopped with ``left`` files not
    reached ("", "" for none): beside its count, and its tooltip's line (``offline``: not there now;
    ``cancelled``: the user cancelled it, ``cancelled_in``, said as `seekframe status` says it;
    ``quick``: the folder's videos searchable through their quick pass's moments only, ``left_words``;
    ``full``: a full disk stopped it, ``full_in``). ``beside``: quick ones the row says beside its videos,
    counted there alone (s59: "13 videos (13 with quick moments only) · 16 still to index" of 15 videos
    and a text file); the rest "still to index", the tooltip's line saying so besides them."""
    if not left:
        return "", ""
    ended = CANCELLED if cancelled else FULL if full else UNKNOWN
    beside = min(beside, left)
    new = left - beside
    what = left_words(left, quick) if not beside else (
        f"{count(new, 'file')} {'was' if new == 1 else 'were'} still to index besides the {beside} above" if new else "")
    return (f"  ·  {new} still to index" if new else "",
            f"Its last index {ended_words(ended)}{f' ({what})' if what else ''}; "
            + ("once it is back, " if offline else "") + room_first(ended) + "Finish indexing indexes the rest.")
