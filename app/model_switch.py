"""The model switch: a state machine (``ModelSwitch``, no Qt) and ``ModelSwitcher``, which loads
the model the user picked in a worker and carries out the outcome: the model used at once, or the
library re-indexed with it (a ``SwitchJob`` of the session's ``JobRunner``), that model used once
its captions are re-embedded (the old one kept should that fail).

``idle`` → ``begin()`` → ``loading`` → ``loaded(...)`` decides: ``SAME`` (already in use), ``USE``
(no vectors of another model: it searches at once) or ``READ_ONLY`` (a re-index this window
cannot write), each over once the load's worker ends (``load_ended()``); or ``REINDEX`` →
``reindexing`` (a ``SwitchJob``: old vectors forgotten, captions re-embedded, or that failed)
until ``reindexed()`` → ``idle``; the re-index itself then runs as ordinary indexing.
"""

from __future__ import annotations

from enum import Enum
from typing import Callable

from PySide6.QtCore import QObject

from core.plural import count

from .requests import encoder_title
from .workers import Task


class Phase(Enum):
    IDLE = "idle"
    LOADING = "loading"
    REINDEXING = "reindexing"


SAME, USE, READ_ONLY, REINDEX = "same", "use", "read-only", "reindex"

SEARCH_NOTE = "The library is being re-indexed with the new model; search is back in a moment."


class ModelSwitch:
    def __init__(self):
        self.phase = Phase.IDLE

    @property
    def busy(self) -> bool:
        return self.phase is not Phase.IDLE

    @property
    def reindexing(self) -> bool:
        return self.phase is Phase.REINDEXING

    def begin(self) -> bool:
        """Start loading a model; False (nothing changes) while a switch is under way."""
        if self.busy:
            return False
        self.phase = Phase.LOADING
        return True

    def loaded(self, encoder, library_model_id: str, current, current_searches: bool, read_only: bool) -> str:
        """What to do with the loaded ``encoder``, for a library bound to ``library_model_id``
        ('' when none yet) and the ``current`` encoder (``current_searches``: it can search the
        library). ``REINDEX`` moves to ``reindexing``."""
        if not library_model_id or library_model_id == encoder.model_id:
            if current is not None and current.model_id == encoder.model_id and current_searches:
                return SAME
            return USE
        if read_only:
            return READ_ONLY
        self.phase = Phase.REINDEXING
        return REINDEX

    def load_ended(self) -> None:
        if self.phase is Phase.LOADING:
            self.phase = Phase.IDLE

    def reindexed(self) -> None:
        if self.phase is Phase.REINDEXING:
            self.phase = Phase.IDLE

    def reset(self) -> None:
        self.phase = Phase.IDLE

    def search_note(self) -> str:
        """Why searches are off ('' when the switch does not turn them off)."""
        return SEARCH_NOTE if self.reindexing else ""


class ModelSwitcher(QObject):
    def __init__(self, loader: Callable, session: QObject, runner: QObject):
        """``session``, its parent: the ``app.session.Session`` whose state it reads and whose
        ``start_worker``, ``search_with``, ``say``, ``emit_status`` and signals it uses; ``runner``:
        its ``app.job_runner.JobRunner``, which re-indexes the library with another model."""
        super().__init__(session)
        self.state = ModelSwitch()
        self._loader, self._session, self._runner = loader, session, runner
        self._kept = ("", "")  # (the session's loading_title and _source of the model in use, a switch under way)
        runner.switched.connect(self._reindexed)
        runner.switch_failed.connect(self._reindex_failed)

    def request(self, source: str, title: str = "") -> None:
        if self._session.library is None:
            self._session.say("warning", "Open a library before choosing a model.")
            return
        if not self.state.begin():
            self._session.say("info", "A model is already being switched; wait for it to finish.")
            return
        self._kept = (self._session.loading_title, self._session.loading_source)  # (the loaded model's: put back
        self._session.loading_title = title  # on a failure) (no card read in the GUI thread: the dialog's name)
        self._session.loading_source = str(source)
        self._session.model_loading.emit(str(source))
        self._session.start_worker(Task(self._loader, str(source), name="load-model"), report_failure=False,
                                   done=self._loaded, failed=self._failed, ended=self.state.load_ended)

    def _loaded(self, encoder) -> None:
        session = self._session
        decision = self.state.loaded(encoder, session.library.meta.model_id, session.encoder,
                                     session.searcher is not None, session.read_only)
        if decision in (SAME, READ_ONLY):  # (the model in use stays: named as before)
            session.loading_title, session.loading_source = self._kept
        if decision == SAME:
            session.say("info", f"{encoder_title(encoder)} is already the model in use.")
        elif decision == USE:
            self._use(encoder)
        elif decision == READ_ONLY:
            session.say("error", f"Cannot re-index with {encoder_title(encoder)}: {session.read_only_reason}")
            session.model_switch_failed.emit("read-only")
        else:
            session.say("info", f"Re-indexing the library with {encoder_title(encoder)}; results come back as "
                                "videos are done.")
            session.searcher = None  # the old vectors are about to go
            self._runner.switch_to(encoder)

    def _use(self, encoder) -> None:
        session = self._session
        session.search_with(encoder)
        session.model_switched.emit(encoder.name, encoder.source)
        session.say("info", f"Now using the model {encoder_title(encoder)}.")
        self._runner.kick()

    def _reindexed(self, encoder, n_captions: int) -> None:
        session = self._session
        session.search_with(encoder)
        self.state.reindexed()
        session.model_switched.emit(encoder.name, encoder.source)
        if n_captions:
            said = count(n_captions, "caption or note", "captions and notes")  # (one count of both: which, unknown)
            session.say("info", f"Re-embedded {said} with {encoder_title(encoder)}.")

    def _reindex_failed(self) -> None:
        # the error itself is said by start_worker; keep the old model and drop the re-index
        session = self._session
        self.state.reindexed()
        self._runner.drop_reindex()
        session.loading_title, session.loading_source = self._kept  # (the model kept named as before: run-2's folder)
        if session.encoder is not None and session.library is not None:
            session.search_with(session.encoder)

    def _failed(self, msg: str) -> None:
        session = self._session
        session.loading_title, session.loading_source = self._kept  # (the model kept named as before: run-2's folder)
        current = session.status.model_title if session.encoder is not None else "none"  # (as the status bar)
        session.say("error", f"{msg}\nThe current model ({current}) stays in use.")
        session.model_switch_failed.emit(msg)
        session.emit_status()

    def resume(self, switch: dict | None, read_only: bool, title: str = "") -> bool:
        """Say a library's interrupted switch (``VideoLibrary.model_switch``), its model named by ``title``
        (``model_names.switch_title``, read in the opening worker), else by its path or id; whether this
        window finishes it (an index run: captions and notes first), which only the writer does."""
        if not switch:
            return False
        model = title or switch.get("model_source") or switch["model_id"]
        if read_only:
            self._session.say("warning", f"This library is being switched to the model {model}; "
                                         "the process that writes it finishes the switch.")
            return False
        self._session.say("warning", f"Finishing the switch to the model {model} that was interrupted: "
                                     "captions, notes and videos are re-embedded.")
        return True
