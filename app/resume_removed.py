"""The folders another process removed while a window's unfinished indexing waited to resume
(``app.resume``): the app knows the removals it recorded itself and those its own writer's open
finished (``resume.removed_by_open``), but a `seekframe forget` from a terminal, or another window,
that removed a folder between the kill and this start leaves only ``library.json``'s record of the
last removals (``core.library.removed``: the folder and when). A run left of such a folder, resumed,
would add it back and index its videos again: it goes with the removal, as a recorded one's does.
Only a run recorded before the removal (``UnfinishedRuns.since``): a folder the user added again
after it, in a window killed before its run wrote it to the library, resumes; so does one listed
again (re-added by the CLI or a window), or a folder the library never removed."""

from __future__ import annotations

import os
import time


def removed_elsewhere(meta, since: dict, roots, known) -> dict[str, float]:
    """{folder: when removed} for each folder of ``meta.removed`` (the library's description as
    this writer's open read it) removed after one of ``roots`` (the runs left) was recorded (``since``:
    a root's first record, 0 for one an older app recorded without it), neither in a library folder
    now (listed again, or inside one: the user added it back) nor named by ``known`` (the removals the
    app resolves itself). Whether a root lies in it, through a link too, is for the mapping
    (``through_links``), among the roots ``before`` gives."""
    from core.scan import is_under

    first = min((since.get(r, 0.0) for r in roots), default=None)
    if first is None:
        return {}
    listed = [os.path.normpath(f) for f in meta.settings.folders or ()]
    named = {os.path.normpath(k) for k in known}
    out: dict[str, float] = {}
    for entry in getattr(meta, "removed", None) or ():
        folder = os.path.normpath(entry["folder"])
        if entry["at"] > first and folder not in named and not any(is_under(folder, f) for f in listed):
            out[entry["folder"]] = entry["at"]
    return out


def through_links(library, roots, folder: str, kept, listed=None) -> list[str]:
    """In a worker: those of ``roots`` that a run would index as part of ``folder``, removed while
    they waited (``app.jobs.indexed_inside``): links resolved against the library's folders as they
    were, ``listed`` (the library's now when not given) with ``folder`` among them, ``kept`` those in
    it still listed (kept by it), its offline ones never resolved. The resume's mapping of the runs
    a closed window left (``app.resume``) and the runner's of its queued runs (``app.removed_meanwhile``)."""
    from .jobs import indexed_inside, offline_before

    folders = [*(library.meta.settings.folders or () if listed is None else listed), folder]
    return indexed_inside(roots, folder, folders, kept, offline_before(library, roots, folders))


def before(roots, since: dict, at: float | None) -> tuple[str, ...]:
    """Those of ``roots`` recorded before a removal ``at`` (None: every one, a removal the app
    resolves itself)."""
    return tuple(roots) if at is None else tuple(r for r in roots if since.get(r, 0.0) < at)


def since_of(record) -> dict[str, float]:
    """A record's ``"since"`` (``UnfinishedRuns.since``): {root: when first recorded}."""
    since = record.get("since") if isinstance(record, dict) else None
    if not isinstance(since, dict):
        return {}
    return {r: float(t) for r, t in since.items() if isinstance(t, (int, float)) and not isinstance(t, bool)}


def stamped(old: dict, had, jobs) -> dict[str, float]:
    """``since`` for the roots of ``jobs``: kept from ``old`` (the record's), now for one the record
    lacks, 0 for one it holds without a time (``had``, its runs: an older app's, taken as recorded
    before any removal it is compared with)."""
    held, now = {r for j in had for r in j.roots or ()}, time.time()
    return {r: old.get(r, 0.0 if r in held else now) for j in jobs for r in j.roots or ()}
