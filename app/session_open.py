"""``LibraryOpening``: the session's part that opens a library: ``engine.OpenRun`` in a worker (the
library first, then its model), each step it yields taken in, in the GUI thread (the library in hand,
read-only or not and why, its folder as the disk spells it; the repair or a try again offered where
the writer's open was refused; the model loading, then in use: an interrupted switch resumed, the
waiting searches answered, the queued runs started), and an open that failed said. It keeps the open
under way (``run``), whose library the session's close closes should its worker never have run, and
the library a switch left (``left``, ``session_workers.LeftBehind``), which the next open's worker
closes first. Taken out of ``app.session``, whose ``open`` starts it.
"""

from __future__ import annotations

from typing import Callable

from . import demo_library, engine
from .jobs import IndexJob
from .open_notes import with_notes
from .requests import READ_ONLY_MESSAGE
from .workers import GeneratorWorker


class LibraryOpening:
    def __init__(self, session, reader, runner, switcher, searches):
        """``session``: the ``app.session.Session`` it opens libraries for, whose library, model and
        read-only reason it sets and whose signals it emits; ``reader``, ``runner``, ``switcher``,
        ``searches``: its ``StatusReader``, ``JobRunner``, ``ModelSwitcher`` and ``Searches``."""
        self._session = session
        self._reader, self._runner, self._switcher, self._searches = reader, runner, switcher, searches
        self.run: engine.OpenRun | None = None
        self.left = None  # the library a switch closed the session on, for the next open's worker to close

    def start(self, library_dir: str, model_source: str | None, preferred_model: str | None,
              loader: Callable) -> None:
        """The open's worker started (``Session.open``, the session marked open)."""
        s = self._session
        before, self.left = self.left, None
        s.model_failed = False
        s.library_dir = library_dir
        s.on_demo = demo_library.named_demo(s.library_dir)  # (until the opening worker says)
        s.open_args = (model_source, preferred_model)  # (opened again so: app.library_repair)
        self._reader.reset()
        run = self.run = engine.OpenRun(s.library_dir, model_source, preferred_model, loader, before)
        s.start_worker(GeneratorWorker(run.steps, cancel=run.cancel, name="open-library"), report_failure=False,
                       yielded=self._on_step, failed=self._on_failed)
        s.emit_status()

    def _on_step(self, step: tuple) -> None:
        s, kind = self._session, step[0]
        if kind == "library":
            s.library, s.gone.opened_as, s.on_demo = step[1], step[4], step[5]  # (read in the worker)
            s.library_dir = step[6]  # (as the disk spells it: app.engine.as_on_disk)
            # another writer, or a library that refuses writers and says why (a URI library)
            s.read_only_reason = (step[3] or READ_ONLY_MESSAGE) if step[2] else ""
            s.refuses_writers = step[7]  # (looked at by the opening worker)
            s.opened.emit(s.library_dir, s.read_only)
            if s.read_only:  # (after what its open put right, in the same banner: app.open_notes)
                s.say("warning", with_notes(s.library, s.read_only_reason))
            s.resume.opened()  # (before any job starts)
            self._reader.attach()
            s.refresh_status()
            self._runner.kick()
        elif kind == "damaged":  # (the writer's open refused as its tables cannot be read: the repair offered)
            s.gone.check(s.library_damaged.emit, True)
        elif kind == "retry":  # (refused for a cause the user may put right: a try again offered)
            s.gone.check(s.retry_offered.emit, True)
        elif kind == "loading":
            s.loading_title, s.loading_source = step[2], step[1]  # (its title, read in the worker: the status bar's)
            s.model_loading.emit(step[1])
        elif kind == "warning":
            s.say("warning", step[1])
        elif kind == "model":
            s.use_model(step[1], step[2], step[3])
            s.ready.emit()
            if s.mismatch:
                s.say("warning", s.mismatch)
            # one interrupted earlier, named by the title the worker read (step[4])
            if self._switcher.resume(s.library.model_switch, s.read_only, step[4]):
                self._runner.add(IndexJob())
            self._searches.answer_pending()
            self._runner.kick()
            s.resume.arm()  # what was left unfinished, once the status is read

    def _on_failed(self, msg: str) -> None:
        s = self._session
        s.model_failed = True  # (no model comes after a library that could not be opened either)
        if s.library is None:
            s.say("error", f"Could not open the library {s.library_dir}: {msg}")
            s.open_failed.emit(msg)
        else:
            s.say("error", f"{msg}\nSearch and indexing need a model: choose one.")
        s.emit_status()
