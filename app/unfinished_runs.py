"""The index work a window left unfinished, per library folder, in the app's settings
(``UnfinishedRuns``): the runs running or queued (a folder just added, a re-scan, the re-index of a
model switch) and the removals under way with the runs they hold, recorded each time they change, so
a window closed (or killed) mid-way leaves them behind for ``app.resume.IndexResume``; nothing is
left once the work is done, or when the user cancels it. Also the notes and caption imports that
waited for another writer when a window closed (``held``)."""

from __future__ import annotations

import logging
import os
from dataclasses import replace

from .jobs import ForgetJob, IndexJob, merged_runs
from .resume_removed import since_of, since_value, stamped

log = logging.getLogger("seekframe.app")


def _key(library_dir: str) -> str:
    return os.path.normpath(os.path.abspath(str(library_dir)))


class UnfinishedRuns:
    """The unfinished index run of each library folder: in ``settings`` (``AppSettings``: it
    outlives the process) when given, else in memory."""

    def __init__(self, settings=None):
        self._settings = settings
        self._memory: dict = {"unfinished_runs": {}, "held_writes": {}}  # (without settings)

    def _read(self, name: str) -> dict:
        return dict(getattr(self._settings, name) if self._settings is not None else self._memory[name])

    def _write(self, name: str, value: dict, what: str) -> None:
        if self._settings is None:
            self._memory[name] = value
            return
        try:
            setattr(self._settings, name, value)
            self._settings.sync()  # at once: a window killed next must not lose it
        except Exception:  # remembering is a convenience: never a failure of the work itself
            log.exception("could not keep %s", what)

    def _all(self) -> dict:
        return self._read("unfinished_runs")

    def get(self, library_dir: str) -> IndexJob | None:
        """The plain run left (``runs``: the "Remove missing videos" one too)."""
        return next((j for j in self.runs(library_dir) if not j.prune), None)

    def runs(self, library_dir: str) -> tuple[IndexJob, ...]:
        """The runs left: a plain one and a pruning one, each when there is one (``merged_runs``).
        Recorded as its roots (a list; null: every folder), or, with a pruning run or a Try again (``retry``),
        as an object, ``{"prune": roots, "roots": roots, "retry": ["roots", …]}`` ("roots" only when a plain
        run is left too; "retry": which of them read the failed videos again, as ``--retry-failed``)."""
        record = self._all().get(_key(library_dir), ())
        if not isinstance(record, dict):
            return tuple(j for j in [_run(record)] if j is not None)
        return _runs(record)

    def removal(self, library_dir: str) -> ForgetJob | None:
        """The first of ``removals`` (None when none)."""
        return next(iter(self.removals(library_dir)), None)

    def removals(self, library_dir: str) -> tuple[ForgetJob, ...]:
        """The removals that were running or waiting for their runs to be mapped, each with the
        runs it held (``ForgetJob.held``), recorded as ``"removing": {"folder": path, "roots": …,
        "prune": …}`` beside the runs left (one), or a list of such objects (several)."""
        record = self._all().get(_key(library_dir))
        removing = record.get("removing") if isinstance(record, dict) else None
        out = []
        for item in removing if isinstance(removing, list) else [removing]:
            if isinstance(item, dict) and isinstance(item.get("folder"), str):
                out.append(ForgetJob(item["folder"], held=_runs(item)))
        return tuple(out)

    def since(self, library_dir: str) -> dict:
        """When each root of the runs left (theirs and the removals') was asked, as ``"since": {root:
        time}`` and ``"since_seq": {root: the library's count of removals}`` (``set``; {root:
        ``resume_removed.Asked``}; none for a record an older app wrote)."""
        return since_of(self._all().get(_key(library_dir)))

    def adds(self, library_dir: str) -> tuple[str, ...]:
        """The folders of the plain run left that were adds not looked at yet (``set``), recorded as
        ``"adds": [path, …]`` beside its roots (an app before it resumes them as its other roots)."""
        record = self._all().get(_key(library_dir))
        adds = record.get("adds") if isinstance(record, dict) else None
        return tuple(a for a in adds if isinstance(a, str)) if isinstance(adds, list) else ()

    def set(self, library_dir: str, job, removal=None, asks: dict | None = None, adds=()) -> None:
        """Record ``job``: an ``IndexJob``, the runs ``runs`` gives (a tuple), or None (nothing left);
        ``removal``: the removal running (a ``ForgetJob``), or several (a sequence: one running, others
        whose runs left are being mapped), each one's held runs to resume only if it removed nothing;
        ``asks``: when the runner's roots were asked ({root: ``Asked``}, ``RemovedMeanwhile.asks``);
        ``adds``: folders the user added whose look (``app.folder_questions``) had not answered: the
        next open looks at them again, asking first where it must, not indexes them unasked."""
        runs, key = self._all(), _key(library_dir)
        removals = [removal] if isinstance(removal, ForgetJob) else list(dict.fromkeys(removal or ()))
        jobs = merged_runs([job] if isinstance(job, IndexJob) else job or ())
        had = [*self.runs(library_dir), *(h for r in self.removals(library_dir) for h in r.held)]
        since = stamped(self.since(library_dir), had, [*jobs, *(h for r in removals for h in r.held)], asks)
        adds = [a for a in dict.fromkeys(adds) if any(not j.prune for j in jobs)]  # (none without a plain run)
        value, empty = _value(jobs, alone=not removals and not since and not adds), not jobs and not removals
        if adds:
            value["adds"] = adds
        if since:  # (an object, whose other keys an app before it ignores)
            value.update(since_value(since))
        if removals:  # (an object, which the app before it reads as its runs alone; one removal as an
            # object, which an app keeping one reads too)
            kept = [{"folder": r.folder, **_value(merged_runs(r.held), alone=False)} for r in removals]
            value["removing"] = kept[0] if len(kept) == 1 else kept
        if (empty and key not in runs) or (not empty and key in runs and runs[key] == value):
            return
        if empty:
            del runs[key]
        else:
            runs[key] = value
        self._write("unfinished_runs", runs, "the unfinished index run")

    # the notes and caption imports that waited for another process when a window closed
    # (``JobRunner.held_writes``): the user's text, written at the next open
    def held(self, library_dir: str) -> list:
        items = self._read("held_writes").get(_key(library_dir))
        return [i for i in items if isinstance(i, list) and i] if isinstance(items, list) else []

    def set_held(self, library_dir: str, items: list) -> None:
        everything = self._read("held_writes")
        if not items and _key(library_dir) not in everything:
            return
        everything.pop(_key(library_dir), None)
        if items:
            everything[_key(library_dir)] = items
        self._write("held_writes", everything, "the notes waiting for another writer")


