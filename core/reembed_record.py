"""A ``seekframe index --reindex A`` on the library's own model and cut, recorded in ``library.json``
until it finishes, so that one killed or crashed part-way is finished by the next plain run.

Such a run embeds A's videos again in place (``core.reindex_scope``): each keeps its moments until its
commit replaces them, so a run stopped part-way leaves A's videos old or new, and nothing told which.
Before its indexer starts, the run records ``{A: its start}`` (settings key ``KEY``, one atomic write
of ``library.json``, ``begin``); a video of A still waits to be embedded again while it is done (full
moments) with its last commit (``indexed_at``) before that start (``due``): a kill at any point
leaves the record true, each commit making one video no longer wait. Every later run reads the
record (``reembed``): a plain ``seekframe index`` (the window's Finish indexing, its resume of a
killed run) embeds again those of its videos still waiting, and only those; ``seekframe status``
says how many wait (``waiting``; its words ``core.reembed_words``). A run that finishes drops the entries of the
folders it covered (``finished_values``), but of those it found offline or where a video it embedded
again failed (on its earlier moments, it still waits: the next run tries it); where all those failed
for good (``core.reembed_failed``), the entry is narrowed to their paths, so a video moved into the
folder later does not wait. A forget drops its folders' entries (``forgotten_values``; ``--keep-inside``
moves them onto the folders it keeps). A video moved (renamed) out of the wait its entry gave it
carries it (``moved_onto``: its entry, and held its failure, follow its new path, ``moved_values``, written
with the move; embedded again by the run that finds it moved, held passed over). A library with no record
(an older version's) reads as before; an older version keeps the key as it is
(``LibrarySettings.other``).

Who embeds each folder's videos again, and how that run ended, beside it (settings key ``RUNS``,
``{folder: {"pid", "host", "started", "since", "end_slot" or "ended"}}``, ``core.run_owner``; "since": the entry of
``KEY`` it speaks of, so one an older version recorded again is not taken for it): ``begin`` names the
``--reindex`` process; a later run whose plan embeds a folder's waiting videos again takes it over
(``claim``: the window's resume, Finish indexing, a plain ``seekframe index``); a run that stops says
how (``ended``: a cancel, an error, a full disk; where a full disk refuses a whole write, over the room
each entry keeps for its end, ``SLOT``, else kept on the library handle, as ``core.run_ends``), one
that finishes leaving videos waiting says ``FINISHED``. So an entry that says nothing of its end
while its process is gone was killed or crashed (``killed``): the window resumes it at its open
(``app.resume``), never one the user cancelled, one that said it stopped, or one an older version
wrote (no process named).
"""

from __future__ import annotations

import math
from dataclasses import replace

from . import run_owner
from .run_ends import bare, in_place, kept, with_end
from .folder_counts import holding
from .scan import dropped_by_forget, is_under
from .stopped_runs import CANCELLED, FULL  # (run_ends imports it already)

# core.library.records.DONE, written here: importing it takes in core.library (numpy, pyarrow), which the
# window's start and the indexing process keep out (tests/app/test_startup.py), and an import in ``due``
# runs for every video (tests/test_reembed_one_rule.py checks the two agree)
DONE = "done"
KEY = "unfinished_reembed"  # {folder: the start of the run that embeds its videos again}
RUNS = "unfinished_reembed_runs"  # {folder: the process embedding its videos again[, how its run ended]}
FINISHED = "finished"  # (an end: a run that finished and left videos waiting where it reached, a re-embed failed)
SLOT = "end_slot"  # (core.stopped_runs.SLOT, alike) a run's entry's room for its end, written in place on a full disk


def recorded(settings) -> dict[str, float]:
    """The record as ``settings`` hold it; an entry that cannot be read is left out."""
    data = (settings.other or {}).get(KEY)
    return {r: float(at) for r, at in (data.items() if isinstance(data, dict) else ())
            if isinstance(r, str) and r and isinstance(at, (int, float)) and not isinstance(at, bool)
            and math.isfinite(at)}


def due(video, reembed: dict[str, float]) -> bool:
    """``video`` (a ``VideoRecord``) waits to be embedded again by ``reembed`` ({folder: since}):
    done with its full moments, in such a folder, its last commit before that run began (also
    ``reindex_scope.earlier``: the videos a full disk left on their earlier moments)."""
    return bool(waits_by(video, reembed))


