"""Indexing that a window left unfinished, resumed when the library opens again for writing.

``UnfinishedRuns`` remembers, per library folder, the index work running or queued (a folder just
added, a re-scan, the re-index of a model switch) each time it changes, in the app's settings, so
a window closed (or killed) mid-way leaves it behind; nothing is left once the work is done, or
when the user cancels it. A folder's removal under way is recorded with the runs it holds (those
of the folders in it, put back if it removes nothing) before it starts, beside any other removal
still pending (one whose runs left are being mapped at a start): killed mid-way, the next open
resumes them if the folder is still in the library, and says so. ``IndexResume``, once the library is open for writing and its model
loaded, queues that work again, and also indexes the videos the library itself lists as waiting
(``SessionStatus.waiting``: a run stopped before them, such as ``seekframe index`` interrupted),
and the folders of a ``seekframe index`` whose process was killed or crashed before it finished
(``SessionStatus.killed``, ``core.stopped_runs``: never one the user cancelled, a Ctrl-C or the
window's Cancel, nor one whose end is not known), and so the videos a `seekframe index --reindex` on the
library's model killed or crashed left to embed again (``SessionStatus.reembed_killed``,
``core.reembed_record.killed``), saying so. The record of what a window left is
``app.unfinished_runs``. A folder the user adds is remembered at once, before any indexing work starts.
"""

from __future__ import annotations

import logging
import os

from PySide6.QtCore import QObject, QTimer

from core.filenames import shown
from core.plural import count
from core.stopped_runs import quick_words

from .jobs import ForgetJob, IndexJob, dropped_roots, merged_runs, without, without_roots
from .run_words import dropped_text
from .resume_removed import before, lost_roots, lost_text, numbered, removed_elsewhere
from .resume_removed import through_links as _through_links  # (in its worker: the runs left in a removed folder)
from .unfinished_runs import UnfinishedRuns, _key  # noqa: F401  (the record, read and written here: its home)
from .workers import Task

log = logging.getLogger("seekframe.app")

MAPPING_SAID_AFTER_MS = 4000  # a resume held this long by a drive or share that does not answer is said


def mapping_waits_text(folder: str, roots, elsewhere: bool = False) -> str:
    """Said when the mapping of the runs left against the removed ``folder`` does not answer
    (``elsewhere``: removed by another process while Seekframe was closed)."""
    listed = ", ".join(map(shown, roots[:3])) + (f" and {len(roots) - 3} more" if len(roots) > 3 else "")
    how = "another seekframe removed it while Seekframe was closed" if elsewhere else "Seekframe closed during it"
    return (f"The removal of {shown(folder)} waits for a drive or share to answer: {how}, and "
            f"whether the indexing it left ({listed}) lies in {shown(folder)} through a link is still being looked "
            "at. It goes on once the drive or share answers; nothing is lost meanwhile.")


def removed_by_open(library, recorded) -> tuple[ForgetJob, ...]:
    """The folders this writer's open removed that no removal of the app's record (``recorded``)
    names: one a `seekframe forget` killed mid-way left recorded (``forget_finished``), the rest of a
    stopped forget of several (``forget_resumed``). The runs left in them go with them, as a recorded
    removal's do (run, they would add the folder back)."""
    finished = getattr(library, "forget_finished", None)
    folders = [*(finished[:1] if finished else ()), *(f for f, _ in getattr(library, "forget_resumed", None) or ())]
    known = {os.path.normpath(r.folder) for r in recorded}
    return tuple(ForgetJob(f) for f in dict.fromkeys(folders) if os.path.normpath(f) not in known)


def killed_left(killed, left) -> tuple[tuple[str, int], ...]:
    """Of ``killed`` (``SessionStatus.killed``: (root, files left) of the `seekframe index` runs whose
    process was killed or crashed), those no plain run of ``left`` (what a closed window left) indexes."""
    from core.scan import is_under

    plain = [job for job in left or () if not job.prune]
    if any(job.roots is None for job in plain):  # (every folder)
        return ()
    return tuple((r, n) for r, n in killed if not any(is_under(r, root) for job in plain for root in job.roots))


