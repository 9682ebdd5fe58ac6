"""``CaptionsPanel``: the captions of the current clip in two sections, those *on this clip* (the
user's own note marked) and the *other captions nearest* the moment, closest first, each saying
where it is from; import and notes."""

from __future__ import annotations

import re

from PySide6.QtCore import QEvent, QItemSelectionModel, QObject, QPoint, Qt, Signal
from PySide6.QtWidgets import (
    QFileDialog, QInputDialog, QMenu, QMessageBox, QProgressBar, QPushButton, QStackedWidget, QTreeWidgetItem,
    QVBoxLayout, QWidget,
)

from core.clirefs import on_clip
from core.filenames import shown_name
from core.plural import count
from core.strength import STRENGTH_TIP, no_strong_match  # (another clip's caption as a result card says it)
from core.timefmt import format_score, format_time

from .button_flow import ButtonFlow
from .captions_view import CaptionsTree
from .elided import ClipTitle, FittedLabel, bold, compact
from .font_follow import follow_font

CAPTION_FILTER = "Caption files (*.txt *.csv *.json);;All files (*)"
EMPTY_TEXT = ("No captions in this library yet: import a file of captions (.txt, .csv, .json) "
              "or add a note to this clip.")
NO_CLIP_TEXT = "Select a clip to see the captions that describe it."
LOADING_TEXT = "Finding the captions of this clip…"  # (the title names the clip already)
FAILED_TEXT = "The captions of this clip could not be found."
READ_ONLY_TIP = "The library is open read-only, so captions and notes cannot be added right now."
REMOVE_READ_ONLY = "The library is open read-only right now."  # (READ_ONLY_TIP's, for a removal)

SOURCE_NAMES = {"note": "your note", "imported": "imported", "query": "a past search"}
OWN_HEADER = "On this clip"
OWN_EMPTY = "No note or caption on this clip yet: “Add note…” writes one."
# (the nearest captions are listed however far: "that match" said so of one scoring -0.45)
OTHERS_HEADER = "Other captions, closest first"
OTHERS_EMPTY = "No other caption or note in this library yet."
# (the model's calibration: no caption is a strong match; short, as the header wraps in a narrow panel)
NONE_DESCRIBES = "no close match"


def section_header(own: bool, n: int, weak: bool = False) -> str:
    """"On this clip (2)", "19 other captions, closest first", "1 other caption" (an order of one
    is no order, as the status bar says it: ``app.wiring.clips.captions_found``); ``weak``: the
    others labelled and none a strong match (``core.strength.no_strong_match``), said after them."""
    if not n:
        return OWN_HEADER if own else OTHERS_HEADER
    if own:
        return f"{OWN_HEADER} ({n})"
    said = count(n, "other caption") if n == 1 else f"{count(n, 'other caption')}, closest first"
    return f"{said}: {NONE_DESCRIBES}" if weak else said


def where_from(caption) -> str:
    """The source column of another clip's caption: "your note on dog.mp4 at 0:04", "imported" (on
    no video), "your note on a video no longer in the library"."""
    source = SOURCE_NAMES.get(str(caption.source).lower(), str(caption.source))
    if not caption.path:  # (on a video the library no longer holds: its folder removed, its file pruned;
        # app.engine.similar_captions asks none of those, as seekframe captions lists none)
        return f"{source} on a video no longer in the library" if caption.video_id else source
    at = f" at {format_time(caption.start)}" if caption.start >= 0 else ""
    return f"{source} on {shown_name(caption.path)}{at}"


def captions_title(path: str, at: float | None = None) -> str:
    """The header for a clip: "Captions for beach.mp4 at 1:12"."""
    return f"Captions for {shown_name(path)}" + (f" at {format_time(at)}" if at is not None else "")


_TITLE = re.compile(r"Captions for (.+?)(?: at [0-9:]+)?", re.S)  # (captions_title's)


def title_name(title: str) -> tuple[int, int] | None:
    """Where the file name lies in a ``captions_title`` (None in another title): the part cut to fit."""
    named = _TITLE.fullmatch(title)
    return named.span(1) if named else None