def waits_by(video, reembed: dict[str, float]) -> list[str]:
    """The folders of ``reembed`` whose run ``video`` waits by (``due``), looked up by its path's folders
    (``folder_counts.holding``: an entry per video moved, ``moved_values``, costs no search of them all)."""
    if video.status != DONE or video.quick:
        return []
    return [r for r in holding(video.path, reembed) if video.indexed_at < reembed[r]]


def reembed(settings, named=()) -> dict[str, float]:
    """{folder: since} a run embeds again the waiting videos of: the record's (a ``--reindex`` records
    its folders as it begins, ``begin``), and ``named`` not in it (``IndexOptions.reembed``: every done
    video there)."""
    return {**{r: math.inf for r in named}, **recorded(settings)}


def begin(library, named, since: float) -> None:
    """Record a run that embeds the videos of the folders ``named`` again, begun at ``since``: written
    before its indexer starts, so no video of theirs is committed anew before it says so."""
    if named:
        settings, me = library.meta.settings, run_owner.this_process()
        library.update_settings(**{KEY: {**recorded(settings), **{r: since for r in named}},
                                   RUNS: {**runs(settings), **{r: {**me, "since": since, SLOT: _slot()}
                                                               for r in named}}})


def _slot() -> str:
    """A new room for a run's end (``SLOT``): bytes ``ended`` rewrites in place where a full disk
    refuses a whole write of ``library.json`` (``run_ends.ended_in_place`` alike)."""
    import secrets

    return secrets.token_hex(6)


def runs(settings) -> dict[str, dict]:
    """``RUNS`` as ``settings`` hold it (an entry that cannot be read left out)."""
    data = (settings.other or {}).get(RUNS)
    return {r: rec for r, rec in (data.items() if isinstance(data, dict) else ()) if isinstance(r, str)
            and isinstance(rec, dict)}


def claim(library, roots) -> list[str]:
    """A run of ``roots`` whose plan embeds again videos the record holds: the record's folders in
    ``roots`` named as this process's, their end unsaid (a write only where that changes them); the
    folders claimed (for ``ended``). A full disk leaves the record as it was (the run goes on)."""
    from .errors import is_disk_full

    settings, me = library.meta.settings, run_owner.this_process()
    record = recorded(settings)
    before = runs(settings)
    mine = {r: {**me, "since": at, **{k: v for k, v in before.get(r, {}).items() if k == "folder"}}  # (narrowed)
            for r, at in record.items() if any(is_under(r, root) for root in roots)}
    if changed := [r for r, rec in mine.items() if bare(before.get(r, {})) != rec]:
        try:
            library.update_settings(**{RUNS: {**before, **{r: {**mine[r], SLOT: _slot()} for r in changed}}})
        except Exception as exc:
            if not is_disk_full(exc):
                raise
    return list(mine)


def ended(library, how: str, claimed=(), roots=(), names=None) -> None:
    """Say how a run that stopped before it finished ended (``how``: a ``stopped_runs.MARKS``): the
    folders it ``claimed`` and those of ``roots`` this process named (``begin``: a ``--reindex``
    stopped before its plan), their end unsaid; a cancel also cancels the unsaid ones of ``roots``
    (never resumed against the user's choice); ``names``: the runs ``keep`` named instead. Best done,
    as ``run_ends.ended``: a whole write of ``library.json``; where a full disk refuses it, over each
    entry's room for its end (``SLOT``, in place); else kept on the handle (``run_ends.kept``, named as
    recorded now: a later run of the same folders, another process's, killed, is not said to have ended
    so) and said as it lets go of its lock or closes. Not said, the entry reads as killed and would be
    resumed. The writing is ``core.run_ends``', the settings key ``RUNS``."""
    import logging

    log, said = logging.getLogger("seekframe"), []
    try:
        settings = library.meta.settings
        held = runs(settings)
        if names is not None:
            said = [r for r, rec in held.items() if "ended" not in rec and _name(r, rec) in names]
        else:
            me = run_owner.read(run_owner.this_process())
            under = [r for r in recorded(settings) if any(is_under(r, root) for root in roots)]
            said = [r for r in dict.fromkeys([*claimed, *under]) if r in held and "ended" not in held[r]
                    and (r in claimed or how == CANCELLED or run_owner.read(held[r]) == me)]
        if not said:
            return
        library.update_settings(**{RUNS: {**held, **{r: with_end(held[r], how) for r in said}}})
        return
    except Exception:  # (a full disk, the library gone: the run's own end says what happened)
        log.debug("could not note how the re-embed ended", exc_info=True)
        if not said:
            return
    try:
        said = _ended_in_place(library, said, how)
    except Exception:
        log.debug("could not note how the re-embed ended in place", exc_info=True)
    kept(library, how, {_name(r, held[r]) for r in said}, RUNS)