def _value(jobs: tuple[IndexJob, ...], alone: bool = True):
    """How ``jobs`` (``merged_runs``'s) are recorded: ``{"roots": …, "prune": …}`` (null: every
    folder), each when there is one, or, ``alone`` and without a pruning run, the plain run's roots."""
    value = {("prune" if j.prune else "roots"): None if j.roots is None else list(j.roots) for j in jobs}
    if retry := ["prune" if j.prune else "roots" for j in jobs if j.retry]:  # (Try again: an app before it
        value["retry"] = retry  # resumes them as plain runs)
    return value if not alone or "prune" in value or retry else value.get("roots")


def _runs(record: dict) -> tuple[IndexJob, ...]:
    """The runs of a recorded object (``_value``'s): its plain and its pruning run, each with its retry."""
    retry = record.get("retry") if isinstance(record.get("retry"), list) else ()
    runs = [_run(record.get("roots", ())), _run(record.get("prune", ()), True)]
    return tuple(replace(j, retry=("prune" if j.prune else "roots") in retry) for j in runs if j is not None)


def _run(roots, prune: bool = False) -> IndexJob | None:
    """A recorded run's roots as a run (null: every folder); None when absent or not what this app wrote."""
    if roots is None:
        return IndexJob(None, prune)
    if isinstance(roots, list) and roots and all(isinstance(r, str) for r in roots):
        return IndexJob(tuple(roots), prune)
    return None