class CaptionsPanel(QWidget):
    """Text, score and source per row. ``show_captions(title, captions, clip)`` shows the two
    sections, ``clip`` = (video_id, start, end). ``ask_caption_file`` and ``ask_note_text`` are
    the dialogs (tests override them)."""

    import_requested = Signal(str)  # a caption file the user picked
    note_requested = Signal(str)  # the text of a note for the current clip (never empty)
    caption_activated = Signal(str)  # double-clicked or Enter
    note_removal_asked = Signal(object)  # the user's note on the current clip to remove (confirmed)
    removal_refused = Signal(str)  # why a note cannot be removed now (a read-only library)

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self._has_clip = False
        self._clip = None  # the clip whose captions are shown (show_captions' ``clip``)
        self._busy = False
        self._read_only = ""  # why captions and notes cannot be added ('' when they can)

        # the clip's title on a row of its own, wrapped: beside "Add note…" a narrow window (its
        # minimum width, a large font) left it a few characters, "Ca…00"; two lines at most, a long
        # file name cut in its middle to fit them
        self._title = ClipTitle(self, accessibleDescription="Captions title")
        self._title.setFont(bold(self._title.font()))

        # the caption first, wrapped; score and source beside it, or under it when narrow
        self._tree = CaptionsTree(self, accessibleName="Captions", alternatingRowColors=True,
                                  rootIsDecorated=False, indentation=0,  # the section headers are enough
                                  toolTip="Double-click a caption to search for it")
        self._tree.itemActivated.connect(self._on_activated)
        # the user's own note removed: "Remove note" in the list's context menu, or Delete on it
        self._tree.installEventFilter(self)
        self._tree.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self._tree.customContextMenuRequested.connect(
            lambda pos: (menu := self.note_menu(pos)) and menu.popup(self._tree.viewport().mapToGlobal(pos)))

        self._empty = FittedLabel(self, accessibleDescription="No captions",  # (its lines never cut off)
                                  alignment=Qt.AlignmentFlag.AlignCenter, textFormat=Qt.TextFormat.PlainText)
        self._stack = QStackedWidget(self)
        self._stack.addWidget(self._empty)
        self._stack.addWidget(self._tree)

        self._busy_bar = QProgressBar(self, accessibleName="Working", textVisible=False)
        self._busy_bar.setRange(0, 0)
        follow_font(self._busy_bar, lambda bar: bar.setMaximumHeight(bar.fontMetrics().height() // 2 + 2))
        self._busy_bar.hide()

        self._import = QPushButton("Import captions…", self, accessibleName="Import captions")
        self._import.clicked.connect(self.request_import)
        self._note = QPushButton("Add note…", self, accessibleName="Add note")
        self._note.clicked.connect(self.request_note)

        # the title over the list, "Add note…" and "Import captions…" under it, side by side when
        # there is room (two in a row fixed made the window's minimum ~60 px wider: a 1280 px laptop)
        self._buttons = ButtonFlow([compact(self._note), compact(self._import)], self)
        QWidget.setTabOrder(self._note, self._import)  # (Tab as they read: made the other way round)
        layout = QVBoxLayout(self)
        layout.addWidget(self._title)
        layout.addWidget(self._busy_bar)
        layout.addWidget(self._stack, 1)
        layout.addWidget(self._buttons)
        self.clear()

    def show_loading(self, title: str) -> None:
        """Another clip's captions are asked: its ``title`` at once, the list of the clip before
        gone (nothing of it to read as this one's, or to click), a line saying they are coming."""
        self._has_clip, self._clip = True, None
        self._own, self._others = [], []
        self._tree.clear()
        self._title.set_full_text(title, cut=title_name(title))
        self._empty.setText(LOADING_TEXT)
        self._stack.setCurrentWidget(self._empty)
        self._update_buttons()

    def loading(self) -> bool:
        """True while the panel waits for the captions of the clip its title names."""
        return self._has_clip and self._stack.currentWidget() is self._empty and self._empty.text() == LOADING_TEXT

    def show_failed(self) -> None:
        """The captions asked by ``show_loading`` could not be found (a message says why)."""
        if self.loading():
            self._empty.setText(FAILED_TEXT)

    def show_captions(self, title: str, captions, clip=None) -> None:
        # the caption the user picked, picked again in this clip's captions anew (a note added,
        # an import, more asked): the list filled again had lost it
        picked = self._picked() if self._has_clip and (title, clip) == (self.title(), self._clip) else None
        self._has_clip, self._clip = True, clip
        self._title.set_full_text(title, cut=title_name(title))
        ranked = sorted(captions or [], key=lambda c: -float(c.score))
        self._own = [c for c in ranked if on_clip(c, clip)]
        self._others = [c for c in ranked if not on_clip(c, clip)]
        self._tree.clear()
        if ranked:
            for rows, empty, own in ((self._own, OWN_EMPTY, True), (self._others, OTHERS_EMPTY, False)):
                weak = not own and no_strong_match(rows)  # (captions about nothing were listed as if they matched)
                self._section(section_header(own, len(rows), weak), [self._item(c, own) for c in rows], empty)
            self._tree.expandAll()
            self._tree.fit_columns()
            # (none chosen: the user picks one; the first one looked picked though never chosen)
            if picked is not None:
                self._pick(*picked)
        else:
            self._empty.setText(EMPTY_TEXT)
        self._stack.setCurrentWidget(self._tree if ranked else self._empty)
        self._update_buttons()

    def _picked(self) -> tuple[str, bool] | None:
        """(caption id, selected) of the list's current caption; None: none."""
        item = self._tree.currentItem()
        section = item.parent() if item is not None else None
        if section is None:  # (none, or a section's header)
            return None
        rows = self._own if self._tree.indexOfTopLevelItem(section) == 0 else self._others
        j = section.indexOfChild(item)
        return (rows[j].caption_id, item.isSelected()) if j < len(rows) else None  # (else its greyed note)

    def _pick(self, caption_id: str, selected: bool) -> None:
        """The caption ``caption_id`` made current again, selected if it was."""
        for i, rows in enumerate((self._own, self._others)):
            for j, c in enumerate(rows):
                if c.caption_id == caption_id:
                    index = self._tree.indexFromItem(self._tree.topLevelItem(i).child(j))
                    flags = QItemSelectionModel.SelectionFlag
                    self._tree.selectionModel().setCurrentIndex(
                        index, flags.ClearAndSelect | flags.Rows if selected else flags.NoUpdate)
                    return

    def room_for(self, rows: int, width: int, shown: bool = False) -> int | None:
        """px of height this panel needs, ``width`` px wide, to show ``rows`` captions whole
        without scrolling: its title and buttons at that width, the list's frame and header, its
        two sections' headers, the greyed note of a clip without a caption of its own, and the
        rows (``CaptionsTree.rows_height``), at the panel's font (the preview's split keeps it).
        ``shown``: the room of what the panel shows now rather than of typical captions: its list
        laid out at that width up to its ``rows``-th caption (all of it when it holds fewer:
        ``CaptionsTree.shown_height``), or the words of a library without captions; None while it
        shows no clip's captions (no clip; the clip's still coming, or not found)."""
        layout = self.layout()
        margins = layout.contentsMargins()
        inner = max(1, width - margins.left() - margins.right())
        parts = [w for w in (self._title, self._busy_bar, self._buttons) if not w.isHidden()]
        around = margins.top() + margins.bottom() + max(0, layout.spacing()) * len(parts) + sum(
            w.heightForWidth(inner) if w.hasHeightForWidth() and w.heightForWidth(inner) >= 0
            else w.sizeHint().height() for w in parts)
        if not shown:
            header, note = bold(self._tree.font()), self._tree.font()
            spanned = [(section_header(True, 0), header), (OWN_EMPTY, note), (section_header(False, 12), header)]
            return around + self._tree.rows_height(inner, spanned, rows)
        if not self._has_clip:
            return None
        if self._stack.currentWidget() is self._tree:
            return around + self._tree.shown_height(inner, rows)
        if self._empty.text() != EMPTY_TEXT:  # (its captions asked, not in yet or failed: unknown)
            return None
        return around + max(self._empty.heightForWidth(inner), self._empty.minimumSizeHint().height())

    def title(self) -> str:
        return self._title.full_text()

    def show_matches(self) -> None:
        """The other captions that match: the best one selected, the list focused and scrolled to it."""
        if self._others:
            best = self._tree.topLevelItem(1).child(0)
            self._tree.setCurrentItem(best)
            self._tree.scrollToItem(best)
        self._tree.setFocus(Qt.FocusReason.OtherFocusReason)

    def captions(self) -> list:
        return self._own + self._others

    def own(self) -> list:
        return list(self._own)

    def others(self) -> list:
        return list(self._others)

    def clear(self) -> None:
        self._has_clip = False
        self._own, self._others = [], []
        self._tree.clear()
        self._title.set_full_text("Captions")
        self._empty.setText(NO_CLIP_TEXT)
        self._stack.setCurrentWidget(self._empty)
        self._update_buttons()

    def set_busy(self, busy: bool) -> None:
        self._busy = bool(busy)
        self._busy_bar.setVisible(self._busy)
        self._update_buttons()

    def set_read_only(self, read_only: bool, reason: str = "") -> None:
        self._read_only = (reason or READ_ONLY_TIP) if read_only else ""
        self._update_buttons()

    def ask_caption_file(self) -> str:
        path, _ = QFileDialog.getOpenFileName(self, "Import captions", "", CAPTION_FILTER)
        return path

    def ask_note_text(self) -> str:
        text, ok = QInputDialog.getMultiLineText(
            self, "Add note", "A note on this clip (it becomes searchable, e.g. \"Rex's first catch\"):")
        return text if ok else ""

    def _section(self, text: str, items: list[QTreeWidgetItem], empty: str) -> None:
        section = QTreeWidgetItem([text])
        section.setFlags(Qt.ItemFlag.ItemIsEnabled)  # a header: not selectable, not a caption
        section.setFont(0, bold(section.font(0)))
        section.setToolTip(0, text)
        self._tree.addTopLevelItem(section)
        section.setFirstColumnSpanned(True)  # (the row's width, wrapped)
        note = not items
        if note:
            items = [QTreeWidgetItem([empty])]
            items[0].setFlags(Qt.ItemFlag.NoItemFlags)  # a note, no caption (painted as secondary text)
            items[0].setToolTip(0, empty)
        section.addChildren(items)
        if note:  # (the row's width, wrapped; spanned once in the tree)
            items[0].setFirstColumnSpanned(True)

    def _item(self, c, own: bool) -> QTreeWidgetItem:
        source = SOURCE_NAMES.get(str(c.source).lower(), str(c.source))
        shown = source if own else where_from(c)  # (the section says it is on this clip)
        item = QTreeWidgetItem([c.text, format_score(float(c.score)), shown])
        item.setData(0, Qt.ItemDataRole.UserRole, c.text)
        if own and str(c.source).lower() == "note":  # the user's own note on this clip stands out
            item.setFont(0, bold(item.font(0)))
        score = format_score(float(c.score))
        how = "" if own else STRENGTH_TIP.get(getattr(c, "strength", ""), "")
        item.setToolTip(0, f"{c.text}\n{score} · {source} on this clip" if own else f"{c.text}\n{score}{how} · {shown}")
        if how:
            item.setToolTip(1, f"{score}{how}")
        item.setToolTip(2, shown)
        item.setTextAlignment(1, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return item

    def _on_activated(self, item: QTreeWidgetItem, _column: int) -> None:
        text = item.data(0, Qt.ItemDataRole.UserRole)
        if text:
            self.caption_activated.emit(text)

    def request_import(self) -> None:
        if self._read_only or self._busy:
            return
        path = self.ask_caption_file()
        if path:
            self.import_requested.emit(path)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """Delete (Backspace on a Mac keyboard) on the list: its selected note removed."""
        if (watched is self._tree and event.type() == QEvent.Type.KeyPress and not event.modifiers()
                and event.key() in (Qt.Key.Key_Delete, Qt.Key.Key_Backspace)
                and self.note_at(self._tree.currentItem()) is not None):
            self.request_note_removal()
            return True
        return super().eventFilter(watched, event)

    def note_at(self, item: QTreeWidgetItem | None):
        """The user's own note ``item`` shows on this clip (None: another row)."""
        section = item.parent() if item is not None else None
        if section is None or self._tree.indexOfTopLevelItem(section) != 0:
            return None
        j = section.indexOfChild(item)
        c = self._own[j] if j < len(self._own) else None
        return c if c is not None and str(c.source).lower() == "note" else None

    def note_menu(self, pos: QPoint) -> QMenu | None:
        """The context menu of the note at ``pos`` (the list's viewport's): "Remove note “…”"."""
        item = self._tree.itemAt(pos)
        note = self.note_at(item)
        if note is None:
            return None
        self._tree.setCurrentItem(item)
        menu = QMenu(self)
        words = " ".join(note.text.split())  # (a note of several lines: one; "&" not a shortcut's mark)
        short = (words if len(words) <= 40 else words[:39] + "…").replace("&", "&&")
        menu.addAction(f"Remove note “{short}”…", lambda: self.request_note_removal(note))
        return menu

    def ask_remove_note(self, text: str) -> bool:
        return QMessageBox.question(
            self, "Remove note", f"Remove your note “{text}” from this clip?\n\n"
            "Searching for it will no longer find this moment.") == QMessageBox.StandardButton.Yes

    def request_note_removal(self, note=None) -> None:
        """Remove ``note`` (else the current row's, when it is the user's note on this clip), once
        the user confirms; a read-only library says why it cannot."""
        note = note or self.note_at(self._tree.currentItem())
        if note is None:  # (while busy too: the list shown is the clip's, and a removal ends by asking it again)
            return
        if self._read_only:
            why = REMOVE_READ_ONLY if self._read_only == READ_ONLY_TIP else self._read_only
            self.removal_refused.emit(f"Cannot remove the note “{note.text}”: {why}")
        elif self.ask_remove_note(note.text):
            self.note_removal_asked.emit(note)

    def request_note(self) -> None:
        if self._read_only or self._busy or not self._has_clip:
            return
        text = (self.ask_note_text() or "").strip()
        if text:
            self.note_requested.emit(text)

    def _update_buttons(self) -> None:
        editable = not self._read_only and not self._busy
        self._import.setEnabled(editable)
        self._note.setEnabled(editable and self._has_clip)
        note_tip = ("Add a searchable note to this clip" if self._has_clip
                    else "Select a clip first: a note belongs to a clip")
        self._import.setToolTip(self._read_only
                                or "Import captions from a .txt (one per line), .csv or .json file")
        self._note.setToolTip(self._read_only or note_tip)
