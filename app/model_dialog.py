"""``ModelDialog``: choose the model the library is indexed with; fetch CLIP-family hub models."""

from __future__ import annotations

import os
from dataclasses import dataclass, replace

from PySide6.QtCore import QSize, Qt, Signal
from PySide6.QtGui import QIcon, QPalette, QPixmap
from PySide6.QtWidgets import (
    QDialog, QDialogButtonBox, QFileDialog, QHBoxLayout, QLabel, QLineEdit, QListWidget,
    QListWidgetItem, QMessageBox, QProgressBar, QPushButton, QStyle, QVBoxLayout, QWidget,
)

from superqt.utils import signals_blocked

from core.plural import count
from core.timefmt import format_bytes

from .font_follow import follow_font
from .icons import tinted
from .model_rows import NAME_BOLD_ROLE, ModelRows
from .requests import KNOWN_HUB_MODELS

_KIND_NAMES = {"bundled": "bundled real-footage model", "demo": "bundled demo model",
               "exported": "trained student", "hub": "Hugging Face hub"}


def card_text(card) -> str:
    """A model card (core.encoders.card.ModelCard) as the dialog's details, one line each."""
    if card is None:
        return ""
    lines = card.lines()
    if not card.summary:
        lines[0] = card.title
    return "\n".join(lines)


@dataclass(frozen=True)
class ModelEntry:
    """One model to offer: ``kind`` "bundled" | "demo" | "exported" | "hub"; ``source`` a folder or hub id."""

    kind: str
    source: str
    label: str
    detail: str = ""
    needs_download: bool = False  # a hub model that is not in the local cache yet (only "hub" entries)
    card: object = None  # its core.encoders.card.ModelCard: what it knows (None: not known here)


def _is_hub_id(text: str) -> bool:
    from core.encoders.sources import is_hub_id

    return "/" in text and not os.path.isabs(text) and is_hub_id(text)


def known_hub_models(cached=frozenset()) -> list[ModelEntry]:
    """The CLIP-family hub models Seekframe loads directly (``KNOWN_HUB_MODELS``); those not in
    ``cached`` (the ids in the local cache) need a download."""
    return [ModelEntry("hub", rid, label, detail, needs_download=rid not in cached)
            for rid, label, detail in KNOWN_HUB_MODELS]


def blank_like(icon: QIcon) -> QIcon:
    """A transparent icon of ``icon``'s sizes (a list item without a mark keeps the marks' room)."""
    blank = QIcon()
    for size in icon.availableSizes() or [QSize(16, 16)]:
        pixmap = QPixmap(size)
        pixmap.fill(Qt.GlobalColor.transparent)
        blank.addPixmap(pixmap)
    return blank

def switch_question(label: str, videos: int) -> str:
    """What the dialog asks before a switch re-indexes ``videos``: that searches find each only once it is
    re-indexed (vectors of another model cannot answer the new one's queries; said under the search field
    while it goes on, ``app.empty_results.unsearched_text``)."""
    return (f"Switch to {label}? Your {count(videos, 'indexed video')} will be re-indexed with it, which can take "
            f"a while; searches find {'it' if videos == 1 else 'each video'} again once it is re-indexed. Captions and "
            "notes are kept.")