def _name(folder: str, rec: dict) -> tuple:
    """A run's entry named as recorded: its folder, the start it speaks of and its process."""
    owner = run_owner.read(rec) or {}
    return folder, rec.get("since"), owner.get("pid"), owner.get("host"), owner.get("started")


def _ended_in_place(library, said: list[str], how: str) -> list[str]:
    """``ended`` written over the rooms of ``said``'s entries (``SLOT``: ``run_ends.in_place``), what a
    full disk still allows; those not written (no room of their own: an older version's, one copied
    onto several folders) returned."""
    on_disk = library.meta.settings.other[RUNS]
    slots = [rec.get(SLOT) for rec in on_disk.values() if isinstance(rec, dict)]
    room = [r for r in said if isinstance(on_disk[r].get(SLOT), str) and slots.count(on_disk[r][SLOT]) == 1]
    if room:
        in_place(library, RUNS, {r: on_disk[r][SLOT] for r in room}, how)
    return [r for r in said if r not in room]


def cancel_kept(library, roots) -> None:
    """The user's Cancel dropped a queued run of ``roots`` (the window's resume of a killed re-embed):
    the runs recorded there whose end is unsaid are cancelled with it, kept on the handle
    (``run_ends.kept``, named as recorded now) and written as it lets go of its lock or closes, as
    ``run_ends.keep`` does for stopped runs: before, still read as killed, the next open resumed them
    against the Cancel.
    Only the killed ones (their process gone, ``killed``'s: those a resume takes over): a run still
    going (a `seekframe index --reindex` in a terminal), killed later, is resumed as any killed run."""
    held = runs(library.meta.settings)
    kept(library, CANCELLED, {_name(r, rec) for r, rec in held.items()
                              if "ended" not in rec and any(is_under(r, root) for root in roots)
                              and run_owner.killed(rec)}, RUNS)


def killed(settings, parts) -> tuple[tuple[str, int], ...]:
    """Of ``waiting``'s ``parts``, those whose run's process is gone without saying how it ended (a
    ``kill -9``, a crash, a power cut): the window resumes them (``app.resume``), each with the videos its
    run embeds again: its own and those of the parts inside it not resumed themselves (each in the innermost
    such run), which a run of its folder embeds as well. A ``--reindex A`` killed, then a ``--reindex A/sub``
    cancelled: ``waiting`` counts A/sub's videos in A/sub's entry, and the resume of A said 1 video, embedding 3.
    A part is killed where an entry counted in it is (``_part``: a video's own entry, its wait carried there as it
    moved, ``moved_values``, is counted in its folder; looked up by the folder alone, its killed run was never
    resumed)."""
    held, record, wanted, asked = runs(settings), recorded(settings), dict(parts), {}
    dead = set()
    for r, rec in held.items():  # (each process asked once: a video's own entries share their run's)
        if (part := _part(r, held)) in wanted and "ended" not in rec and rec.get("since") == record.get(r):
            owner = run_owner.read(rec)
            key = tuple(sorted(owner.items())) if owner else None
            if key not in asked:
                asked[key] = run_owner.gone(owner)
            if asked[key]:
                dead.add(part)
    gone = {r: n for r, n in parts if r in dead}
    for f, n in parts:
        if f not in gone and (over := [r for r in gone if is_under(f, r)]):
            gone[max(over, key=len)] += n  # (the innermost: a path under two runs' folders is under the longer)
    return tuple(gone.items())