def killed_text(killed, quick=()) -> str:
    """What the window says as it resumes ``killed`` (``killed_left``), ``quick`` (``SessionStatus.killed_quick``)
    saying how many of their files are searchable already (a run killed in its full pass)."""
    n = sum(k for _, k in killed)
    said = quick_words(n, sum(k for r, k in quick if r in dict(killed)))
    return (f"An index of {', '.join(shown(r) for r, _ in killed)} stopped before it finished, its process ended "
            f"(killed, or a crash), with {count(n, 'file')} still to index{f' ({said})' if said else ''}: "
            f"indexing {'it' if n == 1 else 'them'} now.")


def reembed_text(again) -> str:
    """What the window says as it resumes ``again`` (``SessionStatus.reembed_killed``, those ``killed_left``
    keeps): a ``seekframe index --reindex`` on the library's model whose process was killed or crashed."""
    n = sum(k for _, k in again)
    return (f"A re-index of {', '.join(shown(r) for r, _ in again)} stopped before it finished, its process ended "
            f"(killed, or a crash), with {count(n, 'video')} still to embed again (searched meanwhile with "
            f"{'its' if n == 1 else 'their'} earlier moments): embedding {'it' if n == 1 else 'them'} again now.")


def resume_text(left: bool, waiting: int) -> str:
    if left:
        more = f" ({count(waiting, 'video')} waiting)" if waiting else ""
        return f"Resuming the indexing that was under way when Seekframe closed{more}."
    one = waiting == 1
    return (f"{count(waiting, 'video')} {'was' if one else 'were'} waiting to be indexed (an earlier run "
            f"stopped before {'it' if one else 'them'}): indexing {'it' if one else 'them'} now.")


