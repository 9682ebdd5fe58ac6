"""``RunEvents``: one index run's events as the window hears them (``app.job_runner`` makes one for
each run it starts): the folders of a stopped removal's rest the run kept, said (``KeptAgain``); its
roots another process removed since they were asked, dropped from the running job (``Removed``:
``RemovedMeanwhile.heard``); the others passed on to the session's ``index_event`` (a cancel the
session made itself marked ``quiet``, a finished run given the roots it ran on), added up as the CLI
adds them (``core.progress.Tally``, from the run's first event) and said (``app.run_words``: its
scan's messages, and its end's; a two-pass run's full pass, its files searchable already, in the
CLI's words: ``core.progress.full_pass_text``); a file's event signals ``progressed``.
"""

from __future__ import annotations

from dataclasses import replace

from .removed_meanwhile import KeptAgain, Removed
from .run_words import run_messages, scan_messages


class RunEvents:
    def __init__(self, running, meanwhile, session, message, progressed, already=()):
        """``running``: the runner's ``Running`` of this run (its ``job``, kept up to date here, and
        ``silent``, a cancel the session made itself); ``meanwhile``: the runner's
        ``RemovedMeanwhile``; ``session``: whose ``index_event`` hears each event; ``message``,
        ``progressed``: the runner's signals; ``already``: its roots added by Add folder that were library
        folders already (its end says so: ``run_words.run_messages``)."""
        self._running, self._meanwhile, self._session = running, meanwhile, session
        self._already = list(already)
        self._message, self._progressed = message, progressed
        self._tally = None  # what the run did so far (core.progress.Tally; from its first event)

    def __call__(self, ev) -> None:
        from core.progress import FILE_EVENTS, Tally, full_pass_text  # (imports the library: not at start-up)

        running = self._running
        if isinstance(ev, KeptAgain):  # (folders of a stopped removal's rest it named: kept, their removal dropped)
            self._message.emit("info", ev.text)
            return
        if isinstance(ev, Removed):  # (roots of it removed by another process since they were asked)
            running.job = self._meanwhile.heard(running.job, ev)
            return
        if ev.kind == "cancelled" and running.silent:  # (the session carries on: no summary)
            ev = replace(ev, summary={**ev.summary, "quiet": True})
        elif ev.kind == "finished":  # the folders it ran on (none: every folder, a re-scan)
            ev = replace(ev, summary={**ev.summary, "run_roots": list(running.job.roots or ()),
                                      "already_listed": [r for r in self._already if r in (running.job.roots or ())]})
        self._session.index_event.emit(ev)
        if self._tally is None:  # (each run's first event; a run cancelled while scanning has no "scanned")
            self._tally = Tally()
        if ev.kind == "scanned":
            for level, text in scan_messages(ev.summary):
                self._message.emit(level, text)
        elif ev.kind == "pass_started" and ev.files_total:  # (the strip's counts start again from 0: why)
            self._message.emit("info", full_pass_text(ev.files_total))
        self._tally.add(ev)
        if ev.kind in FILE_EVENTS:
            self._progressed.emit()
        elif ev.kind in ("finished", "cancelled"):
            for level, text in run_messages(ev, self._tally, silent=running.silent):
                self._message.emit(level, text)