def finished_values(settings, roots, away=(), failed=(), held=()) -> dict | None:
    """``update_settings`` values once a run of ``roots`` finished: the entries of the folders it
    covered go, but those in ``away`` (found offline, or a folder it could not read: it reached nothing
    there; one holding such a part is narrowed to it as below, so its videos still wait) and those holding a
    path of ``failed`` (a video it embedded again that failed, of the moment: on its earlier moments, it
    still waits, said by status and embedded again by the next run); one left holding only paths of
    ``held`` (videos whose embedding again failed for good, ``core.reembed_failed``: passed over until
    their files change) is narrowed to them, each path an entry of its own with the folder's start and
    run: kept for the folder whole, it made any older video moved into the folder later wait, said as
    an interrupted --reindex and embedded again. None: nothing to change."""
    record = recorded(settings)
    if KEY not in (settings.other or {}) and RUNS not in (settings.other or {}):
        return None
    held_runs, after, narrowed = runs(settings), {}, {}

    def reached(r) -> bool:
        return any(is_under(r, root) for root in roots) and not any(is_under(r, a) for a in away)

    for r, at in record.items():
        if not reached(r) or any(is_under(p, r) for p in failed) or r in held:  # (r in held: narrowed already)
            after[r] = max(at, after.get(r, at))
        elif mine := [p for p in (*held, *away) if is_under(p, r)]:  # (a part it did not reach: a link to a
            after.update({p: max(at, after.get(p, at)) for p in mine})  # drive unplugged, a folder unread; the
            narrowed.update({p: r for p in mine})  # latest start: ``held`` asks all)
    held_runs = {**held_runs, **{p: {**held_runs.get(r, {}), "folder": r} for p, r in narrowed.items()}}
    # (those it reached and kept, a video failed there, or narrowed to parts it could not reach: it finished,
    # saying what it left)
    held_runs = {r: (with_end(rec, FINISHED) if "ended" not in rec and (reached(r) or r in narrowed) else rec)
                 for r, rec in held_runs.items() if r in after}
    values = {KEY: after or None, RUNS: held_runs or None}
    return None if all(v == settings.other.get(k) for k, v in values.items()) else values


def moved_onto(src, at, reembed: dict[str, float]) -> str | None:
    """The entry of ``reembed`` ({folder: since}) ``src`` (a ``VideoRecord``) waited by, where moved
    (``at``: its row at its new path) it waits by none (a video whose entry was narrowed to it, held,
    renamed; one moved out of the folder to embed again): the latest such run's; None otherwise."""
    if not due(src, reembed) or due(at, reembed):
        return None
    return max((reembed[r], len(r), r) for r in waits_by(src, reembed))[2]


def moved_values(settings, moved: dict[str, tuple[str, str, str]]) -> dict | None:
    """``update_settings`` values carrying the wait of videos ``moved`` ({id: (old path, new path, the
    entry they waited by)}, ``moved_onto``) onto their new paths: each an entry of its own with that
    entry's start and run, counted in the library folder holding it (as ``finished_values`` narrows); an
    entry that was narrowed to the video (its old path) goes, and its failure (``core.reembed_failed``)
    names its new path. Before, a held video renamed lost both at the next run, and a waiting one moved
    lost its wait where the run that found it moved stopped before it embedded it (a Cancel, a crash, a
    full disk: the move is written first): on its earlier moments, said by nothing. The run that embeds
    it drops its entry (``finished_values``). None: nothing to change."""
    from . import reembed_failed

    record, held, failures = recorded(settings), runs(settings), reembed_failed.recorded(settings)
    moved = {vid: m for vid, m in moved.items() if m[2] in record}
    if not moved:
        return None
    folders, gone = settings.folders or [], {old for old, _, entry in moved.values() if old == entry}
    after = {r: s for r, s in record.items() if r not in gone}
    after_runs = {r: rec for r, rec in held.items() if r not in gone}
    for _, new, entry in moved.values():
        after[new] = max(record[entry], after.get(new, record[entry]))
        if entry in held:
            folder = max((f for f in folders if is_under(new, f)), key=len, default=None)
            after_runs[new] = {**bare(held[entry]), **({"folder": folder} if folder else {})}
    values = {KEY: after or None, RUNS: after_runs or None}
    if any(vid in moved for vid in failures):
        values[reembed_failed.KEY] = {vid: (replace(f, path=moved[vid][1]) if vid in moved else f).to_json()
                                      for vid, f in failures.items()}
    return values


