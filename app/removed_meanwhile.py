"""Index runs queued in an open window whose folder another process removed after they were queued
(``app.job_runner``). The window holds the writer lock only while it writes (``app.writer_turn``):
while its runs wait for the model, or for another seekframe that writes the library, `seekframe
forget /x` from a terminal, or another window, may take the lock first and remove /x. Run then, the
queued run of /x would add it back as a library folder with its videos, the removal undone. Each
removal's last write adds the folder and its number to ``library.json``'s ``removed``
(``core.library.removed``), so the runner knows when each root was asked (``asked``: the library's
count of removals, read afresh in a worker; the window's last read of it meanwhile, provisional:
such an ask counts as made when it is looked at, never by a clock, which another machine's may
differ from or NTP set back; a removal of its folder counted between the two reads, which came about
when it was asked, before or after, is said: ``raced``) and, before a
run starts (``checked``: in its worker, the writer lock held, so no removal comes between the look
and the run) and when the status read sees the library anew (``look``), drops the runs of folders
removed after they were asked (the run's own first removals too: ``first_removals``), those
reaching into them through a link too (``jobs.indexed_inside``, as the resume maps its runs left,
``app.resume_removed``), said as the resume says its drop
(``run_words.dropped_text``). A folder listed again since (re-added by the CLI or a window) runs, as does
a root asked again after the removal; the window's own removals are not looked at again (the
runner drops their runs itself, and a folder added again while its removal ran runs as asked). A
root asked before removals the record no longer holds (more than it keeps came since), in a library
folder then and in none now, goes too, said (``resume_removed.lost_roots``, ``lost_text``)."""

from __future__ import annotations

import logging
import os
import time
from dataclasses import dataclass, replace

from .jobs import IndexJob, Roots, without_roots
from .run_words import dropped_text
from .resume_removed import (Asked, asked_of, before, in_folders, latest, lost_roots, lost_text, numbered,
                             removed_after, removed_elsewhere, through_links)
from .workers import Task

log = logging.getLogger("seekframe.app")


@dataclass(frozen=True)
class Removed:
    """Yielded by a run's worker before its first event (``checked``): the roots of the run that
    went with the folders removed meanwhile, ``cuts``: ``((folder, entry, roots), ...)`` (``entry``:
    the removal's in ``library.json``'s ``removed``; ``(None, None, roots)``: ``lost_roots``)."""

    cuts: tuple
    kind: str = "removed_meanwhile"


@dataclass(frozen=True)
class KeptAgain:
    """Yielded by a run's worker first when its roots named folders of a stopped `seekframe forget` of
    several that were still to be removed (``service.IndexRun.keep_readded``): kept, their removal
    dropped; ``text`` says so (``core.library.forget_request.kept_text``)."""

    folders: tuple
    text: str
    kind: str = "kept_again"


def count_now(library) -> tuple[int, tuple[str, ...], tuple[dict, ...]]:
    """In a worker: the library's count of removals, its folders and its record of the last removals,
    as ``library.json`` holds them now."""
    from core.library.meta import read_meta
    from core.library.removed import current

    meta = read_meta(library.location)
    return current(meta), tuple(meta.settings.folders or ()), tuple(meta.removed or ())


def raced(root: str, floor: int | None, read: tuple, own: dict) -> list[str]:
    """The folders holding ``root`` that another process removed between the window's last read of
    the count (``floor``, its ask's provisional count) and the read for the ask (``read``:
    ``count_now``'s): they landed about when the root was asked, before it or after, which no count
    tells (nor a clock: another machine's may differ). The ask counts from the read, so its run goes
    on; the user is told (``raced_text``). None when ``root`` is in a library folder again."""
    from core.library.removed import count
    from core.scan import is_under

    if floor is None or in_folders(root, read[1]):
        return []
    return [e["folder"] for e in read[2] if floor < count(e.get("seq")) <= read[0]
            and is_under(root, e["folder"]) and not is_own(own, e)]


def raced_text(root: str, folders) -> str:
    """Said of a run that goes on though ``folders`` (holding ``root``) were removed about when it was asked."""
    from core.filenames import shown

    named = ", ".join(map(shown, folders))
    it = "it" if [os.path.normpath(root)] == [os.path.normpath(f) for f in folders] else shown(root)
    return (f"Another Seekframe process removed {named} from the library about when you asked to index {it} here: "
            f"{it} is indexed, as you asked. Remove it again if it should go.")


def is_own(own: dict, entry: dict) -> bool:
    """Whether the removal ``entry`` is one of the window's own (``own``: {folder, normalised: the
    ``Asked`` of its end, provisional while it runs or waits})."""
    ask = own.get(os.path.normpath(entry["folder"]))
    return ask is not None and not removed_after(entry, ask)


def removals_after(meta, asked: dict, own: dict) -> dict[str, dict]:
    """{folder: its entry} of ``meta.removed`` after one of ``asked`` ({root: ``Asked``}) was
    asked, not listed since (``resume_removed.removed_elsewhere``), nor one of the window's own
    (``is_own``)."""
    found = removed_elsewhere(meta, asked, list(asked), ())
    return {f: e for f, e in found.items() if not is_own(own, e)}