class IndexResume(QObject):
    def __init__(self, session, runner):
        """``session``, its parent: the ``app.session.Session`` whose library, model, status and
        ``say`` it uses; ``runner``: its ``app.job_runner.JobRunner``."""
        super().__init__(session)
        self._session, self._runner = session, runner
        self.store = UnfinishedRuns()  # (the window gives it the app's settings: app.wiring)
        self._left: tuple[IndexJob, ...] | None = None  # what the last window left, until queued again
        self._adds: tuple[str, ...] = ()  # those of its folders added, not looked at yet: looked at again, not run
        self._cut: tuple[str, ...] = ()  # those of its runs' folders a removal dropped before they were queued
        self._armed = self._done = False
        self._mapping: tuple[ForgetJob, ...] = ()  # removals found done whose runs left are mapped, in a
        # worker, one after the other: recorded still until then (killed meanwhile, the next start maps them again)
        self._since: dict = {}  # when each root left was asked (``UnfinishedRuns.since``: ``Asked``)
        self._for: str | None = None  # the library they are read for (``opened``): nothing recorded for another
        self._removed_at: dict[str, dict] = {}  # another process's removals among ``_mapping``: their entries
        self._slow = QTimer(self)  # (a share that does not answer holds the mapping: said after a while)
        self._slow.setSingleShot(True)
        self._slow.setInterval(MAPPING_SAID_AFTER_MS)
        self._slow.timeout.connect(self._say_slow)
        runner.changed.connect(self._record)
        # (after the status signal is through: a run started inside it had its later listeners, the library
        # panel's, shown the status read before the run, "not indexing": Re-scan on while it went)
        session.status_changed.connect(lambda _status: QTimer.singleShot(0, self, self.check))
        session.model_switched.connect(lambda *_: self._write_held())  # (to the library's model: app.session)

    def opened(self) -> None:
        """The library is open (call before any job starts): what was left unfinished is read."""
        s = self._session
        self.closed()
        self._for = s.library_dir
        self._left = None if s.read_only else self.store.runs(s.library_dir) or None
        self._since = self.store.since(s.library_dir)
        self._adds = () if s.read_only else self.store.adds(s.library_dir)
        if not s.read_only:
            self._removal_cut()
            self._write_removals()

    def _write_removals(self) -> None:
        """The note removals kept at a close, done at once: a removal needs no model (the notes and
        imports kept wait for the library's, ``_write_held``)."""
        s = self._session
        held = self.store.held(s.library_dir)
        if removals := [item for item in held if item and item[0] == "unnote"]:  # (done now, or held and kept again)
            self.store.set_held(s.library_dir, [item for item in held if not item or item[0] != "unnote"])
            self._runner.write_held(removals)

    def closed(self) -> None:
        """The library closes (recorded already: ``Session.close``): what its last window left, not queued
        yet, is forgotten here (kept in the record for its next open), and nothing is recorded until the
        next library's are read (``opened``). Held, the next library's first ``changed`` (an ``opened``
        listener's add, before they are read) recorded them as its own, and it indexed them."""
        self._for, self._left, self._since, self._adds, self._cut = None, None, {}, (), ()
        self._armed = self._done = False
        self._mapping, self._removed_at = (), {}
        self._slow.stop()

    def _removal_cut(self) -> None:
        """The window was killed while removals ran, each recorded with the runs it held (``set``):
        core's removal is whole or not at all, and this writer's open finished one it had recorded,
        so a folder still in the library means nothing of it was removed: the runs it held are left to
        resume, as its refusal would have put them back, and the user is told; gone, they go with it
        (run, a folder in it would come back as a library folder of its own). So do those left in a
        folder the open removed for a `seekframe forget` (``removed_by_open``), or that another process
        removed after they were recorded (``resume_removed.removed_elsewhere``: not recorded here, as
        library.json keeps it), or in no library folder now where they were in one when recorded before
        removals the record no longer holds (``resume_removed.lost_roots``: dropped at once, said)."""
        s = self._session
        removals = self.store.removals(s.library_dir)
        by_open = removed_by_open(s.library, removals)
        meta = s.library.meta  # (read by the open's worker: no look at the disk here)
        self._since = numbered(meta, self._since)  # (counted before the library's count went back: by clocks)
        folders = {os.path.normpath(f) for f in meta.settings.folders or ()}
        gone = []
        for removal in removals:
            if os.path.normpath(removal.folder) in folders and not meta.forgets(removal.folder):
                self._left = merged_runs([*(self._left or ()), *removal.held]) or None
                s.say("info", f"{shown(removal.folder)} is still in the library: Seekframe closed before its removal "
                              "was done, and nothing was removed. Remove it again if you want it gone.")
            else:  # (gone: a run reaching into it through a link goes too, as the removal's worker would
                gone.append(removal)  # have dropped it; mapped in a worker)
        self._removed_at = removed_elsewhere(meta, self._since, self.left_roots(),
                                             [r.folder for r in (*removals, *by_open)])
        if lost := self.drop_roots(lost_roots(meta, self._since, self.left_roots())):
            s.say("info", lost_text(lost))
            self._record()
        if not removals and not by_open and not self._removed_at:
            return
        self._mapping = (*gone, *by_open, *(ForgetJob(f) for f in self._removed_at))
        self._map_next()
        self._record()  # (the removals no longer recorded, but those whose runs left are being mapped)

    def _map_next(self) -> None:
        """The first removal of ``_mapping``: the runs left mapped against its folder in a worker
        (none left to map: the removals go, nothing to ask)."""
        while self._mapping and not (roots := self._roots_for(self._mapping[0])):
            self._mapping = self._mapping[1:]  # (none left to map against it: nothing to ask)
        if not self._mapping:
            self._slow.stop()
            return
        from core.scan import is_under

        s, removal = self._session, self._mapping[0]
        folders = [os.path.normpath(f) for f in s.library.meta.settings.folders or ()]
        kept = tuple(f for f in folders if is_under(f, removal.folder))  # (listed still: kept by it)
        same: list[str] = []  # (filled in the worker: those that are the folder itself through a link)
        s.start_worker(Task(_through_links, s.library, roots, removal.folder, kept, None, same, name="resume-links"),
                       report_failure=False, done=lambda gone: self._mapped(removal, gone, same),
                       failed=lambda _message: self._mapped(removal, []))
        if not self._slow.isActive():
            self._slow.start()

    def _roots_for(self, removal: ForgetJob) -> tuple[str, ...]:
        """The roots left to map against ``removal``: those recorded before it, for another process's."""
        return before(self.left_roots(), self._since, self._removed_at.get(removal.folder))

    def _say_slow(self) -> None:
        """The mapping has not answered for a while (a share that does not answer): said, once; it
        goes on when the share answers."""
        if self._mapping:
            folder, roots = self._mapping[0].folder, self._roots_for(self._mapping[0])
            self._session.say("info", mapping_waits_text(folder, roots, folder in self._removed_at))

    def _mapped(self, removal: ForgetJob, gone, same=()) -> None:
        """The runs left whose roots lie in the removed folder through a link (``gone``) dropped,
        said (``same``: those that are the folder itself); then the next removal's mapping, or what is
        left resumes (``check``)."""
        if not self._mapping or self._mapping[0] is not removal:  # (a worker of an earlier open)
            return
        self._mapping = self._mapping[1:]
        if dropped := self.drop_roots(gone or ()):
            self._session.say("info", dropped_text(removal.folder, tuple(dropped), same))
        self._map_next()
        self._record()  # (the removal no longer recorded)
        self.check()

    def arm(self) -> None:
        """The model is loaded: resume once the library's status is read."""
        self._armed = True
        self.check()

    def check(self) -> None:
        s = self._session
        if (not self._armed or self._done or self._mapping or s.library is None or s.read_only
                or s.encoder is None):
            return
        status = s.status
        if not status.opened:
            return  # (the status read comes)
        self._done = True
        ours = status.library_model_id in ("", s.encoder.model_id)  # (else its own could not be loaded)
        held = [item for item in self.store.held(s.library_dir) if item and item[0] != "unnote"]  # (done at the open)
        if held and not ours:  # (written with this model, they would be refused and the user's text lost)
            s.say("info", f"{count(len(held), 'note or caption import', 'notes or caption imports')} "
                          f"{'waits' if len(held) == 1 else 'wait'} to be written with the library's model: "
                          "choose it (File › Model…), and they are written then.")
        self._write_held()
        waiting = 0 if status.model_switch else status.waiting  # (a switch's own resume indexes them)
        # (a `seekframe index` killed or crashed: resumed as this window's own, those not among them; every
        # folder's run, for the videos waiting, covers them; a switch re-indexes every folder)
        killed = () if status.model_switch or (self._left is None and waiting) else killed_left(status.killed,
                                                                                                  self._left)
        # (a `seekframe index --reindex` on the library's model killed or crashed: its videos left to embed again;
        # a run of every folder, for the videos waiting, embeds them too)
        again = () if status.model_switch else killed_left(status.reembed_killed, self._left)
        if self._left is None and not waiting and not killed and not again:
            return
        if not ours and not status.model_switch:
            # the model in hand is not the library's (its own could not be loaded): not with it
            what = (f"{count(waiting, 'video')} {'is' if waiting == 1 else 'are'} waiting to be indexed"
                    if waiting else "Indexing was left unfinished" + (" when Seekframe closed" if self._left else ""))
            s.say("info", f"{what}: choose the library's model (File › Model…), then Re-scan.")
            return
        left, self._left = self._left, None
        # (folders added whose look had not answered: looked at again, asked about first where they hold
        # library folders, never indexed unasked; those a removal dropped meanwhile left out)
        adds = [a for a in self._adds if any(not j.prune and (j.roots is None or a in j.roots) for j in left or ())]
        self._adds = ()
        busy = self._runner.indexing or len(self._runner.queue) > 0
        every = left is None and bool(waiting)  # (every folder's run, for the videos waiting)
        jobs = [j for j in (job if job.prune else without_roots(job, adds)[0] for job in left or ()) if j is not None]
        jobs = jobs or ([IndexJob()] if every else [])
        if roots := tuple(dict.fromkeys(r for r, _ in (*killed, *(() if every else again)))):
            jobs.append(IndexJob(roots))
        for job in jobs:
            self._runner.add(job, self._since)  # (asked when recorded: app.removed_meanwhile)
        for path in adds:
            self._runner.add_folder(path, at=self._since.get(path))
        if not busy:  # (else what runs said it: an interrupted model switch being finished)
            if left is not None or waiting:
                s.say("info", resume_text(left is not None, waiting))
            if killed:
                s.say("info", killed_text(killed, status.killed_quick))
            if again:
                s.say("info", reembed_text(again))

    def drop_inside(self, folder: str, kept: tuple[str, ...] = ()) -> list[str]:
        """``folder`` is being removed: the run a closed window left, not queued yet (the model
        loads), no longer indexes it or the folders in it (``app.jobs.inside``: after the removal,
        it would add them back); returns the folders dropped (the record follows at ``changed``)."""
        left = self._left
        if left is None:
            return []
        self._left = tuple(j for j in (without(job, folder, kept) for job in left) if j is not None) or None
        cut = [r for job in left for r in dropped_roots(job, folder, kept)]
        self._cut += tuple(cut)
        return cut

    def runs_named(self, folder: str) -> bool:
        """Whether the runs a closed window left name ``folder`` (queued or not yet, or dropped by a
        removal since), not as an add it had not looked at (``adds``): a folder of the library as far as
        the window knows before its first status read (``app.removal_reads.listed``)."""
        from core.scan import is_under

        roots = [r for job in self._left or () for r in job.roots or ()] + list(self._cut)
        return any(is_under(r, folder) or is_under(folder, r) for r in roots if r not in self._adds)

    def left_pruned(self) -> tuple[str, ...]:
        """The folders of the run a closed window left that removes missing videos, not queued yet."""
        return tuple(r for job in self._left or () if job.prune for r in job.roots or ())

    def left_roots(self) -> tuple[str, ...]:
        """The folders of the run a closed window left, not queued yet (none: every folder, or none)."""
        return tuple(r for job in self._left or () for r in job.roots or ())

    def drop_roots(self, roots) -> list[str]:
        """``roots`` no longer in the run a closed window left (a removal found them in the folder it
        removed, through a link); those it named."""
        kept, gone = [], []
        for job in self._left or ():
            job, out = without_roots(job, roots)  # (as ``JobQueue.drop_roots`` drops them)
            kept, gone = kept + ([job] if job is not None else []), gone + out
        self._left = tuple(kept) or None
        return gone

    def _write_held(self) -> None:
        """The notes and imports kept at a close, written when the model in hand is the library's
        (at the open, or once the user switched to it; another model's would refuse them, lost); any
        note removal among them too (kept again meanwhile: ``_write_removals`` did those of the open)."""
        s = self._session
        if not self._done or s.library is None or s.read_only or s.encoder is None:
            return
        if s.library.meta.model_id not in ("", s.encoder.model_id):
            return
        held = self.store.held(s.library_dir)
        if held:  # (written now, or held again and kept again at the next close)
            self.store.set_held(s.library_dir, [])
            self._runner.write_held(held)

    def keep_held(self) -> None:
        """The window closes: the notes, note removals and imports waiting for another writer are kept."""
        s = self._session
        held = self._runner.held_writes()
        if held and s.library_dir:
            self.store.set_held(s.library_dir, self.store.held(s.library_dir) + held)

    def _record(self) -> None:
        s = self._session
        if s.library is None or s.read_only or self._for != s.library_dir:
            return  # (a library whose runs left are not read yet: recorded for it once they are)
        # (what the last window left, still to queue again: kept)
        self.store.set(s.library_dir, merged_runs([*(self._runner.outstanding() or ()), *(self._left or ())]),
                       [*filter(None, [self._runner.removing()]),  # (another process's: library.json keeps it)
                        *(m for m in self._mapping if m.folder not in self._removed_at)],  # (a kill mid-way loses none of the runs it holds)
                       self._runner.meanwhile.asks(),
                       [*self._runner.unconfirmed(), *(self._adds if self._left else ())])
