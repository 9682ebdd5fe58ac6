"""The model dialog ↔ Session, and fetching hub models (in workers: ``app.hub_models`` imports the
hub client and torch, never on the GUI thread); closing the dialog cancels its download.
"""

from __future__ import annotations

from dataclasses import replace

from PySide6.QtCore import QObject, Qt, Signal

from core.model_titles import folder_name, local_spelling, told_apart_labels

from .. import hub_models
from ..model_dialog import ModelDialog, ModelEntry, known_hub_models
from ..requests import model_title
from ..workers import ProgressTask, Task

LOCAL_DETAILS = {
    "bundled": ("Seekframe real-footage model (bundled)", "for your own videos; works offline"),
    "demo": ("Seekframe demo model (bundled)", "made for the generated demo clips (the demo library)"),
    "exported": (None, "a student model you trained and exported"),
}


def model_entries(options, hub: list[ModelEntry], cards: dict | None = None) -> list[ModelEntry]:
    """Dialog entries for ``Session.available_models()``: local ones described, hub ones from
    ``hub`` (the known list with cache state), each with its card from ``cards`` {source: ModelCard}.
    A local model is named as its card names it (``model_title``: the status bar's name of it once in
    use), a student of no card of its own by its folder; students that share a name (two exports of one
    config) by their folders too (``told_apart``)."""
    known = {e.source: e for e in hub}
    out = []
    for option in options:
        if option.kind in LOCAL_DETAILS:
            label, detail = LOCAL_DETAILS[option.kind]
            label = model_title((cards or {}).get(option.source), label or folder_name(option.source))
            entry = ModelEntry(option.kind, option.source, label, detail)
        elif option.kind == "hub":
            entry = known.get(option.source) or ModelEntry("hub", option.source, option.source)
        else:  # "in use": the dialog lists the active model itself
            continue
        out.append(replace(entry, card=(cards or {}).get(option.source, entry.card)))
    return told_apart(out)


def told_apart(entries: list[ModelEntry]) -> list[ModelEntry]:
    """``entries`` with each exported student whose name another entry has too named with its folder,
    "Trained student s (run-2)", or with its whole path where a student of that name's folder is named so too
    (``core.model_titles.told_apart_labels``: the rule `seekframe status` and the status bar name it by too)."""
    labels = told_apart_labels([(e.kind, e.source, e.label) for e in entries])
    return [replace(e, label=label) for e, label in zip(entries, labels)]


def earlier_entry(status, entries: list[ModelEntry], cards: dict | None = None) -> ModelEntry:
    """The dialog's entry for the model in use where it is an earlier build of a bundled model that
    this version keeps (``SessionStatus.earlier_build``): named as that, not as a trained student by its
    folder in the cache."""
    build, _now, folder = status.earlier_build
    bundled = next((e for e in entries if e.source == folder), None)
    return ModelEntry(bundled.kind if bundled else "bundled", status.model_source,
                      f"{bundled.label if bundled else 'The bundled model'}: earlier build ({build})",
                      "the build this library was indexed with, kept by this version",
                      card=(cards or {}).get(status.model_source))