def cut(library, asked: dict, own: dict) -> tuple:
    """In a worker: ``((folder, entry, roots), ...)``, for each folder removed after some of ``asked``
    were asked (``removals_after``), those of them a run would index as part of it, links resolved
    against the library's folders as they were (the folder among them, those it keeps, listed,
    kept), its offline ones never resolved (``resume_removed.through_links``; ``Roots.same``: those that are
    the folder itself through a link, said as its own run). Asks counted before the
    library's count went back are ordered by their clocks (``resume_removed.numbered``)."""
    from core.scan import is_under

    meta = library.meta
    asked, own = numbered(meta, asked), numbered(meta, own)
    listed, left, out = list(meta.settings.folders or ()), dict(asked), []
    for folder, entry in removals_after(meta, asked, own).items():
        if not (roots := before(left, left, entry)):
            continue
        kept = tuple(f for f in listed if is_under(f, folder))
        if gone := through_links(library, roots, folder, kept, listed, same := []):
            out.append((folder, entry, Roots(gone, same)))
            for r in gone:
                left.pop(r, None)
    if lost := lost_roots(meta, left, list(left)):
        out.append((None, None, lost))
    return tuple(out)


def first_removals(library) -> None:
    """In the run's worker, the writer lock held: what a run's start removes before it indexes
    (``service.IndexRun.events``: ``finish_pending_forget(rest=True)``, the removal a full disk stopped
    on this handle and the rest of a stopped `seekframe forget` of several folders that one kept its
    open from removing, ``forget_resumed`` saying it: ``app.forget_news``) removed now, before the
    look. Refused (a full disk again, a file refused), what went before the refusal is looked at;
    the run's own call meets the refusal again and raises or goes on as it does."""
    try:
        library.finish_pending_forget(rest=True)
    except Exception as exc:  # (said by the run, which meets it again)
        log.info("removals before the run: %s", exc)