class ModelDialog(QDialog):
    """Lists the models (the active one marked), explains what switching means, fetches hub models
    (the controller does: ``fetch_requested``, then ``set_fetch_progress``, ``fetch_finished`` or
    ``fetch_failed``)."""

    chosen = Signal(str)  # the model to switch to; with indexed videos, once re-indexing is confirmed
    fetch_requested = Signal(str)  # a hub id to download
    fetch_cancel_requested = Signal()

    def __init__(self, entries, active: str, videos_indexed: int, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle("Choose a model")
        self._entries: list[ModelEntry] = list(entries)
        self._active = str(active or "")
        self._videos = max(0, int(videos_indexed))
        self._fetching: str | None = None
        self._notice: tuple[str, bool] | None = None  # (text, is_error) of the last fetch
        if self._active and not any(e.source == self._active for e in self._entries):
            hub = _is_hub_id(self._active)
            name = self._active if hub else os.path.basename(self._active.rstrip("/\\")) or self._active
            self._entries.insert(0, ModelEntry("hub" if hub else "exported", self._active, name))

        self._intro = QLabel(self._explanation(), self, wordWrap=True)
        self._list = QListWidget(self, accessibleName="Models", wordWrap=True)  # long details wrap
        self._list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self._list.setItemDelegate(ModelRows(self._list))  # (the model in use's name bold, not its description)
        # a gap between models (of a third of a line): their lines ran on from one model to the next
        follow_font(self._list, lambda view: view.setSpacing(max(2, view.fontMetrics().height() // 6)))
        self._list.currentItemChanged.connect(self._on_selection)
        self._list.itemDoubleClicked.connect(lambda _item: self._use())
        self._card = QLabel(self, accessibleDescription="What this model knows", wordWrap=True)
        self._card.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

        self._other = QLineEdit(self, accessibleName="Another model", clearButtonEnabled=True)
        self._other.setPlaceholderText("Another model: a Hugging Face id (owner/name) or a model folder")
        self._other.textChanged.connect(self._on_other_text)
        self._browse = QPushButton("Browse…", self)
        self._browse.setToolTip("Pick a model folder (config.json + model.safetensors)")
        self._browse.clicked.connect(self._on_browse)
        self._fetch = QPushButton("Fetch", self)
        self._fetch.setToolTip("Download this hub model into the local cache (needs the internet once)")
        self._fetch.clicked.connect(self._on_fetch)

        self._progress = QProgressBar(self, accessibleName="Download progress")
        self._progress_label = QLabel(self)
        self._cancel_fetch = QPushButton("Cancel download", self)
        self._cancel_fetch.clicked.connect(self._on_cancel_fetch)
        self._message = QLabel(self, wordWrap=True)  # (read as its words; described "error" when one)
        self._message.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

        self._buttons = QDialogButtonBox(self)
        self._use_button = self._buttons.addButton("Use this model", QDialogButtonBox.ButtonRole.AcceptRole)
        self._buttons.addButton(QDialogButtonBox.StandardButton.Close)
        self._use_button.clicked.connect(self._use)
        self._buttons.rejected.connect(self.reject)

        other = QHBoxLayout()
        other.addWidget(self._other, 1)
        other.addWidget(self._browse)
        other.addWidget(self._fetch)
        progress = QHBoxLayout()
        progress.addWidget(self._progress, 1)
        progress.addWidget(self._cancel_fetch)
        layout = QVBoxLayout(self)
        layout.addWidget(self._intro)
        layout.addWidget(self._list, 1)
        layout.addWidget(self._card)
        layout.addLayout(other)
        layout.addWidget(self._progress_label)
        layout.addLayout(progress)
        layout.addWidget(self._message)
        layout.addWidget(self._buttons)
        fm = self.fontMetrics()
        self.resize(fm.averageCharWidth() * 90, fm.height() * 24)

        self._rebuild()
        self._show_progress(False)
        self.select_source(self._active)

    def entries(self) -> list[ModelEntry]:
        return list(self._entries)

    def select_source(self, source: str) -> None:
        for i in range(self._list.count()):
            if self._list.item(i).data(Qt.ItemDataRole.UserRole) == source:
                self._list.setCurrentRow(i)
                return

    def set_fetch_progress(self, done: int, total: int) -> None:
        self._show_progress(True)
        if total <= 0:
            self._progress.setRange(0, 0)
            amount = format_bytes(done) if done else "starting"
        else:
            self._progress.setRange(0, 1000)
            self._progress.setValue(int(1000 * min(done, total) / total))
            amount = f"{format_bytes(done)} of {format_bytes(total)}"
        self._progress_label.setText(f"Downloading {self._fetching or 'the model'}: {amount}")

    def fetch_finished(self, local_folder: str) -> None:
        repo = self._fetching
        self._fetching = None
        self._show_progress(False)
        if repo is None:
            return
        for i, e in enumerate(self._entries):
            if e.source == repo:
                self._entries[i] = replace(e, needs_download=False)
                break
        else:
            self._entries.append(ModelEntry("hub", repo, repo, "downloaded"))
        self._rebuild()
        self._other.clear()
        self.select_source(repo)
        self._notice = (f"{repo} is ready (downloaded to {local_folder}). Choose “Use this model” to switch to it.", False)
        self._update_buttons()

    def fetch_failed(self, message: str) -> None:
        self._fetching = None
        self._show_progress(False)
        self.select_source(self._active)
        self._notice = (str(message), True)
        self._update_buttons()

    # -- dialogs (tests override them) -------------------------------------------------------
    def ask_model_folder(self) -> str:
        return QFileDialog.getExistingDirectory(self, "Choose a model folder", os.path.expanduser("~"))

    def confirm_switch(self, label: str, videos: int) -> bool:
        text = switch_question(label, videos)
        answer = QMessageBox.question(self, "Switch model", text,
                                      QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel,
                                      QMessageBox.StandardButton.Cancel)
        return answer == QMessageBox.StandardButton.Yes

    def _label_of(self, source: str) -> str:
        return next((e.label for e in self._entries if e.source == source), source or "no model")

    def _explanation(self) -> str:
        n = self._videos
        if n == 0:
            return ("No videos are indexed yet: the model you choose is used when you add videos. "
                    f"Now: {self._label_of(self._active)}.")
        return (f"The library was indexed with {self._label_of(self._active)}; switching re-indexes your "
                f"{count(n, 'video')} with the new model (captions and notes are kept).")

    def _rebuild(self) -> None:
        """The list anew, nothing selected: the caller selects."""
        with signals_blocked(self._list):
            self._list.clear()
            for e in self._entries:
                self._list.addItem(self._item(e))

    def _item(self, e: ModelEntry) -> QListWidgetItem:
        marks = []
        if e.source == self._active:
            marks.append("in use")
        if e.needs_download:
            marks.append("needs download")
        text = e.label + (f"  ({', '.join(marks)})" if marks else "")
        if e.detail:
            text += f"\n{e.detail}"
        if e.card is not None and e.card.summary:
            text += f"\nKnows: {e.card.summary}"
        item = QListWidgetItem(text)
        item.setData(Qt.ItemDataRole.UserRole, e.source)
        item.setToolTip(f"{e.source}\n{_KIND_NAMES.get(e.kind, e.kind)}")
        if e.source == self._active:
            item.setData(NAME_BOLD_ROLE, True)
            item.setIcon(self.style().standardIcon(QStyle.StandardPixmap.SP_DialogApplyButton))
        elif e.needs_download:  # (in the list's text colour: Qt's own arrow is black, 1.2:1 on a dark list)
            palette, role, arrow = self._list.palette(), QPalette.ColorRole, self.style().standardIcon(
                QStyle.StandardPixmap.SP_ArrowDown)
            icon, chosen = tinted(arrow, palette.color(role.Text)), tinted(arrow, palette.color(role.HighlightedText))
            for size in chosen.availableSizes():
                icon.addPixmap(chosen.pixmap(size), QIcon.Mode.Selected)
            item.setIcon(icon)
        else:  # (a blank of the marks' size: every model's name starts where the others' do)
            item.setIcon(blank_like(self.style().standardIcon(QStyle.StandardPixmap.SP_DialogApplyButton)))
        return item

    def _current_entry(self) -> ModelEntry | None:
        item = self._list.currentItem()
        if item is None:
            return None
        source = item.data(Qt.ItemDataRole.UserRole)
        return next((e for e in self._entries if e.source == source), None)

    def _choice(self) -> tuple[str | None, str | None, str]:
        """(source to switch to, hub id to fetch first, why the choice cannot be used yet)."""
        text = self._other.text().strip()
        if text:
            folder = os.path.expanduser(text)
            if os.path.isdir(folder):
                if not os.path.isfile(os.path.join(folder, "config.json")):
                    return None, None, f"{folder} has no config.json: it is not a model folder."
                return folder, None, ""
            if _is_hub_id(text):
                return None, text, "Fetch this hub model first; it is then listed above."
            return None, None, "Enter a Hugging Face id like owner/name, or an existing model folder."
        entry = self._current_entry()
        if entry is None:
            return None, None, ""
        if entry.needs_download:
            return None, entry.source, ("This model needs to be downloaded first: press Fetch (needs the "
                                        "internet once).")
        return entry.source, None, ""

    def shown_card_text(self) -> str:
        """The details shown for the selected model (its card), '' when it has none."""
        return self._card.text() if not self._card.isHidden() else ""

    def _update_buttons(self) -> None:
        entry = self._current_entry()
        details = card_text(entry.card) if entry is not None and not self._other.text().strip() else ""
        self._card.setText(details)
        self._card.setVisible(bool(details))
        source, target, why = self._choice()
        self._use_button.setEnabled(source is not None and source != self._active and self._fetching is None)
        self._use_button.setToolTip(why or ("This model is already in use" if source == self._active else ""))
        self._fetch.setEnabled(self._fetching is None and target is not None)
        self._browse.setEnabled(self._fetching is None)
        # Enter does what can be done: Fetch where only it can (a hub id typed, a model still to
        # download), else Use (Enter on a typed hub id did nothing: the default, Use, was greyed)
        fetch_first = self._fetch.isEnabled() and not self._use_button.isEnabled()
        self._fetch.setDefault(fetch_first)
        self._use_button.setDefault(not fetch_first)
        text, error = self._notice or (why, False)  # a fetch's outcome, else why the choice cannot be used
        error = error and bool(text)
        self._message.setAccessibleDescription("error" if error else "")
        self._message.setText(text)
        self._message.setStyleSheet("QLabel { color: white; background: #b3261e; padding: 0.4em; }" if error else "")
        self._message.setVisible(bool(text))
        self._fit()

    def _fit(self) -> None:
        """Grow (never shrink) to the height the content needs at this width, up to the screen's: the
        selected model's whole card and a list showing more than one model. Qt does not make a
        word-wrapped label's height a window's minimum: the card's end ("Weak at") was cut off. On a
        screen too low for that, wider first (up to the screen's width)."""
        layout = self.layout()
        layout.activate()
        width = self.width()
        need = layout.totalHeightForWidth(width)
        screen = self.screen()
        if screen is not None:  # a small screen: wider, up to its width, while it needs more height than
            room, fm = screen.availableGeometry(), self.fontMetrics()  # it has (the card's lines
            most = room.height() - fm.height() * 3  # took the list's room: one model and a half shown)
            while need > most and width < room.width() - fm.height() * 2:
                width = min(room.width() - fm.height() * 2, width + fm.averageCharWidth() * 10)
                need = layout.totalHeightForWidth(width)
            need = min(need, most)
        if width > self.width() or need > self.height():
            self.resize(width, max(need, self.height()))

    def _on_selection(self, current, _previous) -> None:
        if current is not None and self._other.text():
            with signals_blocked(self._other):
                self._other.clear()
        self._notice = None  # the user moved on
        self._update_buttons()

    def _on_other_text(self, text: str) -> None:
        if text.strip() and self._list.currentItem() is not None:
            with signals_blocked(self._list):
                self._list.setCurrentRow(-1)
                self._list.clearSelection()
        self._notice = None
        self._update_buttons()

    def _on_browse(self) -> None:
        folder = self.ask_model_folder()
        if folder:
            self._other.setText(folder)

    def _on_fetch(self) -> None:
        _source, target, _why = self._choice()
        if target is None:
            return
        self._fetching = target
        self._notice = None
        self.set_fetch_progress(0, 0)
        self._update_buttons()
        self.fetch_requested.emit(target)

    def _on_cancel_fetch(self) -> None:
        if self._fetching is not None:
            self._cancel_fetch.setEnabled(False)
            self._progress_label.setText(f"Cancelling the download of {self._fetching}…")
            self.fetch_cancel_requested.emit()

    def _use(self) -> None:
        source, _target, _why = self._choice()
        if source is None or source == self._active or self._fetching is not None:
            return
        if self._videos > 0 and not self.confirm_switch(self._label_of(source), self._videos):
            return
        self.chosen.emit(source)
        self.accept()

    def _show_progress(self, shown: bool) -> None:
        for w in (self._progress, self._progress_label, self._cancel_fetch):
            w.setVisible(shown)
        self._cancel_fetch.setEnabled(shown)
