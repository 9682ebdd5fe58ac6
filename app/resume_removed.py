"""The folders another process removed while a window's unfinished indexing waited to resume
(``app.resume``): the app knows the removals it recorded itself and those its own writer's open
finished (``resume.removed_by_open``), but a `seekframe forget` from a terminal, or another window,
that removed a folder between the kill and this start leaves only ``library.json``'s record of the
last removals (``core.library.removed``: the folder, its number and when). A run left of such a
folder, resumed, would add it back and index its videos again: it goes with the removal, as a
recorded one's does. Only a run recorded before the removal (``UnfinishedRuns.since``: each root's
``Asked``, the library's count of removals as the app last read it, ordered as ``removed.later``
says, never by clocks where both are numbered): a folder the user added again after it, in a window
killed before its run wrote it to the library, resumes; so does one listed again (re-added by the
CLI or a window), or a folder the library never removed. The record keeps the last removals only:
a run asked before removals it lost (``removed.lost``), asked while in a library folder and in none
now, was removed meanwhile (``lost_roots``): it goes too, said (``lost_text``), never silently."""

from __future__ import annotations

import os
import time
from dataclasses import dataclass, replace

from core.filenames import shown


@dataclass(frozen=True)
class Asked:
    """When a root's run was asked (queued, or recorded): ``at`` by this machine's clock, ``seq`` the
    library's count of removals then (``core.library.removed``; None: not known, an older app's
    record: the clocks order it); ``provisional`` while the count is being read afresh (the window's
    last read of it may be behind: such an ask counts as made when it is looked at); ``listed``: the
    root was in a library folder then."""

    at: float = 0.0
    seq: int | None = None
    provisional: bool = False
    listed: bool = False


def in_folders(root: str, folders) -> bool:
    """Whether ``root`` lies in one of ``folders`` (as spelled)."""
    from core.scan import is_under

    return any(is_under(root, f) for f in folders or ())


def lost_roots(meta, since: dict, roots) -> tuple[str, ...]:
    """Those of ``roots`` asked (``since``) before removals the record no longer holds
    (``removed.lost``: more than it keeps came since), in a library folder then and in none now
    (``meta.settings.folders``): removed meanwhile, whichever removal it was."""
    from core.library.removed import lost

    folders = meta.settings.folders or ()
    return tuple(r for r in roots if (a := since.get(r)) is not None and isinstance(a, Asked) and a.listed
                 and not a.provisional and lost(meta, a.seq) and not in_folders(r, folders))


def numbered(meta, asks: dict) -> dict[str, Asked]:
    """``asks`` ({root: an ask, ``asked_of``}) as ``meta``'s record can order them: an ask whose count
    is above the library's now (``removed.current``) was counted in a numbering the library has gone
    back from (``library.json`` rebuilt, restored from a backup, another copy put in its place), where
    every removal since would seem to come before it: such an ask is ordered by its clock, as an older
    app's ask is."""
    from core.library.removed import current

    now, out = current(meta), {}
    for r, a in asks.items():
        a = asked_of(a)
        out[r] = replace(a, seq=None) if a.seq is not None and a.seq > now else a
    return out


def lost_text(roots) -> str:
    """Said of the runs ``lost_roots`` drops."""
    one, listed = len(roots) == 1, ", ".join(map(shown, roots))
    return (f"The indexing of {listed}, waiting or under way, was dropped: {'it is' if one else 'they are'} in no "
            f"library folder any more (another seekframe removed {'it' if one else 'them'} meanwhile, among more "
            "removals than the library keeps a record of). Add "
            f"{'it' if one else 'them'} again to index {'it' if one else 'them'}.")


def asked_of(value) -> Asked:
    """An ask as given: an ``Asked``, a time (an older caller's), or none (before any removal)."""
    if isinstance(value, Asked):
        return value
    return Asked(float(value)) if isinstance(value, (int, float)) else Asked()


def removed_after(entry: dict | None, ask) -> bool:
    """Whether the removal ``entry`` (``library.json``'s, None: one the app resolves itself, after
    every ask) came after ``ask`` (``asked_of``; a provisional one: made now, after every removal)."""
    from core.library.removed import later

    ask = asked_of(ask)
    return entry is None or (not ask.provisional and later(entry, ask.at, ask.seq))


