"""``Session``: the app's one handle on the engine — the library, the encoder, the searcher.

Every call that touches torch, decoding or LanceDB runs in a background worker; results come
back as signals in the GUI thread. The session holds no widget: views call its methods and
listen to its signals (napari-style: the window composes, the session does the work).

Life cycle: ``open(dir)`` opens the library (as the writer; read-only when another process
writes it), emits ``opened``, loads the model in the background (``model_loading``) and emits
``ready``. Searches asked before that are answered once the model is ready. Folder changes,
indexing and model switches run one at a time from a queue (``session_jobs``); searches keep
working meanwhile (the library is thread-safe). ``close()`` cancels the work, waits for it,
and closes the library (releasing the writer lock).
"""

from __future__ import annotations

import logging
import time
from dataclasses import replace

from PySide6.QtCore import QObject, QTimer, Signal

from . import engine
from .requests import KNOWN_HUB_MODELS, READ_ONLY_MESSAGE, ModelOption, SearchRequest, SessionStatus
from .session_jobs import JobsMixin
from .workers import GeneratorWorker, LatestRunner, Task, Worker

log = logging.getLogger("seekframe.app")


class Session(JobsMixin, QObject):
    opened = Signal(str, bool)  # library folder, read-only
    open_failed = Signal(str)  # the library could not be opened: why
    model_loading = Signal(str)  # a model source is being loaded
    ready = Signal()  # a model is loaded: searches are answered
    status_changed = Signal(object)  # SessionStatus
    message = Signal(str, str)  # level ("info" | "warning" | "error"), text for the user
    index_event = Signal(object)  # core.indexer.IndexEvent, as the engine yields them
    indexing_changed = Signal(bool)
    library_changed = Signal()  # videos were added, removed or re-indexed: searches may differ
    search_results = Signal(object, object)  # SearchRequest, list[core.search.SearchResult]
    captions_results = Signal(object, object)  # SearchResult, list[core.search.CaptionResult]
    captions_failed = Signal(object, str)  # SearchResult, why its captions could not be found
    moment_matches = Signal(object, object)  # SearchRequest, its moments (see match_moments)
    captions_changed = Signal()  # captions imported or a note added
    model_switched = Signal(str, str)  # model name, source
    model_switch_failed = Signal(str)  # why; the previous model stays in use
    demo_ready = Signal(str, str)  # demo folder, a query to try

    def __init__(self, loader=None, parent: QObject | None = None, refresh_interval_ms: int = 5000):
        QObject.__init__(self, parent)
        self._loader = loader or engine.load_encoder
        self._library = None
        self._encoder = None
        self._searcher = None
        self._mismatch = ""  # why the loaded model cannot search this library
        self._read_only = False
        self._library_dir = ""
        self._model_failed = False
        self._closed = True
        self._open_run: engine.OpenRun | None = None
        self._workers: set[Worker] = set()
        self._pending_search: SearchRequest | None = None
        self._last_request: SearchRequest | None = None
        self._lib_status = SessionStatus()
        self._searches = LatestRunner("search", self)
        self._searches.result.connect(self._on_search_result)
        self._searches.failed.connect(self._on_search_failed)
        self._captions = LatestRunner("captions", self)
        self._captions.result.connect(lambda result, rows: self.captions_results.emit(result, rows))
        self._captions.failed.connect(self._on_captions_failed)
        self._matches = LatestRunner("matches", self)
        self._matches.result.connect(lambda req, rows: None if self._closed else self.moment_matches.emit(req, rows))
        self._matches.failed.connect(lambda _req, msg: log.warning("matched moments: %s", msg))
        self._status_runner = LatestRunner("status", self)
        self._status_runner.result.connect(self._on_status)
        self._status_runner.failed.connect(lambda _k, msg: log.warning("status: %s", msg))
        self._status_timer = QTimer(self, singleShot=True, interval=700)
        self._status_timer.timeout.connect(self.refresh_status)
        self._refresh_timer = QTimer(self, interval=refresh_interval_ms)  # read-only: see others' commits
        self._refresh_timer.timeout.connect(self.refresh_status)
        self._init_jobs()

    # -- state ------------------------------------------------------------------------------
    @property
    def library(self):
        """The open ``VideoLibrary`` (None before ``opened``). Call it from workers only."""
        return self._library

    @property
    def encoder(self):
        return self._encoder

    @property
    def searcher(self):
        return self._searcher

    @property
    def library_dir(self) -> str:
        return self._library_dir

    @property
    def read_only(self) -> bool:
        return self._read_only

    @property
    def is_open(self) -> bool:
        return self._library is not None

    @property
    def is_ready(self) -> bool:
        return self._encoder is not None

    @property
    def status(self) -> SessionStatus:
        status = engine.with_model(self._lib_status, self._encoder, self._encoder is not None, self.indexing,
                                   failed=self._model_failed)
        return self._with_folders_on_the_way(status)  # (session_jobs)

    def available_models(self) -> list[ModelOption]:
        """Local models (exported students, the bundled demo), known hub ids, and the one in use."""
        from core.model_choice import available_models

        options = [ModelOption(kind, source) for kind, source in available_models()]
        options += [ModelOption("hub", hub_id) for hub_id, _name, _detail in KNOWN_HUB_MODELS]
        if self._encoder is not None and self._encoder.source not in {o.source for o in options}:
            options.insert(0, ModelOption("in use", self._encoder.source))
        return options

    # -- open / close -------------------------------------------------------------------------
    def open(self, library_dir: str, model_source: str | None = None, preferred_model: str | None = None) -> None:
        """Open the library in the background, then load its model (``model_source`` first if
        given; ``preferred_model`` is the app's last model, used for a library without one)."""
        if not self._closed:
            self.close()
        self._closed = False
        self._model_failed = False
        self._library_dir = str(library_dir)
        self._lib_status = SessionStatus(library_dir=self._library_dir)
        run = self._open_run = engine.OpenRun(self._library_dir, model_source, preferred_model, self._loader)
        worker = GeneratorWorker(run.steps, cancel=run.cancel, name="open-library")
        # steps of an earlier open() (closed since) are ignored
        worker.yielded.connect(lambda step, r=run: self._on_open_step(step) if r is self._open_run else None)
        worker.failed.connect(lambda msg, r=run: self._on_open_failed(msg) if r is self._open_run else None)
        self._start(worker, report_failure=False)
        self._emit_status()

    def _on_open_step(self, step: tuple) -> None:
        if self._closed:
            return
        kind = step[0]
        if kind == "library":
            self._library, self._read_only = step[1], step[2]
            self.opened.emit(self._library_dir, self._read_only)
            if self._read_only:  # another writer, or a library that refuses writers and says why
                self._say("warning", step[3] if len(step) > 3 and step[3] else READ_ONLY_MESSAGE)
                self._refresh_timer.start()
            self.refresh_status()
            self._kick()
        elif kind == "loading":
            self.model_loading.emit(step[1])
        elif kind == "warning":
            self._say("warning", step[1])
        elif kind == "model":
            self._set_model(step[1], step[2], step[3])
            self.ready.emit()
            if self._mismatch:
                self._say("warning", self._mismatch)
            self._finish_switch()
            pending, self._pending_search = self._pending_search, None
            if pending is not None:
                self.search(pending)
            self._kick()

    def _on_open_failed(self, msg: str) -> None:
        if self._closed:
            return
        self._model_failed = True  # (no model comes after a library that could not be opened either)
        if self._library is None:
            self._say("error", f"Could not open the library {self._library_dir}: {msg}")
            self.open_failed.emit(msg)
        else:
            self._say("error", f"{msg}\nSearch and indexing need a model: choose one.")
        self._emit_status()

    def _set_model(self, encoder, searcher, problem: str = "") -> None:
        self._encoder, self._searcher, self._mismatch = encoder, searcher, problem
        self._model_failed = False
        self._emit_status()

    def close(self, timeout: float = 10.0) -> bool:
        """Cancel all work, wait for it (at most ``timeout`` s), close the library. Returns
        whether everything stopped in time (if not, the library is left to the OS to release)."""
        if self._closed:
            return True
        self._closed = True
        for timer in (self._status_timer, self._refresh_timer):
            timer.stop()
        self._jobs.clear()
        runners = (self._searches, self._captions, self._matches, self._status_runner)
        for runner in runners:
            runner.drop()
        if self._open_run is not None:
            self._open_run.cancel()
        workers = list(self._workers) + [r.running for r in runners if r.running]
        for w in workers:
            w.cancel()
        deadline = time.monotonic() + timeout
        stopped = all(w.wait(max(0, int((deadline - time.monotonic()) * 1000))) for w in workers)
        library = self._library or (self._open_run.library if self._open_run else None)
        self._library = self._encoder = self._searcher = self._open_run = None
        self._job = self._job_kind = self._index_run = None
        self._switching = self._switch_loading = False
        self._pending_search = None
        if library is not None:
            if stopped:
                try:
                    library.close()
                except Exception:
                    log.exception("closing the library failed")
            else:
                log.warning("background work did not stop in %.0f s; leaving the library open", timeout)
        self._lib_status = SessionStatus(library_dir=self._library_dir)
        self._emit_status()
        return stopped

    # -- searches ---------------------------------------------------------------------------
    def search(self, request: SearchRequest) -> None:
        """Answer ``request`` in the background (``search_results``); a newer request
        supersedes it. Before the model is ready, the latest request waits for it."""
        self._last_request = request
        if request.is_blank:
            self._searches.drop()
            self.search_results.emit(request, [])
            return
        if self._searcher is None:
            if self._encoder is None and not self._model_failed:
                self._pending_search = request  # answered on "ready" (also if typed before open())
                return
            self._say("warning", self._mismatch or self._switching_note()
                      or "Search needs a model; none is loaded.")
            self.search_results.emit(request, [])
            return
        self._searches.submit(request, engine.run_search, self._searcher, request)

    @property
    def last_request(self) -> SearchRequest | None:
        return self._last_request

    def refine(self, query: str, more_ids=(), less_ids=(), per_video: bool = False, filters=None) -> None:
        """"More / less like this": the query moved towards / away from those moments."""
        from core.filters import Filters

        self.search(SearchRequest(query=query, per_video=per_video, filters=filters or Filters(),
                                  more=tuple(more_ids), less=tuple(less_ids)))

    def more_like(self, result) -> None:
        """The last search, moved towards this result's moment (feedback accumulates)."""
        self._feedback(result, more=True)

    def less_like(self, result) -> None:
        """The last search, moved away from this result's moment."""
        self._feedback(result, more=False)

    def _feedback(self, result, more: bool) -> None:
        from core.filters import Filters

        last = self._last_request if self._last_request and self._last_request.kind != "similar" else None
        base = last or SearchRequest(filters=Filters())
        mid = result.moment_id
        more_ids = tuple(m for m in base.more if m != mid) + ((mid,) if more else ())
        less_ids = tuple(m for m in base.less if m != mid) + (() if more else (mid,))
        self.search(SearchRequest(query=base.query, per_video=base.per_video, filters=base.filters, k=base.k,
                                  more=more_ids, less=less_ids))

    def similar_clips(self, result, per_video: bool = True, filters=None) -> None:
        """Clips like the result's moment (its own video excluded), as ``search_results``."""
        from core.filters import Filters

        self.search(SearchRequest(per_video=per_video, filters=filters or Filters(),
                                  similar_to=result.moment_id))

    def similar_captions(self, result, k: int = 10) -> bool:
        """Captions and notes that describe the result's moment (``captions_results``, or
        ``captions_failed``). False when it cannot be asked now (said in a message)."""
        if self._searcher is None:
            self._say("warning", self._mismatch or self._switching_note() or "The model is not loaded yet.")
            return False
        self._captions.submit(result, engine.similar_captions, self._searcher, result, k)
        return True

    def _on_captions_failed(self, result, msg: str) -> None:
        if not self._closed:
            self._say("error", msg)
            self.captions_failed.emit(result, msg)

    def match_moments(self, request: SearchRequest) -> None:
        """The moments a search matches, one list over all videos, as ``moment_matches``: for a
        "videos" request (best moment per video) the same search in moments, so a view can show
        where else in each video it matched. Runs beside the searches; the latest request wins."""
        if self._searcher is not None and not request.is_blank:
            self._matches.submit(request, engine.run_search, self._searcher, replace(request, per_video=False))

    def _on_search_result(self, request, results) -> None:
        if not self._closed:
            self.search_results.emit(request, results)

    def _on_search_failed(self, request, msg: str) -> None:
        if not self._closed:
            self._say("error", msg)
            self.search_results.emit(request, [])

    # -- captions and notes ---------------------------------------------------------------
    def import_captions(self, path: str) -> Worker | None:
        """Import a caption file in the background; returns its worker (None when refused)."""
        if not self._writable("import captions") or not self._needs_model():
            return None

        def done(counts: dict) -> None:
            extra = (f", {counts['unknown_videos']} naming videos not in the library"
                     if counts.get("unknown_videos") else "")
            self._say("info", f"Imported {counts['imported']} captions "
                              f"({counts['linked_to_videos']} linked to videos{extra}).")
            self.captions_changed.emit()
            self.refresh_status()

        return self._start(Task(engine.import_captions, self._library, self._encoder, str(path),
                                name="import-captions"), done=done)

    def add_note(self, result, text: str) -> Worker | None:
        """A searchable note on the result's moment; returns its worker (None when refused)."""
        if not self._writable("add notes") or not self._needs_model():
            return None

        def done(_caption_id) -> None:
            self._say("info", "Note added. Searching for it finds this moment.")
            self.captions_changed.emit()

        return self._start(Task(engine.add_note, self._library, self._encoder, result, text, name="add-note"),
                           done=done)

    def try_demo(self, folder: str | None = None) -> Worker | None:
        """The demo clips in the demo library, with the demo model (``app.demo_library``)."""
        from .demo_library import try_demo

        return try_demo(self, folder)

    # -- status -----------------------------------------------------------------------------
    def refresh_status(self) -> None:
        """Re-read the library's counts in the background (``status_changed``). A read-only
        session first refreshes its view of the library, so another writer's commits appear."""
        if self._library is not None and not self._closed:
            self._status_runner.submit(None, engine.library_status, self._library, self._read_only,
                                       self._read_only)

    def _on_status(self, _key, status: SessionStatus) -> None:
        if self._closed:
            return
        old = self._lib_status
        self._lib_status = status
        self._emit_status()
        if self._read_only and old.opened and (old.videos, old.moments) != (status.videos, status.moments):
            self.library_changed.emit()  # another process indexed: searches may find more

    def _emit_status(self) -> None:
        self.status_changed.emit(self.status)

    # -- helpers ----------------------------------------------------------------------------
    def _say(self, level: str, text: str) -> None:
        getattr(log, {"error": "error", "warning": "warning"}.get(level, "info"))("%s", text)
        self.message.emit(level, text)

    def _writable(self, what: str) -> bool:
        if self._library is None:
            self._say("warning", f"The library is still opening; try to {what} in a moment.")
            return False
        if self._read_only:
            self._say("warning", f"Cannot {what}: {READ_ONLY_MESSAGE}")
            return False
        return True

    def _needs_model(self) -> bool:
        if self._encoder is None:
            self._say("warning", "The model is still loading; try again in a moment.")
            return False
        return True

    def _start(self, worker: Worker, done=None, report_failure: bool = True) -> Worker:
        """Start a worker of this session: tracked until it ends, errors become messages."""
        self._workers.add(worker)
        if done is not None:
            worker.done.connect(lambda value: None if self._closed else done(value))
        if report_failure:
            worker.failed.connect(lambda msg: None if self._closed else self._say("error", msg))
        worker.ended.connect(lambda w=worker: self._workers.discard(w))
        worker.start()
        return worker
