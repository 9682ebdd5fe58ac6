"""The session's write queue: folders, indexing and model switches, one job at a time.

Jobs: ``("index", roots | None)`` (None: every folder the library remembers), ``("forget",
folder)`` and ``("switch", encoder)`` (forget the old model's vectors, re-embed the captions).
One runs at a time, in order, through the session's own (writer) library handle; queued index
jobs merge into one. Removing a folder while indexing cancels the run (it stops after the file
in hand, whose commit is atomic), forgets the folder, and indexes the other folders again —
incremental, so nothing done is redone. Searches are not queued here: they run beside the jobs.
"""

from __future__ import annotations

import os
from dataclasses import replace

from . import engine
from .requests import READ_ONLY_MESSAGE
from .workers import GeneratorWorker, Task


def _folder(path) -> str:
    return os.path.abspath(os.path.expanduser(str(path)))


class JobsMixin:
    """Mixed into :class:`~app.session.Session` (which provides ``_start``, ``_say``, …)."""

    def _init_jobs(self) -> None:
        self._jobs: list[tuple[str, object]] = []
        self._job = None  # the running job's worker
        self._job_kind: str | None = None
        self._index_run: engine.IndexRun | None = None
        self._switching = False  # a model switch with a re-index is under way
        self._switch_loading = False  # a model is being loaded for switch_model

    @property
    def indexing(self) -> bool:
        return self._job_kind == "index"

    def _with_folders_on_the_way(self, status):
        """``status`` with the folders being indexed or queued that the library does not list
        yet, so the library panel shows a folder as soon as it is added, not once a video is done."""
        roots = list(self._index_run.roots or []) if self.indexing and self._index_run is not None else []
        for kind, arg in self._jobs:
            if kind in ("index", "prune") and arg:
                roots += arg
        new = tuple(r for r in dict.fromkeys(roots) if r not in status.folders)
        return replace(status, folders=status.folders + new) if new else status

    # -- folders and indexing ---------------------------------------------------------------
    def add_folder(self, path) -> None:
        """Remember the folder and index it (after the run in progress, if any)."""
        if not self._writable("add folders"):
            return
        path = _folder(path)
        if not os.path.isdir(path):
            self._say("error", f"{path} is not a folder that can be read.")
            return
        self._queue(("index", [path]))

    def rescan(self) -> None:
        """Index every remembered folder again: new, changed, moved and deleted files."""
        if self._writable("re-scan"):
            self._queue(("index", None))

    def prune_missing(self, roots) -> None:
        """Index these folders again and remove the videos gone from them, even those a plain
        run keeps because they seem to be on an unmounted drive (``seekframe index --prune``)."""
        if self._writable("remove missing videos") and roots:
            self._queue(("prune", [_folder(r) for r in roots]))

    def remove_folder(self, path) -> None:
        """Forget a folder: its videos leave the library (the files are not touched)."""
        if not self._writable("remove folders"):
            return
        path = _folder(path)
        again = None
        if self.indexing and self._index_run is not None:
            roots = self._index_run.roots
            self._cancel_run(silent=True)  # it is started again below, for the other folders
            rest = [r for r in roots if r != path] if roots else None
            again = ("index", rest) if roots is None or rest else None
        jobs = []
        for kind, arg in self._jobs:
            if kind in ("index", "prune") and arg is not None:
                arg = [r for r in arg if r != path]
                if not arg:
                    continue
            jobs.append((kind, arg))
        self._jobs[:] = [("forget", path)] + ([again] if again else []) + jobs
        self._kick()

    def cancel_indexing(self) -> None:
        """Stop indexing after the file in hand; queued index runs are dropped. What was
        indexed stays; Re-scan finishes the rest."""
        self._jobs[:] = [j for j in self._jobs if j[0] not in ("index", "prune")]
        self._cancel_run(silent=False)

    def _cancel_run(self, silent: bool) -> None:
        if self.indexing and self._index_run is not None:
            self._index_run.silent = silent  # not worth a message when it goes on by itself
            self._index_run.cancel()

    def _queue(self, job: tuple) -> None:
        if job[0] == "index":
            for i, (kind, arg) in enumerate(self._jobs):
                if kind == "index":
                    merged = None if arg is None or job[1] is None else list(dict.fromkeys(arg + job[1]))
                    self._jobs[i] = ("index", merged)
                    break
            else:
                self._jobs.append(job)
        else:
            self._jobs.append(job)
        self._kick()

    # -- model switch -----------------------------------------------------------------------
    def switch_model(self, source: str) -> None:
        """Load another model in the background. If the library holds vectors of another model,
        they are forgotten, captions re-embedded and every folder re-indexed (the view asks the
        user first). A model that fails to load leaves the current one in use."""
        if not self.is_open:
            self._say("warning", "Open a library before choosing a model.")
            return
        if self._switch_loading or self._switching:
            self._say("info", "A model is already being switched; wait for it to finish.")
            return
        self._switch_loading = True
        self.model_loading.emit(str(source))

        def failed(msg: str) -> None:
            if self._closed:
                return
            current = self._encoder.source if self._encoder is not None else "none"
            self._say("error", f"{msg}\nThe current model ({current}) stays in use.")
            self.model_switch_failed.emit(msg)
            self._emit_status()

        def ended() -> None:
            self._switch_loading = False

        task = Task(self._loader, str(source), name="load-model")
        task.failed.connect(failed)
        task.ended.connect(ended)
        self._start(task, done=self._on_model_loaded, report_failure=False)

    def _on_model_loaded(self, encoder) -> None:
        bound = self._library.meta.model_id
        if not bound or bound == encoder.model_id:
            if self._encoder is not None and self._encoder.model_id == encoder.model_id and not self._mismatch:
                self._say("info", f"{encoder.source} is already the model in use.")
                return
            searcher, problem = engine.make_searcher(self._library, encoder)
            self._set_model(encoder, searcher, problem)
            self.model_switched.emit(encoder.name, encoder.source)
            self._say("info", f"Now using the model {encoder.name}.")
            self._kick()
            return
        if self._read_only:
            self._say("error", f"Cannot re-index with {encoder.source}: {READ_ONLY_MESSAGE}")
            self.model_switch_failed.emit("read-only")
            return
        self._jobs[:] = [j for j in self._jobs if j[0] != "index"]
        self._cancel_run(silent=True)
        self._switching = True
        self._searcher = None  # the old vectors are about to go
        self._jobs[:] = [("switch", encoder)] + [j for j in self._jobs if j[0] != "index"] + [("index", None)]
        self._say("info", f"Re-indexing the library with {encoder.name}; results come back as "
                          "videos are done.")
        self._kick()

    def _finish_switch(self) -> None:
        """A model switch interrupted earlier (recorded in the library): say so, and finish it
        with an index run (captions and notes first) when this session writes the library."""
        switch = self._library.model_switch if self._library is not None else None
        if not switch:
            return
        model = switch.get("model_source") or switch["model_id"]
        if self._read_only:
            self._say("warning", f"This library is being switched to the model {model}; "
                                 "the process that writes it finishes the switch.")
        else:
            self._say("warning", f"Finishing the switch to the model {model} that was interrupted: "
                                 "captions, notes and videos are re-embedded.")
            self._queue(("index", None))

    def _switching_note(self) -> str:
        return ("The library is being re-indexed with the new model; search is back in a moment."
                if self._switching else "")

    # -- the queue --------------------------------------------------------------------------
    def _kick(self) -> None:
        if self._job is not None or not self._jobs or self._library is None or self._closed:
            return
        kind, arg = self._jobs[0]
        if kind in ("index", "prune") and self._encoder is None:
            return  # waits for the model (it is loading)
        self._jobs.pop(0)
        was_indexing = self.indexing
        if kind in ("index", "prune"):  # a prune is an index run that may remove (core.sync)
            run = self._index_run = engine.IndexRun(self._library, self._encoder, arg, prune=kind == "prune")
            kind = "index"
            worker = GeneratorWorker(run.events, cancel=run.cancel, name="index")
            worker.yielded.connect(self._on_index_event)
        elif kind == "forget":
            worker = Task(engine.forget_folder, self._library, arg, name="forget-folder")
            worker.done.connect(lambda n, path=arg: self._on_forgotten(path, n))
        else:
            worker = Task(engine.reset_for_model, self._library, arg, name="switch-model")
            worker.done.connect(lambda n, enc=arg: self._on_reset(enc, n))
            worker.failed.connect(self._on_reset_failed)
        self._job, self._job_kind = worker, kind
        worker.ended.connect(lambda w=worker: self._on_job_ended() if w is self._job else None)
        self._start(worker)
        if self.indexing and not was_indexing:
            self.indexing_changed.emit(True)
            self._emit_status()

    def _on_job_ended(self) -> None:
        kind = self._job_kind
        self._job, self._job_kind = None, None
        if self._closed:
            return
        if kind == "index":
            self._index_run = None
        self._kick()
        if kind == "index" and not self.indexing:
            self.indexing_changed.emit(False)
        if kind in ("index", "forget"):
            self.library_changed.emit()
        self.refresh_status()

    def _on_index_event(self, ev) -> None:
        if self._closed:
            return
        self.index_event.emit(ev)
        if ev.kind == "scanned":
            held = ev.summary.get("held", [])
            for root in ev.summary.get("offline_roots", []):
                if not any(h["root"] == root for h in held):
                    self._say("warning", f"{root} is offline (an unplugged drive?): its videos are kept "
                                         "and marked offline until it is back.")
            from core.sync import held_text  # imports the library (LanceDB): not at startup

            for h in held:  # the indexing panel offers to remove them
                self._say("warning", f"{held_text(h['root'], h['videos'], h.get('why', ''))} "
                                     "(Remove them in the indexing panel).")
        elif ev.kind in ("file_done", "file_failed") and not self._status_timer.isActive():
            self._status_timer.start()  # counts in the status bar follow the run, throttled
        elif ev.kind in ("finished", "cancelled"):
            self._report_run(ev)

    def _report_run(self, ev) -> None:
        if ev.kind == "cancelled":
            if self._index_run is None or not self._index_run.silent:
                self._say("info", "Indexing cancelled. Indexed videos are kept; Re-scan finishes the rest.")
        elif ev.files_total:
            self._say("info", f"Indexed {ev.files_total - len(ev.failed)} of {ev.files_total} "
                              f"files ({ev.moments:,} moments).")
        if ev.failed:
            first = "; ".join(f"{os.path.basename(p)}: {r}" for p, r in ev.failed[:3])
            more = f" and {len(ev.failed) - 3} more" if len(ev.failed) > 3 else ""
            self._say("warning", f"{len(ev.failed)} file(s) could not be indexed ({first}{more}). "
                                 "They are retried when they change.")

    def _on_forgotten(self, path: str, n: int) -> None:
        self._say("info", f"Removed {n} video(s) under {path} from the library (the files are untouched).")

    def _on_reset(self, encoder, n_captions: int) -> None:
        searcher, problem = engine.make_searcher(self._library, encoder)
        self._set_model(encoder, searcher, problem)
        self._end_switch()
        self.model_switched.emit(encoder.name, encoder.source)
        if n_captions:
            self._say("info", f"Re-embedded {n_captions} captions and notes with {encoder.name}.")

    def _on_reset_failed(self, _msg: str) -> None:
        # the error itself is reported by _start; keep the old model and drop the re-index
        self._end_switch()
        self._jobs[:] = [j for j in self._jobs if j[0] != "index"]
        if self._encoder is not None and self._library is not None:
            searcher, problem = engine.make_searcher(self._library, self._encoder)
            self._set_model(self._encoder, searcher, problem)

    def _end_switch(self) -> None:
        self._switching = False
