"""Index runs queued in an open window whose folder another process removed after they were queued
(``app.job_runner``). The window holds the writer lock only while it writes (``app.writer_turn``):
while its runs wait for the model, or for another seekframe that writes the library, `seekframe
forget /x` from a terminal, or another window, may take the lock first and remove /x. Run then, the
queued run of /x would add it back as a library folder with its videos, the removal undone. Each
removal's last write adds the folder and when to ``library.json``'s ``removed``
(``core.library.removed``), so the runner knows when each root was asked (``asked``) and, before a
run starts (``checked``: in its worker, the writer lock held, so no removal comes between the look
and the run) and when the status read sees the library anew (``look``), drops the runs of folders
removed after they were asked, those reaching into them through a link too (``jobs.indexed_inside``,
as the resume maps its runs left, ``app.resume_removed``), said as the resume says its drop
(``jobs.dropped_text``). A folder listed again since (re-added by the CLI or a window) runs, as does
a root asked again after the removal; the window's own removals are not looked at again (the
runner drops their runs itself, and a folder added again while its removal ran runs as asked)."""

from __future__ import annotations

import logging
import os
import time
from dataclasses import dataclass, replace

from .jobs import IndexJob, dropped_text, without_roots
from .resume_removed import before, removed_elsewhere, through_links
from .workers import Task

log = logging.getLogger("seekframe.app")


@dataclass(frozen=True)
class Removed:
    """Yielded by a run's worker before its first event (``checked``): the roots of the run that
    went with the folders removed meanwhile, ``cuts``: ``((folder, at, roots), ...)``."""

    cuts: tuple
    kind: str = "removed_meanwhile"


def removals_after(meta, asked: dict[str, float], own: dict[str, float]) -> dict[str, float]:
    """{folder: when removed} of ``meta.removed`` after one of ``asked`` ({root: when asked}) was
    asked, not listed since (``resume_removed.removed_elsewhere``), nor one of the window's own
    (``own``: {folder, normalised: when its removal ended})."""
    found = removed_elsewhere(meta, asked, list(asked), ())
    return {f: at for f, at in found.items() if own.get(os.path.normpath(f), -1.0) < at}


def cut(library, asked: dict[str, float], own: dict[str, float]) -> tuple:
    """In a worker: ``((folder, at, roots), ...)``, for each folder removed after some of ``asked``
    were asked (``removals_after``), those of them a run would index as part of it, links resolved
    against the library's folders as they were (the folder among them, those it keeps, listed,
    kept), its offline ones never resolved (``resume_removed.through_links``)."""
    from core.scan import is_under

    meta = library.meta
    listed, left, out = list(meta.settings.folders or ()), dict(asked), []
    for folder, at in removals_after(meta, asked, own).items():
        if not (roots := before(left, left, at)):
            continue
        kept = tuple(f for f in listed if is_under(f, folder))
        if gone := through_links(library, roots, folder, kept, listed):
            out.append((folder, at, tuple(gone)))
            for r in gone:
                left.pop(r, None)
    return tuple(out)


def checked(library, run, asked: dict[str, float], own: dict[str, float]):
    """``run.events`` (a ``service.IndexRun``'s, given to ``engine.events_as_writer``, so called
    with the writer lock held), preceded by ``Removed`` when roots of it went with a folder removed
    since they were asked: those taken out of ``run.roots``; none left, nothing runs (no roots would
    be every folder)."""
    def events():
        cuts = cut(library, asked, own) if asked else ()
        if cuts:
            yield Removed(cuts)
            gone = {r for _f, _at, roots in cuts for r in roots}
            run.roots = [r for r in run.roots or () if r not in gone]
            if not run.roots:
                return
        yield from run.events()
    return events


