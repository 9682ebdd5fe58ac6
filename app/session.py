"""``Session``: the app's one handle on the engine (library, encoder, searcher), as signals.

Work that touches torch, decoding or LanceDB runs in workers; results come back as signals in the
GUI thread. Its parts: ``app.searches``, ``app.status_reader``, ``app.job_runner``,
``app.model_switch``, ``app.session_workers`` and ``app.session_open`` (the open sequence).
"""

from __future__ import annotations

import logging
import time
from dataclasses import replace
from typing import Callable

from PySide6.QtCore import QObject, Signal

from core.filters import Filters

from . import demo_library, engine
from .job_runner import REMOVAL_WAIT_S, JobRunner
from .library_gone import LibraryGone
from .library_repair import LibraryRepair
from .jobs import IndexJob
from .model_switch import ModelSwitcher
from .model_names import known_library_title
from .resume import IndexResume
from .requests import ModelOption, SearchRequest, SessionStatus
from .searches import Searches, feedback_request
from .session_open import LibraryOpening
from .session_workers import LeftBehind, SessionWorkers
from .status_reader import StatusReader
from .workers import Worker
from .write_role import WriteRole

log = logging.getLogger("seekframe.app")


class Session(QObject):
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
    captions_changed = Signal()  # captions imported or a note added or removed
    model_switched = Signal(str, str)  # model name, source
    model_switch_failed = Signal(str)  # why; the previous model stays in use
    demo_ready = Signal(str, str)  # demo folder, a query to try
    library_damaged = Signal()  # work failed as the library's tables cannot be read: repair offers the way out
    # the writer's open refused for a cause the user may put right (the rest of a stopped removal not removed:
    # a file refused): opened read-only, a try again offered (``app.wiring.read_again``: the library reopened)
    retry_offered = Signal()
    add_asked = Signal(str, str)  # a folder to add holds library folders on disk (job_runner): its question

    def __init__(self, loader=None, parent: QObject | None = None, refresh_interval_ms: int = 5000):
        QObject.__init__(self, parent)
        self._loader = loader or engine.load_encoder
        self.library = None  # the open VideoLibrary (None before ``opened``): for workers only
        self.encoder = self.searcher = None  # its model and searcher, once loaded
        self.mismatch = ""  # why the loaded model cannot search this library
        self.read_only_reason = ""  # why this window cannot write the library ('': it can)
        self.refuses_writers = False  # its library refuses every writer (a read-only drive, a URI): no repair runs there
        self.library_dir, self.on_demo = "", False  # its folder; whether that is the demo library's
        self.open_args: tuple = (None, None)  # open()'s model_source and preferred_model
        self.model_failed = False  # no model could be loaded (until one is)
        self.loading_title = ""  # the card's title of the model loading at open ("": named by its folder)
        self.loading_source = ""  # (that model's: its title names it once loaded, SessionStatus.model_listed)
        self._closed = True
        self.workers = SessionWorkers(self)  # its workers, heard while their library is open (start_worker)
        self.last_request: SearchRequest | None = None  # what "more / less like this" moves
        self._searches = Searches(self)
        self._searches.message.connect(self._search_message)
        self._reader = StatusReader(self, refresh_interval_ms)
        self._runner = JobRunner(self)
        self._switcher = ModelSwitcher(self._loader, self, self._runner)  # (and what its outcome does)
        self._opening = LibraryOpening(self, self._reader, self._runner, self._switcher, self._searches)
        self.gone = LibraryGone(self)  # the library's folder moved or deleted while open: said, not repaired
        self.repairs = LibraryRepair(self)  # (library_damaged: its tables set aside, opened again)
        for runner in (*self._searches.runners, self._reader.runner):  # (gone: said instead, looked at in a worker)
            runner.refuses_writers, runner.root = lambda: self.refuses_writers, lambda: self.library_dir
            runner.refused.connect(self.refused_now)  # (damage said without the repair where it would be refused)
            for failed, offer in ((runner.damaged, self.library_damaged), (runner.unread_now, self.repairs.unread_now)):
                failed.connect(lambda o=offer: None if self._closed else self.gone.check(o.emit, True))  # (or a try again)
        self._reader.runner.failed.connect(lambda _key, _msg: None if self._closed else self.gone.check())
        self._runner.message.connect(lambda level, text: None if self._closed else self.say(level, text))
        self._runner.progressed.connect(self._reader.soon)  # the status bar's counts follow a run
        self._runner.add_asked.connect(self.add_asked)
        self._runner.changed.connect(lambda: None if self._closed else self.emit_status())  # a queued folder shows
        self.resume = IndexResume(self, self._runner)  # what a closed window left unfinished (its store: app.wiring)
        self._write_role = WriteRole(self)  # read-only while another process writes: writable after

    # -- state ------------------------------------------------------------------------------
    @property
    def read_only(self) -> bool:
        return bool(self.read_only_reason)

    @property
    def is_open(self) -> bool:
        return self.library is not None

    @property
    def is_ready(self) -> bool:
        return self.encoder is not None

    @property
    def _workers(self) -> set[Worker]:
        return self.workers.live  # (the tests wait for them to end)

    @property
    def indexing(self) -> bool:
        return self._runner.indexing

    @property
    def status(self) -> SessionStatus:
        """The library's last read status, with the model, the running state, and the folders
        being indexed or queued that it does not list yet (shown as soon as they are added)."""
        status, enc = self._reader.status, self.encoder
        new = tuple(r for r in dict.fromkeys(self._runner.roots_on_the_way()) if r not in status.folders)
        status = replace(status, folders=status.folders + new, ready=enc is not None,
                         read_only=status.read_only or (status.opened and self.read_only),
                         indexing=self.indexing, model_failed=enc is None and self.model_failed)
        if enc is None:
            return status
        card = getattr(enc, "card", None)
        return replace(status, model_name=enc.name, model_source=enc.source, model_id=enc.model_id,
                       model_card=card, model_named=engine.generated_model_named(card, enc.source),
                       model_listed=self.loading_title if self.loading_source == enc.source else "")

    def available_models(self) -> list[ModelOption]:
        return engine.available_models(self.encoder.source if self.encoder is not None else None)

    # -- open / close -------------------------------------------------------------------------
    def open(self, library_dir: str, model_source: str | None = None, preferred_model: str | None = None,
             loader: Callable | None = None) -> None:
        """Open the library in the background, then load its model (``model_source`` first if
        given; ``preferred_model`` is the app's last model, used for a library without one;
        ``loader``: this open's instead of the session's)."""
        if not self._closed:  # (a switch: its library closed by this open's worker, before this one opens)
            self.close(switching=True)
        self._closed = False
        self._opening.start(str(library_dir), model_source, preferred_model, loader or self._loader)

    def reopen(self) -> None:
        """Open the library again (as its writer when no other process writes it now), keeping
        the model in hand."""
        encoder, load = self.encoder, self._loader
        self.open(self.library_dir, *self.open_args,
                  loader=None if encoder is None else lambda source: encoder if source == encoder.source else load(source))

    def refused_now(self, root: str) -> None:
        """Work on the library at ``root`` failed on damage and its worker saw the library refuse
        writers (a drive remounted read-only, its folder's permission taken away since it opened):
        said so from now on, as one that refused them as it opened (``refuses_writers``; the next
        open looks again)."""
        if not self._closed and root == self.library_dir:
            self.refuses_writers = True

    def rebind(self) -> None:
        """Another process re-indexed the library with another model: the searcher made again, none
        (with why, said) when the model in hand cannot search it (it searched the new vectors with it)."""
        if self.encoder is not None and self.library is not None:
            self.search_with(self.encoder)
            if self.mismatch:
                self.say("warning", self.mismatch)

    def search_with(self, encoder) -> None:
        """``encoder`` the model in use, with a searcher of the library (none, with why, when it cannot
        search it: ``why_no_search``, the library's model named as the last status read named it: no look
        at the disk here)."""
        named = known_library_title(self._reader.status)
        self.use_model(encoder, *engine.make_searcher(self.library, encoder, named))

    def use_model(self, encoder, searcher, problem: str = "") -> None:
        """``encoder`` the model in hand, ``searcher`` its searcher (None: ``problem`` says why)."""
        self.encoder, self.searcher, self.mismatch = encoder, searcher, problem
        self.model_failed = False
        self.emit_status()

    def close(self, timeout: float = 10.0, switching: bool = False) -> bool:
        """Cancel all work, wait for it (at most ``timeout`` s), close the library. Returns
        whether everything stopped in time (if not, the library is left to the OS to release).
        ``switching``: another library opens next (``open``), whose opening worker waits for the
        work cancelled here and closes this one (``session_workers.LeftBehind``, through
        ``OpenRun.close_before``: the wait, its optimize and snapshot off the GUI thread, its writer
        lock let go before anything else is opened; late results unheard, ``workers.forget``);
        else it is closed here (the window's exit: never lost)."""
        if self._closed:
            if not self.repairs.running:
                return True
            self.workers.forget()  # (a repair closed the library and runs: when it ends, nothing opens)
            return self.repairs.wait(timeout)
        self._closed = True
        deadline = time.monotonic() + timeout  # (one bound for the removal in hand and the workers)
        self.workers.forget()
        self.resume.keep_held()  # (notes waiting for another writer: written at the next open)
        self._runner.close(min(REMOVAL_WAIT_S, timeout))
        self.resume.closed()  # (after the runner's close, whose settled removal is recorded for this library)
        self._searches.close()
        self._reader.stop()
        runners = self._searches.runners + (self._reader.runner,)
        running, opening = [r.running for r in runners if r.running], self._opening
        if switching:  # (the next open's worker waits for the work cancelled here, then closes the library)
            opening.left = LeftBehind(self.library, self.workers.cancel(running), opening.run, deadline)
            library, stopped = None, True
        else:
            stopped = self.workers.stop(max(0.0, deadline - time.monotonic()), running)
            library = self.library or (opening.run.library if opening.run else None)
            if opening.run is not None and stopped:
                opening.run.close_before()  # (one its worker never got to: nothing is left open)
        self.library = self.encoder = self.searcher = opening.run = None
        self._switcher.state.reset()
        if library is not None:
            if stopped:
                try:
                    library.close()
                except Exception:
                    log.exception("closing the library failed")
            else:
                log.warning("background work did not stop in %.0f s; leaving the library open", timeout)
        self._reader.reset()
        self.emit_status()
        return stopped

    # -- searches (app.searches) ---------------------------------------------------------------
    def search(self, request: SearchRequest) -> None:
        """Answer ``request`` in the background (``search_results``); the latest request wins."""
        self.last_request = request
        self._searches.search(request)

    def refine(self, query: str, more_ids=(), less_ids=(), per_video: bool = False, filters=None) -> None:
        """"More / less like this": the query moved towards / away from those moments."""
        self.search(SearchRequest(query=query, per_video=per_video, filters=filters or Filters(),
                                  more=tuple(more_ids), less=tuple(less_ids)))

    def more_like(self, result) -> None:
        """The last search, moved towards this result's moment (feedback accumulates)."""
        self.search(feedback_request(self.last_request, result.moment_id, more=True))

    def less_like(self, result) -> None:
        self.search(feedback_request(self.last_request, result.moment_id, more=False))

    def similar_clips(self, result, per_video: bool = True, filters=None) -> None:
        """Clips like the result's moment (its own video excluded), as ``search_results``."""
        self.search(SearchRequest(per_video=per_video, filters=filters or Filters(),
                                  similar_to=result.moment_id))

    def similar_captions(self, result, k: int = 10) -> bool:
        """Captions and notes that describe the result's moment (``captions_results``, or
        ``captions_failed``). False when it cannot be asked now (said in a message)."""
        return self._searches.similar_captions(result, k)

    def match_moments(self, request: SearchRequest) -> None:
        """The moments ``request`` matches, over all videos (``moment_matches``): for a "videos"
        request, where else in each video it matched. The latest request wins."""
        self._searches.match_moments(request)

    def why_no_search(self) -> str | None:
        """None while the model loads (a search waits for it), else why there is no searcher."""
        if self.encoder is None and not self.model_failed:
            return None
        return self.mismatch or self._switcher.state.search_note()

    # -- writes (app.job_runner) -------------------------------------------------------------
    def import_captions(self, path: str, then: Callable[[], None] | None = None) -> Worker | None:
        """A caption file imported in the background; its worker (None when refused). ``then()``
        once it has ended (see ``start_worker``)."""
        return self._runner.import_captions(path, then)

    def add_note(self, result, text: str, then: Callable[[], None] | None = None) -> Worker | None:
        """A searchable note on the result's moment; its worker (None when refused)."""
        return self._runner.add_note(result, text, then)

    def remove_note(self, video_id: str, text: str, start: float, end: float, clip: str,
                    then: Callable[[], None] | None = None) -> Worker | None:
        """The note ``text`` on the clip ``start``–``end`` of ``video_id`` (``start`` < 0: on the whole
        video) removed in the background; its worker (None when refused)."""
        return self._runner.remove_note(video_id, text, start, end, clip, then)

    def try_demo(self, folder: str | None = None, then: Callable[[], None] | None = None) -> Worker | None:
        return demo_library.try_demo(self, folder, then)

    def add_folder(self, path, looked: bool = False) -> None:
        self._runner.add_folder(path, looked)  # (looked: a worker has just seen it is a folder)

    def repair_library(self) -> None:
        """Set aside what cannot be read of the library (``app.library_repair``), then open it again."""
        self.repairs.start()

    def rescan(self) -> None:
        self._runner.rescan()

    def rescan_folder(self, path) -> None:
        """Index this library folder again (the file notice's "Re-scan its folder"): no add of it, so a
        folder of a stopped removal's rest is not kept by it (the library panel's Re-scan of it is off)."""
        self._runner.rescan_folder(path)

    def finish_indexing(self, roots) -> None:
        """Index these folders (those an index that stopped before it finished left files in: the
        library panel's "Finish indexing"), as a re-scan of them."""
        if roots and self._runner.writable("finish indexing"):
            self._runner.add(IndexJob(tuple(roots)), adds=False)  # (no add: a stopped removal's rest not kept)

    def retry_failed(self) -> None:
        """Read again the videos that could not be indexed, or embedded again, though their files have not
        changed (the indexing panel's "Try again": a permission put right, a share back, a codec installed),
        as `seekframe index --retry-failed` does: a re-scan of every folder that tries them too."""
        if self._runner.writable("try the failed videos again"):
            self._runner.add(IndexJob(retry=True))

    def prune_missing(self, roots) -> None:
        """Index these folders again, removing the videos gone from them even where a plain run
        keeps them (an unmounted drive?): ``seekframe index --prune``."""
        self._runner.prune_missing(roots)

    def remove_folder(self, path, keep_inside: bool = False) -> None:
        """Forget a folder: its videos leave the library (the files are not touched); ``keep_inside``:
        the folders it took in stay, listed on their own (``core.forgetting.kept_folders``)."""
        self._runner.remove_folder(path, keep_inside)

    def cancel_indexing(self) -> None:
        """Stop after the file in hand, queued runs dropped; what was indexed stays."""
        self._runner.cancel_indexing()

    # -- model switch (app.model_switch) ------------------------------------------------------
    def switch_model(self, source: str, title: str = "") -> None:
        """Load another model in the background. If the library holds vectors of another model,
        they are forgotten, captions re-embedded and every folder re-indexed (the view asks the
        user first). A model that fails to load leaves the current one in use. ``title``: what it
        is named while it loads (the model dialog's name of it; "": its folder's)."""
        self._switcher.request(source, title)

    # -- status -----------------------------------------------------------------------------
    def refresh_status(self) -> None:
        """Re-read the library's counts in the background (``status_changed``)."""
        if not self._closed:
            self._reader.refresh()

    def emit_status(self) -> None:
        """``status_changed`` with the current ``status``."""
        self.status_changed.emit(self.status)

    # -- for the session's parts and app.demo_library ----------------------------------------
    def say(self, level: str, text: str) -> None:
        {"error": log.error, "warning": log.warning}.get(level, log.info)("%s", text)
        self.message.emit(level, text)

    def _search_message(self, level: str, text: str) -> None:
        if not self._closed:  # (an error: said once the library's folder is seen there, else gone is)
            self.gone.check(lambda: self.say(level, text)) if level == "error" else self.say(level, text)

    def writable(self, what: str) -> bool:
        return self._runner.writable(what)

    def start_worker(self, worker: Worker, report_failure: bool = True, then: Callable[[], None] | None = None,
                     **slots) -> Worker:
        """Start a worker of this session, heard while the library it was started for is open
        (``SessionWorkers.start``: ``slots``, signal name → callable; ``then()`` when it ends)."""
        return self.workers.start(worker, report_failure, then, **slots)