class ModelController(QObject):
    fetch_progress = Signal(str, object, object)  # repo id, bytes done, total
    fetch_done = Signal(str, str)  # repo id, local folder
    fetch_failed = Signal(str, str)  # repo id, message (cancelled too)

    def __init__(self, window):
        super().__init__(window)
        self.window, self.session = window, window.session
        self.dialog: ModelDialog | None = None
        self._fetch: ProgressTask | None = None
        self._fetch_for_dialog = False  # whose download it is: closing the dialog cancels only its own
        self._listing: Task | None = None
        self.preselect = ""  # a source to select when the dialog opens (the notice's suggestion)
        self._notice_dismissed = ""  # the library whose model notice the user dismissed
        window.model_requested.connect(self.open_dialog)
        self.notice = window.model_notice  # (build_window plugs it in first)
        self.notice.triggered.connect(self.offer_real_model)
        self.notice.dismissed.connect(lambda: setattr(self, "_notice_dismissed", self.session.status.library_dir))
        self.session.status_changed.connect(self._show_notice)
        self.earlier = window.earlier_notice  # a library on an earlier build of a bundled model: the move
        self._earlier_dismissed = ""  # the library whose notice of it the user dismissed
        self.earlier.triggered.connect(self.offer_current_build)
        self.earlier.dismissed.connect(lambda: setattr(self, "_earlier_dismissed", self.session.status.library_dir))
        self.session.status_changed.connect(self._show_earlier)

    # -- the notice: real videos, a model of the generated world --------------------------------
    def _show_notice(self, status) -> None:
        if status.needs_real_model and status.library_dir != self._notice_dismissed:
            self.notice.show_notice(status.model_named or "the demo model")
        else:
            self.notice.dismiss()

    def _show_earlier(self, status) -> None:
        build = status.earlier_build
        if build and status.videos and status.library_dir != self._earlier_dismissed:
            self.earlier.show_build(build[0], build[1], status.videos)
        else:  # (moved: the library's status says so once the switch binds it to this version's build)
            self.earlier.dismiss()

    def offer_current_build(self) -> None:
        """File › Model… with this version's build of the bundled model selected: choosing it there
        moves the library to it (the switch re-indexes it, asking first; captions and notes kept)."""
        build = self.session.status.earlier_build
        self.preselect = build[2] if build else ""
        self.open_dialog()

    def offer_real_model(self) -> None:
        """The model dialog with the real-footage model selected (switching asks first)."""
        self.preselect = next((o.source for o in self.session.available_models() if o.kind == "bundled"), "")
        self.open_dialog()

    def open_dialog(self) -> None:
        """Open the dialog (one at a time) once the hub models' cache state and the cards are known."""
        if self.session.read_only:
            self.window.show_message("warning", f"Cannot change the model: {self.session.read_only_reason}")
            return
        if not self.session.is_open:
            self.window.show_message("info", "The library is still opening; choose a model in a moment.")
            return
        if self.dialog is not None:
            self.dialog.raise_()
            self.dialog.activateWindow()
            return
        if self._listing is not None:
            return  # already on its way
        self.window.statusBar().showMessage("Looking up the models…", 5000)  # (waits for a model still loading)
        sources = [o.source for o in self.session.available_models() if o.kind != "hub"]
        hub_ids = [e.source for e in known_hub_models()]
        task = self._listing = Task(hub_models.list_models, hub_ids, sources, name="list-models")
        task.done.connect(lambda found: self._show_dialog(known_hub_models(found[0]), found[1]))
        task.failed.connect(lambda _msg: self._show_dialog(known_hub_models(), {}))
        task.ended.connect(lambda: setattr(self, "_listing", None))
        task.start()

    def _show_dialog(self, hub: list[ModelEntry], cards: dict | None = None) -> None:
        if self.dialog is not None or not self.window.isVisible():
            return
        self.window.statusBar().clearMessage()
        status = self.session.status
        entries = model_entries(self.session.available_models(), hub, cards)
        if status.earlier_build and status.model_source:
            entries.insert(0, earlier_entry(status, entries, cards))
        # (the library's model as File › Model… lists it, however its path was typed: `--model …/run-2/`)
        active = local_spelling(status.model_source, [e.source for e in entries]) or status.model_source
        d = self.dialog = ModelDialog(entries, active, status.videos, self.window)
        if self.preselect:
            d.select_source(self.preselect)
            self.preselect = ""
        d.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        named = {e.source: e.label for e in entries}  # (loading, named as the dialog names it: not "real")
        d.chosen.connect(lambda source: self.session.switch_model(source, named.get(source, "")))
        d.fetch_requested.connect(self.fetch)
        d.fetch_cancel_requested.connect(self.cancel_fetch)
        d.finished.connect(self._dialog_closed)
        d.open()

    def _dialog_closed(self, _result: int) -> None:
        self.dialog = None
        if self._fetch is not None and self._fetch_for_dialog:
            self._fetch.cancel()
            self.window.statusBar().showMessage("Model download cancelled; nothing of it was kept.", 8000)

    def fetch(self, repo_id: str, for_dialog: bool = True) -> bool:
        """Download ``repo_id`` in the background (False: another download is running)."""
        if self._fetch is not None:
            message = "Another model is being downloaded; wait for it to finish or cancel it."
            if for_dialog and self.dialog is not None:
                self.dialog.fetch_failed(message)
            elif not for_dialog:
                self.fetch_failed.emit(repo_id, message)
            return False
        self._fetch_for_dialog = for_dialog
        task = self._fetch = ProgressTask(hub_models.fetch, repo_id, name="fetch-model")
        task.progress.connect(lambda done, total: self.fetch_progress.emit(repo_id, done, total))
        task.done.connect(lambda folder: self.fetch_done.emit(repo_id, folder))
        task.failed.connect(lambda message: self.fetch_failed.emit(repo_id, message))
        if for_dialog:
            task.progress.connect(lambda done, total: self.dialog and self.dialog.set_fetch_progress(done, total))
            task.done.connect(lambda folder: self.dialog and self.dialog.fetch_finished(folder))
            task.failed.connect(self._fetch_failed)
        task.ended.connect(lambda: setattr(self, "_fetch", None))
        task.start()
        return True

    def _fetch_failed(self, message: str) -> None:
        if self.dialog is not None:
            name = self.session.status.model_title or "none"
            self.dialog.fetch_failed(f"{message}\nThe current model ({name}) stays in use.")

    def cancel_fetch(self) -> None:
        if self._fetch is not None:
            self._fetch.cancel()