class RemovedMeanwhile:
    """The runner's side: when each root was asked, the window's own removals, and the drops."""

    def __init__(self, runner, session):
        self._runner, self._session = runner, session
        self.reset()

    def reset(self) -> None:
        """The library closed (or opens): nothing asked, nothing removed by the window."""
        self._asked: dict[str, float] = {}
        self._own: dict[str, float] = {}
        self._seen: set = set()  # (folder, at, root) looked at by ``look`` already
        self._looking = False

    def asked(self, job, at: dict | None = None) -> None:
        """``job`` queued: its roots asked now, or when ``at`` says (a record's: missing, before any).
        A root on its way already keeps the later ask: queued, the runs are one, and the user's add
        after a removal (while the model loads) is no run of the folder removed, whatever the run a
        closed window left of it, queued with it, says."""
        if isinstance(job, IndexJob):
            now, on_way = time.time(), set(self._runner.roots_on_the_way())
            for r in job.roots or ():
                t = now if at is None else at.get(r, 0.0)
                self._asked[r] = max(t, self._asked.get(r, t)) if r in on_way else t

    def keep(self, roots) -> None:
        """Only ``roots`` are on their way still: the others' times forgotten."""
        roots = set(roots)
        self._asked = {r: t for r, t in self._asked.items() if r in roots}

    def own_removal(self, folder: str) -> None:
        """The window's removal of ``folder`` ended (its runs dropped by the runner itself)."""
        self._own[os.path.normpath(folder)] = time.time()

    def own(self) -> dict[str, float]:
        """The window's own removals: those ended, and those running or queued (theirs for ever:
        the runner drops their runs once they are done, or puts them back if refused)."""
        pending = [*filter(None, [self._runner.removing()]), *self._runner.queue.waiting_removals()]
        return {**self._own, **{os.path.normpath(r.folder): float("inf") for r in pending}}

    def events(self, library, run):
        """What the index worker iterates for ``run`` (``checked``)."""
        asked = {r: self._asked[r] for r in run.roots or () if r in self._asked}
        return checked(library, run, asked, self.own())

    def heard(self, job: IndexJob, removed: Removed) -> IndexJob:
        """The running ``job`` told by its worker that roots of it went with a removal: said, and
        the job without them (no roots left: ``()``, nothing recorded of it)."""
        for folder, _at, roots in removed.cuts:
            job = without_roots(job, roots)[0] or replace(job, roots=())
            self._runner.message.emit("info", dropped_text(folder, tuple(roots)))
        return job

    def look(self) -> None:
        """The status was read (a reader's handle sees another process's writes): the queued runs
        of folders removed since they were asked mapped in a worker, once a removal and root."""
        s, queue = self._session, self._runner.queue
        library = s.library
        if library is None or s.read_only or self._looking:
            return
        queued = {r: self._asked[r] for r in queue.roots() if r in self._asked}
        if not queued:
            return
        own = self.own()
        new = [(f, at, r) for f, at in removals_after(library.meta, queued, own).items()
               for r in before(queued, queued, at) if (f, at, r) not in self._seen]
        if not new:
            return
        self._seen |= set(new)
        todo = {r: queued[r] for _f, _at, r in new}
        self._looking = True
        s.start_worker(Task(cut, library, todo, own, name="removed-meanwhile"), report_failure=False,
                       done=self._cut, failed=lambda msg: log.warning("removed meanwhile: %s", msg),
                       ended=self._ended)

    def _ended(self) -> None:
        self._looking = False

    def _cut(self, cuts) -> None:
        """The queued runs found in a folder removed meanwhile dropped (those still queued, not asked
        again since: the look maps the asks it began with), said."""
        dropped = False
        for folder, at, roots in cuts:
            if self.own().get(os.path.normpath(folder), -1.0) >= at:  # (the window's own, started since)
                continue
            if gone := self._runner.queue.drop_roots([r for r in roots if self._asked.get(r, 0.0) < at]):
                dropped = True
                self._runner.message.emit("info", dropped_text(folder, tuple(gone)))
        if dropped:
            self._runner.changed.emit()  # (recorded without them: app.resume)