def checked(library, run, asked: dict, own: dict):
    """``run.events`` (a ``service.IndexRun``'s, given to ``engine.events_as_writer``, so called
    with the writer lock held), preceded by ``KeptAgain`` when its roots named folders of a stopped
    removal's rest (kept, before anything removes them), and by ``Removed`` when roots of it went with a folder removed
    since they were asked: those taken out of ``run.roots``; none left, nothing runs (no roots would
    be every folder). An ask whose count is still being read counts as made now (the lock held, no
    other removal comes between this look and the run). The removals the run's start makes itself
    are made first (``first_removals``), so the look sees them: a run of a folder they remove goes
    with it, as with any removal made after it was asked."""
    def events():
        from core.library.forget_request import kept_text
        from core.library.removed import current

        if kept := getattr(run, "keep_readded", lambda: [])():  # (the user's ask keeps them: never removed first)
            yield KeptAgain(tuple(kept), kept_text(kept))
        now = current(library.meta)  # (before the run's own removals: each ask came before them)
        if asked:
            first_removals(library)
        cuts = cut(library, {r: Asked(a.at, now) if a.provisional else a for r, a in asked.items()}, own) if asked else ()
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
        self._asked: dict[str, Asked] = {}
        self._added: set[str] = set()  # roots the user asked for in this window (not a record's: app.resume)
        self._own: dict[str, Asked] = {}
        self._seen: set = set()  # (folder, its entry's time and number, root) looked at by ``look`` already
        self._looking = False

    def asked(self, job, at: dict | None = None, adds: bool = True) -> None:
        """``job`` queued: its roots asked now, or when ``at`` says (a time: the user's add, asked before
        a worker saw its folder; else a record's ``Asked``: missing, before any). An ask now or at a
        time is provisional (the window's last read of the library's count of removals) until the
        count, read in a worker, answers. A root on its way already keeps the later ask: queued, the
        runs are one, and the user's add after a removal (while the model loads) is no run of the
        folder removed, whatever the run a closed window left of it, queued with it, says. Not
        ``adds``: no add of its roots (the file notice's re-scan, "Finish indexing"), which never
        keeps a folder of a stopped removal's rest (``events``)."""
        if not isinstance(job, IndexJob):
            return
        library, on_way = self._session.library, set(self._runner.roots_on_the_way())
        fresh, reading = self.ask_now(), []
        seq = fresh.seq
        for r in job.roots or ():
            given = None if at is None else at.get(r)
            timed = isinstance(given, (int, float)) and not isinstance(given, bool)
            ask = fresh if at is None else Asked(float(given), seq, provisional=True) if timed else asked_of(given)
            if ask.provisional:  # (asked now: the user's, never a record's)
                reading.append(ask)
                if adds and not job.prune:  # ("Remove them", the missing videos' removal: no add of the folder)
                    self._added.add(r)
            self._asked[r] = latest(self._asked[r], ask, seq) if r in on_way and r in self._asked else ask
        if reading and library is not None:
            self._runner._reads(count_now, library, then=lambda read: self._read(reading, read))

    def ask_now(self) -> Asked:
        """An ask made now: provisional, with the library's count of removals as the window last read it
        (a removal counted after it and up to the ask's read landed about when it was asked: ``raced``)."""
        from core.library.removed import current

        return Asked(time.time(), current(getattr(self._session.library, "meta", None)), provisional=True)

    def _read(self, asks: list, read: tuple | None) -> None:
        """The library's count of removals and folders read for ``asks`` (None: the read failed, they
        stay provisional): the roots that still hold one asked at that count, in a library folder or
        not (recorded: ``changed``); a removal of one another process made about when it was asked
        (``raced``: before or after it, no count tells) said, its run going on as asked."""
        roots = [r for r, a in self._asked.items() if any(a is ask for ask in asks)]
        if read is None or not roots:
            return
        own = self.own()
        for r in roots:
            if folders := raced(r, self._asked[r].seq, read, own):
                self._runner.message.emit("info", raced_text(r, folders))
            self._asked[r] = Asked(self._asked[r].at, read[0], listed=in_folders(r, read[1]))
        self._runner.changed.emit()  # (app.resume records the count)

    def asks(self) -> dict[str, Asked]:
        """When each root on its way was asked (``app.resume`` records those whose count is read)."""
        return dict(self._asked)

    def keep(self, roots) -> None:
        """Only ``roots`` are on their way still: the others' times forgotten."""
        roots = set(roots)
        self._asked = {r: a for r, a in self._asked.items() if r in roots}
        self._added &= roots

    def own_removal(self, folder: str) -> None:
        """The window's removal of ``folder`` ended (its runs dropped by the runner itself): the
        library's count then, as its handle wrote or read it (its entry, or another's first)."""
        from core.library.removed import current

        self._own[os.path.normpath(folder)] = Asked(time.time(), current(getattr(self._session.library, "meta", None)))

    def own(self) -> dict[str, Asked]:
        """The window's own removals: those ended, and those running or queued (theirs for ever:
        the runner drops their runs once they are done, or puts them back if refused)."""
        pending = [*filter(None, [self._runner.removing()]), *self._runner.queue.waiting_removals()]
        return {**self._own, **{os.path.normpath(r.folder): Asked(provisional=True) for r in pending}}

    def events(self, library, run):
        """What the index worker iterates for ``run`` (``checked``); its roots the user asked for in this
        window are those it keeps out of a stopped removal's rest (``run.readded``)."""
        asked = {r: self._asked[r] for r in run.roots or () if r in self._asked}
        run.readded = [r for r in run.roots or () if r in self._added]
        return checked(library, run, asked, self.own())

    def heard(self, job: IndexJob, removed: Removed) -> IndexJob:
        """The running ``job`` told by its worker that roots of it went with a removal: said, and
        the job without them (no roots left: ``()``, nothing recorded of it)."""
        for folder, _entry, roots in removed.cuts:
            job = without_roots(job, roots)[0] or replace(job, roots=())
            said = dropped_text(folder, tuple(roots), getattr(roots, "same", ())) if folder else lost_text(roots)
            self._runner.message.emit("info", said)
        return job

    def look(self) -> None:
        """The status was read (a reader's handle sees another process's writes): the queued runs
        of folders removed since they were asked mapped in a worker, once a removal and root."""
        s, queue = self._session, self._runner.queue
        library = s.library
        if library is None or s.read_only or self._looking:
            return
        queued = {r: a for r in queue.roots() if (a := self._asked.get(r)) is not None and not a.provisional}
        if not queued:  # (an ask whose count is still being read: the run's own look sees it)
            return
        queued, own = numbered(library.meta, queued), numbered(library.meta, self.own())
        new = [(f, e["at"], e.get("seq"), r) for f, e in removals_after(library.meta, queued, own).items()
               for r in before(queued, queued, e)] + [(None, r) for r in lost_roots(library.meta, queued, queued)]
        if not (new := [n for n in new if n not in self._seen]):
            return
        self._seen |= set(new)
        todo = {n[-1]: queued[n[-1]] for n in new}
        self._looking = True
        s.start_worker(Task(cut, library, todo, own, name="removed-meanwhile"), report_failure=False,
                       done=self._cut, failed=lambda msg: log.warning("removed meanwhile: %s", msg),
                       ended=self._ended)

    def _ended(self) -> None:
        self._looking = False

    def _cut(self, cuts) -> None:
        """The queued runs found in a folder removed meanwhile dropped (those still queued, not asked
        again since: the look maps the asks it began with), said."""
        dropped, meta = False, getattr(self._session.library, "meta", None)
        own, asked = self.own(), self._asked
        if meta is not None:
            own, asked = numbered(meta, own), numbered(meta, asked)
        for folder, entry, roots in cuts:
            if entry is not None and is_own(own, entry):  # (the window's own, started since)
                continue
            still = ([r for r in roots if removed_after(entry, asked.get(r))] if entry is not None
                     else lost_roots(meta, asked, roots) if meta is not None else ())
            if gone := self._runner.queue.drop_roots(still):
                dropped = True
                said = dropped_text(folder, tuple(gone), getattr(roots, "same", ())) if folder else lost_text(gone)
                self._runner.message.emit("info", said)
        if dropped:
            self._runner.changed.emit()  # (recorded without them: app.resume)