def latest(old, new, now: int | None = None) -> Asked:
    """The later of two asks of one root (``new`` when they cannot be told apart). ``now``: the
    library's count of removals as last read; an ask counted above it was counted in a numbering the
    library has gone back from (``numbered``), so the two are ordered by their clocks."""
    old, new = asked_of(old), asked_of(new)
    if new.provisional or old.provisional:
        return new if new.provisional else old
    seqs = [a.seq for a in (old, new)]
    if None not in seqs and (now is None or max(seqs) <= now):
        return old if old.seq > new.seq else new
    return old if old.at > new.at else new


def removed_elsewhere(meta, since: dict, roots, known) -> dict[str, dict]:
    """{folder: its entry} for each folder of ``meta.removed`` (the library's description as this
    writer's open read it) removed after one of ``roots`` (the runs left) was recorded (``since``: a
    root's ``Asked``, before any for one an older app recorded without it), neither in a library folder
    now (listed again, or inside one: the user added it back) nor named by ``known`` (the removals the
    app resolves itself). Whether a root lies in it, through a link too, is for the mapping
    (``through_links``), among the roots ``before`` gives."""
    from core.scan import is_under

    asks = [since.get(r) for r in roots]
    listed = [os.path.normpath(f) for f in meta.settings.folders or ()]
    named = {os.path.normpath(k) for k in known}
    out: dict[str, dict] = {}
    for entry in getattr(meta, "removed", None) or ():
        folder = os.path.normpath(entry["folder"])
        if (any(removed_after(entry, a) for a in asks) and folder not in named
                and not any(is_under(folder, f) for f in listed)):
            out[entry["folder"]] = entry
    return out


def through_links(library, roots, folder: str, kept, listed=None, same=None) -> list[str]:
    """In a worker: those of ``roots`` that a run would index as part of ``folder``, removed while
    they waited (``app.jobs.indexed_inside``): links resolved against the library's folders as they
    were, ``listed`` (the library's now when not given) with ``folder`` among them, ``kept`` those in
    it still listed (kept by it), its offline ones never resolved. The resume's mapping of the runs
    a closed window left (``app.resume``) and the runner's of its queued runs (``app.removed_meanwhile``);
    ``same``, given, gets those that are ``folder`` itself through a link (``indexed_inside``)."""
    from .jobs import indexed_inside, offline_before

    folders = [*(library.meta.settings.folders or () if listed is None else listed), folder]
    return indexed_inside(roots, folder, folders, kept, offline_before(library, roots, folders), same)


def before(roots, since: dict, entry: dict | None) -> tuple[str, ...]:
    """Those of ``roots`` recorded (``since``: their ``Asked``) before the removal ``entry`` (None:
    every one, a removal the app resolves itself)."""
    return tuple(r for r in roots if removed_after(entry, since.get(r)))


def _number(value) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def since_of(record) -> dict[str, Asked]:
    """A record's ``"since"`` (``UnfinishedRuns.since``): {root: when recorded, by the clock} and
    ``"since_seq"``: {root: the library's count of removals then}, as {root: ``Asked``}."""
    since = record.get("since") if isinstance(record, dict) else None
    if not isinstance(since, dict):
        return {}
    seqs = record.get("since_seq") if isinstance(record.get("since_seq"), dict) else {}
    listed = set(record.get("since_listed") or ()) if isinstance(record.get("since_listed"), list) else set()
    return {r: Asked(float(t), seqs[r] if isinstance(seqs.get(r), int) and _number(seqs[r]) else None,
                     listed=r in listed) for r, t in since.items() if _number(t)}


def stamped(old: dict, had, jobs, asks: dict | None = None) -> dict[str, Asked]:
    """``since`` for the roots of ``jobs``: the runner's ask of each (``asks``; its time alone while its
    count is being read: the clock orders it), else kept from ``old`` (the record's), now for one the
    record lacks, before any removal for one it holds without a time (``had``, its runs: an older app's)."""
    held, now, asks = {r for j in had for r in j.roots or ()}, time.time(), asks or {}
    out = {}
    for r in (r for j in jobs for r in j.roots or ()):
        ask = asks.get(r)
        out[r] = (old.get(r, Asked(0.0 if r in held else now)) if ask is None
                  else Asked(ask.at) if ask.provisional else ask)
    return out


def since_value(since: dict[str, Asked]) -> dict:
    """How ``since`` is recorded: ``"since"`` (the clocks), ``"since_seq"`` (the counts known) and
    ``"since_listed"`` (the roots in a library folder when asked)."""
    value = {"since": {r: a.at for r, a in since.items()}}
    if seqs := {r: a.seq for r, a in since.items() if a.seq is not None}:
        value["since_seq"] = seqs
    if listed := [r for r, a in since.items() if a.listed]:
        value["since_listed"] = listed
    return value