def forgotten_values(settings, root: str, kept=()) -> dict:
    """``update_settings`` values once ``root`` is forgotten (``LibrarySettings.after_forget``): the
    record's entries of folders in it, their runs' and their failed videos' (``core.reembed_failed``)
    go, but those that speak of videos in ``kept`` (folders a forget keeps: ``--keep-inside``). An
    entry of a folder gone that holds kept folders goes onto each of them (the latest start where one
    had its own), so their videos still wait, said by status and dropped by the run that embeds them:
    kept under the gone folder's name, no library folder's, status said nothing and no run dropped it.
    A run's entry whose folder is gone names the kept folder it lies in. A key absent stays so."""
    from . import reembed_failed

    def gone(path: str) -> bool:
        return dropped_by_forget(path, root, kept)

    def onto(path: str) -> list[str]:  # (the kept folders a gone folder's entry goes onto)
        return [k for k in kept if is_under(k, path)]

    def owner(rec, path: str):  # (a run's entry narrowed to a video, at ``path``, names its folder: if gone,
        folder = rec.get("folder") if isinstance(rec, dict) else None  # the kept one it lies in)
        if not (isinstance(folder, str) and gone(folder)):
            return rec
        return {**rec, "folder": next((k for k in kept if is_under(path, k)), folder)}

    other, out = settings.other or {}, {}
    for key, move in ((KEY, lambda at, was: max(at, was) if _time(at) and _time(was) else was), (RUNS, None)):
        data = other.get(key)
        if not isinstance(data, dict):
            continue
        left = {k: owner(v, k) for k, v in data.items() if not gone(k)}
        for k, v in data.items():
            for to in (onto(k) if gone(k) else ()):  # (a kept folder's own run stays its own)
                left[to] = owner(v, to) if to not in left else move(v, left[to]) if move else left[to]
        if left != data:
            out[key] = left or None
    data = other.get(reembed_failed.KEY)
    if isinstance(data, dict):
        left = {k: v for k, v in data.items() if not gone(v.get("path", "") if isinstance(v, dict) else k)}
        if left != data:
            out[reembed_failed.KEY] = left or None
    return out


def _time(at) -> bool:
    return isinstance(at, (int, float)) and not isinstance(at, bool)


def waiting(settings, videos, writing_now: bool = False) -> tuple[tuple[str, int], ...]:
    """(folder, its videos still waiting to be embedded again: online ones) of the record, in the
    library's folders, where any (an entry narrowed to a video counted in its folder's); none while
    another process writes the library (it may be that run). Each video counted once, in the entry of
    the latest run that asked for it (the innermost of those begun together): a ``--reindex A/sub``
    beside an earlier ``--reindex A`` counted A/sub's videos in both, said twice by status, the
    window's library panel and its resume."""
    if writing_now:
        return ()
    folders, held = settings.folders or [], runs(settings)
    record = {r: since for r, since in recorded(settings).items() if any(is_under(r, f) for f in folders)}
    counted = dict.fromkeys(record, 0)
    for v in videos:
        if not v.offline and (asked := [(record[r], len(r), r) for r in waits_by(v, record)]):
            counted[max(asked)[2]] += 1
    out: dict[str, int] = {}
    for root, n in counted.items():
        if n:
            folder = _part(root, held)
            out[folder] = out.get(folder, 0) + n
    return tuple(out.items())


def _part(root: str, held: dict) -> str:
    """The part of ``waiting`` the entry ``root`` is counted in: its own, or, narrowed to a video
    (``finished_values``, ``moved_values``), its folder's."""
    folder = held.get(root, {}).get("folder")
    return folder if isinstance(folder, str) and is_under(root, folder) else root


def full(settings, parts) -> tuple[str, ...]:
    """Of ``waiting``'s ``parts``, those a run a full disk stopped left (an entry counted in it, ``_part``,
    saying ``stopped_runs.FULL``, written whole or in place): room is to be made before they are embedded."""
    held, record = runs(settings), recorded(settings)
    stopped = {_part(r, held) for r, rec in held.items()
               if rec.get("ended") == FULL and rec.get("since") == record.get(r)}
    return tuple(r for r, _ in parts if r in stopped)


def with_waiting(per_folder: dict[str, int], parts, folders) -> dict[str, int]:
    """``per_folder`` ({library folder: files a stopped run left}, ``stopped_runs.per_folder``) with
    ``waiting``'s ``parts`` added to the innermost library folder of ``folders`` holding each: the
    app's library panel counts them and offers Finish indexing, which embeds them again."""
    out = dict(per_folder)
    for root, n in parts:
        if (folder := max((f for f in folders if is_under(root, f)), key=len, default=None)) is not None:
            out[folder] = out.get(folder, 0) + n
    return out
