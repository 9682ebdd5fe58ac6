"""``JobRunner``: the session's write side. Folder changes, indexing and model switches are
jobs (``app.jobs``) run one at a time, in order, through the session's writer handle, each in a
worker; caption imports and notes run beside them (``app.beside_writes``).

Removing a folder while indexing cancels the run (it stops after the file in hand, whose commit
is atomic), forgets the folder, and indexes the other folders again: incremental, so nothing done
is redone.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from typing import Callable

from PySide6.QtCore import QObject, Signal

from core import service

from . import engine, removal_reads
from .beside_writes import BesideWrites
from .file_reads import FileReads
from .folder_adds import FolderAdds
from .jobs import ForgetJob, IndexJob, Job, JobQueue, dropped_roots, inside, merged_runs, rest_after_removal, unheld
from .removed_meanwhile import RemovedMeanwhile
from .run_events import RunEvents
from .workers import GeneratorWorker, Task, Worker
from .writer_turn import WriterTurn


def job_text(job: Job) -> str:
    """What a job does, for "… starts when it is done"."""
    if isinstance(job, IndexJob):
        return "removing the missing videos" if job.prune else "indexing"
    return "removing the folder" if isinstance(job, ForgetJob) else "the model switch"


@dataclass
class Running:
    job: Job
    worker: Worker
    silent: bool = False  # cancelled by the session itself (it carries on): no message
    outcome: dict | None = None  # a removal's, filled by its worker (``engine.forget_folder``)
    run: object = None  # an index run's ``service.IndexRun`` (the user's cancel is said to it)


REMOVAL_WAIT_S = 5  # how long a close waits for a removal in hand to end, to know whether it left runs


def _folder(path) -> str:
    return os.path.abspath(os.path.expanduser(str(path)))


class JobRunner(QObject):
    progressed = Signal()  # a file was indexed or failed: the counts changed
    message = Signal(str, str)  # level, text
    switched = Signal(object, int)  # a SwitchJob is done: the encoder, captions re-embedded
    switch_failed = Signal()
    changed = Signal()  # the index work running or queued may differ (see ``outstanding``)
    add_asked = Signal(str, str)  # a folder to add holds library folders on disk: the question first

    def __init__(self, session: QObject):
        """``session``, its parent: the ``app.session.Session`` whose state it reads (index jobs
        wait for its ``encoder``) and whose ``start_worker``, ``emit_status``, ``refresh_status`` and
        signals it uses."""
        super().__init__(session)
        self.queue = JobQueue()
        self._session = session
        self._running: Running | None = None
        self._reads = FileReads(self, "add-folder")  # (dropped with this runner: its answer too)
        self.adds = FolderAdds(self, session, self._reads)  # folders added, looked at in a worker before queued
        self.turn = WriterTurn(session)  # the writer lock held only while writing (app.writer_turn)
        self.turn.free.connect(self._on_free)
        self.beside = BesideWrites(session, self.message, self.writable, self.turn, self._maybe_idle)
        self.meanwhile = RemovedMeanwhile(self, session)  # (queued runs of folders another process removed)
        session.status_changed.connect(self._status_in)

    # -- what it works on -----------------------------------------------------------------------
    @property
    def indexing(self) -> bool:
        return self._running is not None and isinstance(self._running.job, IndexJob)

    def roots_on_the_way(self) -> list[str]:
        """The folders of the run in progress and of the queued runs."""
        running = list(self._running.job.roots or []) if self.indexing else []
        return running + self.queue.roots() + self.adds.looking

    def unconfirmed(self) -> list[str]:
        """The folders added whose look has not answered (nor the user, where it asks): ``app.resume``."""
        return list(self.adds.looking)

    def outstanding(self) -> tuple[IndexJob, ...] | None:
        """The index work running or queued, as one plain run and one "Remove missing videos" run,
        each when there is one (``merged_runs``; None when there is none): what a window closed now
        leaves unfinished (``app.resume``)."""
        jobs = ([self._running.job] if self.indexing and self._running.job.roots != () else [])  # (): all dropped
        jobs += [j for j in self.queue if isinstance(j, IndexJob)]
        jobs += [IndexJob((path,)) for path in self.adds.looking]  # (and those a removal not started yet dropped)
        jobs += [j for forget in self.queue.waiting_removals() for j in forget.held]
        return merged_runs(jobs) or None

    def removing(self) -> ForgetJob | None:
        """The removal under way, which holds the runs it dropped (``ForgetJob.held``): recorded
        with them before it starts (``app.resume``), so that a kill mid-way loses none."""
        return self._running.job if self._running is not None and isinstance(self._running.job, ForgetJob) else None

    def writable(self, what: str) -> bool:
        """Whether the library can be written now; if not, says why (``what`` is refused)."""
        if self._session.library is None:
            self.message.emit("warning", f"The library is still opening; try to {what} in a moment.")
            return False
        if self._session.read_only_reason:  # (its folder gone: read-only from then; looked at by the write's worker)
            self.message.emit("warning", f"Cannot {what}: {self._session.read_only_reason}")
            return False
        return True

    # -- requests -------------------------------------------------------------------------------
    def add(self, job: Job, asked: dict | None = None, adds: bool = True) -> None:
        """Queue ``job``, asked now (``asked``: when its roots were asked, a record's; not ``adds``: a
        re-scan of its roots, no add of them: ``RemovedMeanwhile.asked``)."""
        self.meanwhile.asked(job, asked, adds)
        self.queue.add(job)
        self.kick()

    def add_folder(self, path, looked: bool = False, at=None) -> None:
        """Remember the folder and index it (after the run in progress, if any), once a worker has
        seen it is one: never in the GUI thread, where a share whose server is gone hangs a stat
        (``looked``: a worker has just seen it: not looked at again; ``at``: when it was asked, a
        closed window's add resumed, ``app.resume``)."""
        if not self.writable("add folders"):
            return
        path, at = _folder(path), at or self.meanwhile.ask_now()  # (the count the window read before it: a floor)
        if looked:
            self.add(IndexJob((path,), added=self.added_again(path)))
        elif not self._session.status.opened:  # (its folders, offline and kept apart not read yet: the look
            self.adds.wait(path, at)  # waits for them, or no "it holds library folders" question is asked)
        else:
            self.adds.look(path, at)

    def added_again(self, path: str) -> tuple[str, ...]:
        """``(path,)`` where the folder added is in the library already (re-scanned, its run says so:
        ``IndexJob.added``), else ()."""
        return (path,) if path in self._session.status.folders else ()

    def _status_in(self, status) -> None:
        """The session's status changed: the folders another process removed dropped from the runs
        (``RemovedMeanwhile.look``), the adds that waited for the first status read looked at."""
        self.meanwhile.look()
        self.adds.status_in(status)

    def rescan(self) -> None:
        if self.writable("re-scan"):
            self.add(IndexJob())

    def rescan_folder(self, path) -> None:
        """The file notice's "Re-scan its folder" (looked at in a worker already): a re-scan, no add."""
        if self.writable("re-scan"):
            self.add(IndexJob((_folder(path),)), adds=False)

    def prune_missing(self, roots) -> None:
        if self.writable("remove missing videos") and roots:
            self.add(IndexJob(tuple(_folder(r) for r in roots), prune=True))

    # caption imports and notes, beside the jobs (``app.beside_writes``)
    def import_captions(self, path: str, then: Callable[[], None] | None = None) -> Worker | None:
        return self.beside.import_captions(path, then)

    def add_note(self, result, text: str, then: Callable[[], None] | None = None) -> Worker | None:
        return self.beside.add_note(result, text, then)

    def remove_note(self, video_id: str, text: str, start: float, end: float, clip: str,
                    then: Callable[[], None] | None = None) -> Worker | None:
        return self.beside.remove_note(video_id, text, start, end, clip, then)

    def held_writes(self) -> list[list]:
        return self.beside.held_writes()

    def write_held(self, items: list[list]) -> None:
        self.beside.write_held(items)

    def remove_folder(self, folder, keep_inside: bool = False) -> None:
        if not self.writable("remove folders"):
            return
        folder = _folder(folder)
        kept = removal_reads.kept(self._session, folder) if keep_inside else ()
        again, pruned, dropped = None, (), self.adds.drop_inside(folder, kept)  # (folders in it: part of it,
        # run after it they add it back)
        if self.indexing and not (self._running.worker.cancelled and not self._running.silent):  # (the user's
            run = self._running.job  # cancel stays one: nothing started again)
            again = rest_after_removal(run.roots, folder, kept, run.prune)  # (a prune's rest prunes)
            cut = tuple(dropped_roots(run, folder, kept))
            dropped, pruned = dropped + list(cut), cut if run.prune else ()  # (a refusal puts a prune's back pruning)
            self.cancel_run(silent=True)  # started again after the forget, for the other folders
        resume = getattr(self._session, "resume", None)  # (app.resume: a run a closed window left, not queued yet)
        left_pruned = resume.left_pruned() if resume is not None else ()
        cut = resume.drop_inside(folder, kept) if resume is not None else []
        dropped, pruned = dropped + cut, pruned + tuple(r for r in cut if r in left_pruned)  # (put back pruning)
        look = [*(again.roots or () if again else ()), *self.adds.looking, *(resume.left_roots() if resume else ())]
        self.queue.forget_first(folder, again, keep_inside, kept, tuple(dropped), tuple(look), removal_reads.listed(self._session, folder),
                                pruned)
        self.kick()

    def cancel_indexing(self) -> None:
        self.adds.clear()
        self._cancelled_queued(self.queue.drop_index())
        if self._running is not None:  # (a removal under way: its refusal puts back no run cancelled)
            self._running.job = unheld(self._running.job)
            if self._running.run is not None:  # (the user's: its record says so, core.stopped_runs)
                self._running.run.cancel(chosen=True)
        self.cancel_run(silent=False)
        self._unwait_if_none_waits()
        self.changed.emit()

    def _cancelled_queued(self, jobs) -> None:
        """The queued runs the user's Cancel dropped (a killed run's resume at the open among them): as
        a cancel before a run's plan, the killed runs recorded in their folders are cancelled with them
        (a killed --reindex's too, ``core.reembed_record.cancel_kept``), named as recorded now, written by
        the handle as it lets go of its lock or closes (``core.run_ends.keep_killed``: none recorded there,
        nothing kept, no lock taken for it); a run still going in a terminal is not named."""
        from core.reembed_record import cancel_kept
        from core.run_ends import keep_killed
        from core.stopped_runs import CANCELLED

        library = self._session.library
        folders = tuple(library.meta.settings.folders or ())  # (a run of every folder)
        for job in jobs:
            keep_killed(library, CANCELLED, tuple(job.roots) if job.roots is not None else folders)
            cancel_kept(library, tuple(job.roots) if job.roots is not None else folders)  # (a --reindex's too)

    def _unwait_if_none_waits(self) -> None:
        if not self.queue and not self.beside.waiting and not self._running:  # (the work that waited is gone)
            self.turn.unwait()

    def cancel_run(self, silent: bool) -> None:
        if self.indexing:
            self._running.silent = silent  # not worth a message when it goes on by itself
            self._running.worker.cancel()  # (its cancel is the run's)

    def switch_to(self, encoder) -> None:
        """Switch the library to ``encoder`` (a run in progress stops), then index every folder."""
        self.cancel_run(silent=True)
        self.queue.switch_first(encoder)
        self.kick()

    def drop_reindex(self) -> None:
        self.queue.drop_index(prune_too=False)
        self.changed.emit()

    def close(self, wait_s: float = REMOVAL_WAIT_S) -> None:
        """Forget the queue and the running job (the session cancels and waits for its workers);
        not ``changed``: what was under way stays unfinished (``app.resume``), a removal in hand
        settled first (``_settle_removal``, waited for at most ``wait_s``: out of the session's
        close's own bound)."""
        self._settle_removal(wait_s)
        self.queue = JobQueue()
        self._running = None
        self.beside.reset()
        self.adds.reset()
        self.meanwhile.reset()
        self.turn.reset()

    def _settle_removal(self, wait_s: float) -> None:
        """The window closes while a removal runs, whose end is no longer heard: once it has ended
        (waited for at most ``wait_s``; the session's close waits for it too) what it left
        unfinished is recorded (``changed``) as its end would have left it: refused, or waiting for
        another process, with the runs it held (``outstanding``); removed, without them, nor those a
        link took into it. Not ended: recorded as under way (``removing``: the next open resumes them
        only if it removed nothing; run after a removal, they would add back a folder in it as a
        library folder of its own)."""
        running = self._running
        if running is None or not isinstance(running.job, ForgetJob) or not running.worker.wait(round(wait_s * 1000)):
            return
        if running.worker.busy is not None:  # (not started: as one queued that waits)
            self.queue.put_back(running.job)
        elif running.outcome.get("refused"):  # (nothing removed)
            self.queue.put_back_runs(running.job)
        else:
            self._drop(running.outcome.get("inside"))
        self._running = None
        self.changed.emit()

    # -- running --------------------------------------------------------------------------------
    def kick(self) -> None:
        """Start the next job if none runs (and say ``changed``)."""
        self._kick()
        self._maybe_idle()
        self.changed.emit()

    def _kick(self) -> None:
        library, encoder = self._session.library, self._session.encoder
        if self._running is not None or library is None or self.turn.waiting is not None:
            return
        job = self.queue.take(has_model=encoder is not None)
        if job is None:
            return
        on_failed, place, outcome, run = None, self._session.gone.place, None, None  # (place: its folder looked
        # at by the worker first)
        if isinstance(job, IndexJob):  # a prune is an index run that may remove (core.sync)
            run = service.IndexRun(library, encoder, list(job.roots or ()), **job.options(), part_of_folder=True,
                                   no_folders="No folders yet: add one with File › Add folder….")  # (as the CLI:
            # a folder added inside a library folder is part of it; one holding some takes them in)
            events = self.meanwhile.events(library, run)  # (its roots removed since they were asked: dropped first)
            worker = GeneratorWorker(engine.events_as_writer, library, events, place, cancel=run.cancel, name="index")
            slots = {}  # (its events: heard by a RunEvents of its Running, below)
        elif isinstance(job, ForgetJob):  # (outcome: filled by the worker, read once it has ended)
            outcome = {}
            worker = Task(engine.forget_as_writer, library, job.folder, job.keep_inside, job.listed,
                          job.look, job.kept, outcome, name="forget-folder", place=place)
            slots = {"done": lambda n, job=job: self._forgot(n, job.folder, job.keep_inside,
                                                            job.dropped + tuple(self._drop(outcome.get("inside"))),
                                                            job.new, tuple(outcome.get("same", ())))}
            on_failed = lambda: outcome.get("refused") and self.queue.put_back_runs(  # noqa: E731 (nothing removed:
                self._running.job if self._running else job)  # the runs it holds still, none cancelled since, queued)
        else:
            worker = Task(engine.as_writer, service.switch_model, library, job.encoder, name="switch-model",
                          place=place)
            slots = {"done": lambda n, enc=job.encoder: self.switched.emit(enc, n)}
            on_failed = self.switch_failed.emit
        self._running = Running(job, worker, outcome=outcome, run=run)
        if isinstance(job, IndexJob):
            already = list(job.added)  # (said only where the run names them: ``RunEvents``)
            slots["yielded"] = RunEvents(self._running, self.meanwhile, self._session, self.message, self.progressed,
                                         already)
        if outcome is not None:  # (a removal: recorded with the runs it holds before it starts, ``removing``)
            self.changed.emit()
        self.turn.busy()
        self._session.start_worker(worker, report_failure=False, ended=self._on_ended,  # (heard while its library is open)
                                   failed=lambda msg: self._job_failed(job, worker, msg, on_failed), **slots)
        if self.indexing:
            self._session.indexing_changed.emit(True)
            self._session.emit_status()

    def _job_failed(self, job: Job, worker: Worker, msg: str, then: Callable[[], None] | None) -> None:
        if worker.busy is not None:  # another process writes: the job waits for it, first again
            if worker.cancelled:  # (cancelled, its folder removed or a switch asked meanwhile: what
                return            # follows is queued already; put back, it would run all the same)
            self.queue.put_back(job)
            self.turn.wait_for(worker.busy, job_text(job))
            return
        self._session.gone.check(lambda: self.message.emit("error", msg))  # (gone: the session says so instead)
        if then is not None:
            then()

    def _forgot(self, n: int | None, folder: str, kept: bool = False, dropped: tuple[str, ...] = (),
                new: bool = False, same: tuple[str, ...] = ()) -> None:
        if text := removal_reads.done_text(self._session, n, folder, kept, dropped, new, same):
            self.message.emit("info", text)

    def _drop(self, roots) -> list[str]:
        """``roots`` (in a folder just removed, through a link) dropped from the runs on their way."""
        if not roots:
            return []
        resume = getattr(self._session, "resume", None)
        gone = self.adds.drop(roots) + self.queue.drop_roots(roots)
        gone += resume.drop_roots(roots) if resume is not None else []
        return list(dict.fromkeys(gone))

    def _maybe_idle(self) -> None:
        if self._running is None and not self.beside.live:
            self.turn.idle()

    def _on_free(self) -> None:
        self.beside.write_waiting()
        self.kick()

    def _on_ended(self) -> None:
        job, gone = self._running.job, self._running.worker.gone
        self._running = None
        self._unwait_if_none_waits()  # (a cancel between its failure, another writer busy, and this end)
        if isinstance(job, ForgetJob):
            self.meanwhile.own_removal(job.folder)
        self.kick()
        held = self.removing().held if self.removing() is not None else ()  # (put back if it is refused)
        self.meanwhile.keep([r for j in (*(self.outstanding() or ()), *held) for r in j.roots or ()])
        if isinstance(job, IndexJob) and not self.indexing:
            self._session.indexing_changed.emit(False)
        if isinstance(job, (IndexJob, ForgetJob)) and not gone:  # (its folder gone: it wrote nothing)
            self._session.library_changed.emit()
        self._session.refresh_status()
