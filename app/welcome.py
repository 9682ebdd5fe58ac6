"""``WelcomePage``: the first-run page: what Seekframe does, try the demo, or add your videos."""

from __future__ import annotations

import os

from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtGui import QFont, QFontDatabase, QPalette
from PySide6.QtWidgets import (
    QFileDialog, QFrame, QHBoxLayout, QLabel, QProgressBar, QPushButton, QScrollArea, QSizePolicy, QSpacerItem,
    QVBoxLayout, QWidget,
)

from core.timefmt import format_bytes

from .font_follow import follow_font
from .icons import app_icon
from .muted import secondary
from .search_hints import GENERATED_EXAMPLE, example_query


def intro_text(card=None) -> str:
    """What Seekframe does, its example a query the model the user's videos get finds (``card``, a
    core ModelCard; None: the real-footage one's): the page said "a dog on the beach" whatever the
    model, and the demo's shapes model finds no dog."""
    return (f"Seekframe finds the moment you describe in your own videos: type “{example_query(card)}” "
            "and get the clip and the second it happens. Everything stays on this computer: your videos "
            "are read here and never uploaded.")


INTRO = intro_text()
DEMO_NOTE = ("12 generated clips of coloured shapes in a demo library of their own, searched with the "
             f"demo model (it knows only those shapes: try “{GENERATED_EXAMPLE}”); about a minute")
FOLDER_NOTE = ("indexes the videos in a folder you choose, with the model below; you can add more "
               "folders later")
MODEL_LOADING = "Loading the model for your videos… (you can choose already)"
CHECKING = "Looking for a better model for real footage on the Hugging Face hub…"


def offer_text(offer, name: str) -> str:
    """What the page says about a hub offer (a core.hub_offer.HubOffer) of the model ``name``."""
    if offer.state == "download":
        return f"A better model for real footage: {name}, open vocabulary, {format_bytes(offer.size)} to download."
    if offer.state == "ready":
        return (f"A better model for real footage is ready on this computer: {name}, open vocabulary. "
                "Use it for your videos:")
    return (f"No connection to the Hugging Face hub. A better model for real footage is {name}, open "
            f"vocabulary. {offer.how_to}")


def card_text(card) -> str:
    """What the model of ``card`` can do, to read down the page: a line of what it is, then what it
    finds well and what it is weak at, one item a line (a dense centred block before, s55 G audit)."""
    lines = [f"Your videos are searched with {card.title}: {card.summary}."]
    for head, items in (("Finds well:", card.good_at), ("Weak at:", card.weak_at)):
        if items:
            lines += ["", head, *(f"• {item}" for item in items)]
    return "\n".join(lines)


def split_command(text: str) -> tuple[str, str, str]:
    """``text`` cut around its first indented line, a command (``core.hub_offer.how_to_get``): the
    words before, the command, the words after; ``(text, "", "")`` without one."""
    lines = text.split("\n")
    at = next((i for i, line in enumerate(lines) if line[:1].isspace() and line.strip()), None)
    if at is None:
        return text, "", ""
    return "\n".join(lines[:at]).strip(), lines[at].strip(), "\n".join(lines[at + 1:]).strip()


def scaled(font: QFont, times: float) -> QFont:
    """A copy of ``font`` ``times`` its size, whether set in points or in pixels (a platform's or
    a style sheet's font in px has no point size, -1: scaling that left the title and the big
    buttons the size of the rest of the page)."""
    font = QFont(font)
    if font.pointSizeF() > 0:
        font.setPointSizeF(font.pointSizeF() * times)
    elif font.pixelSize() > 0:
        font.setPixelSize(max(1, round(font.pixelSize() * times)))
    return font


def _centred(label: QLabel) -> QHBoxLayout:
    """A word-wrapped label centred between stretches (aligned in a QVBoxLayout, it gets too little
    height and is clipped)."""
    row = QHBoxLayout()
    row.addStretch(1)
    row.addWidget(label, 4)
    row.addStretch(1)
    return row


class WelcomePage(QWidget):
    """The app name, one paragraph, two large buttons, what the model your videos get can do, and
    the hub offer ("Get it…" with a download's bar and Cancel, or "Use it…")."""

    demo_requested = Signal()
    folder_chosen = Signal(str)
    get_model_requested = Signal(str)  # the offered hub id, to fetch
    use_model_requested = Signal(str)  # the offered hub id, to use
    fetch_cancel_requested = Signal()

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        centre = Qt.AlignmentFlag.AlignCenter
        self._logo = QLabel(self, accessibleName="Seekframe logo", alignment=centre)
        self._title = QLabel("Seekframe", self, accessibleName="Seekframe", alignment=centre)
        self._intro = QLabel(INTRO, self, wordWrap=True, alignment=centre)
        # the spaces between its parts, in lines (or characters, the buttons'): sized by _scale
        self._gaps = {name: QSpacerItem(0, 0, QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Fixed)
                      for name in ("buttons", "intro", "model", "offer", "progress")}

        self._demo = self._big_button("Try the demo library")
        self._demo.setToolTip("Generate a small demo library and search it, to see how Seekframe works")
        self._demo.clicked.connect(lambda: self.demo_requested.emit())
        self._folder = self._big_button("Add my videos folder…")
        self._folder.setToolTip("Choose the folder where your videos are; Seekframe indexes them")
        self._folder.clicked.connect(self._on_folder)
        self._folder.setDefault(True)

        self._notes: dict[QPushButton, QLabel] = {}
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addLayout(self._with_note(self._demo, DEMO_NOTE))
        buttons.addItem(self._gaps["buttons"])
        buttons.addLayout(self._with_note(self._folder, FOLDER_NOTE))
        buttons.addStretch(1)

        self._progress = QProgressBar(self, accessibleName="Working", textVisible=False)
        self._progress.setRange(0, 0)
        self._model = QLabel(self, accessibleDescription="What the model knows", wordWrap=True, visible=False,
                             alignment=Qt.AlignmentFlag.AlignLeft, textFormat=Qt.TextFormat.PlainText)
        self._build_offer()
        self._content_layout: QVBoxLayout | None = None  # (the gaps' layout, once built below)
        follow_font(self, WelcomePage._scale)
        self._status = QLabel(self, accessibleDescription="Status", wordWrap=True, alignment=centre)

        # in a scroll area: the page never makes the window taller or wider than a small screen
        # allows (it shares the window's stack with the search page); it scrolls there instead
        content = QWidget(self)
        layout = self._content_layout = QVBoxLayout(content)
        layout.addStretch(2)
        layout.addWidget(self._logo)
        layout.addWidget(self._title)
        layout.addLayout(_centred(self._intro))
        layout.addItem(self._gaps["intro"])
        layout.addLayout(buttons)
        layout.addItem(self._gaps["model"])
        layout.addLayout(_centred(self._model))
        layout.addItem(self._gaps["offer"])
        layout.addLayout(self._offer_box)
        layout.addItem(self._gaps["progress"])
        layout.addWidget(self._progress, 0, Qt.AlignmentFlag.AlignHCenter)
        layout.addWidget(self._status)
        layout.addStretch(3)
        scroll = QScrollArea(self, widgetResizable=True, frameShape=QFrame.Shape.NoFrame,
                             focusPolicy=Qt.FocusPolicy.NoFocus)  # (a Tab stop that said nothing: its buttons take it)
        scroll.setWidget(content)
        scroll.viewport().setAutoFillBackground(False)
        content.setAutoFillBackground(False)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(scroll)
        self.set_busy(False)
        self.setTabOrder(self._demo, self._folder)
        self._colour_notes()

    def changeEvent(self, event) -> None:
        super().changeEvent(event)
        if event.type() in (QEvent.Type.PaletteChange, QEvent.Type.ApplicationPaletteChange):
            self._colour_notes()  # (a light or dark palette chosen while the app runs)

    def _colour_notes(self) -> None:
        """The lines under the two buttons: secondary text, quieter than the page's, still read at
        WCAG AA contrast on its background (disabled labels, they looked unavailable at ~1.8:1)."""
        page = self.palette()
        for label in self._notes.values():
            palette = label.palette()
            for group in (QPalette.ColorGroup.Active, QPalette.ColorGroup.Inactive):
                palette.setColor(group, QPalette.ColorRole.WindowText,
                                 secondary(page.color(group, QPalette.ColorRole.WindowText),
                                           page.color(group, QPalette.ColorRole.Window)))
            label.setPalette(palette)

    def _big_button(self, text: str) -> QPushButton:
        button = QPushButton(text, self)
        button.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        button.setAccessibleName(text.rstrip("…"))
        return button

    def _scale(self) -> None:
        """The title 2.4 times the page's font, the two big buttons 1.3 times (sized to their text),
        the logo 5 lines tall, the texts' widths and the gaps in lines and characters: again when
        the app's or the system's font changes (``follow_font``: set once, they kept the old size)."""
        base, fm = self.font(), self.fontMetrics()
        chars, line = fm.averageCharWidth(), fm.height()
        self._logo.setPixmap(app_icon().pixmap(line * 5, line * 5))
        for label, width in ((self._intro, 70), (self._model, 70), (self._offer, 90), (self._command, 90),
                             (self._after, 90)):
            label.setMaximumWidth(chars * width)
        fixed = QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont)
        fixed.setPointSizeF(base.pointSizeF()) if base.pointSizeF() > 0 else fixed.setPixelSize(base.pixelSize())
        self._command.setFont(fixed)
        self._progress.setMaximumWidth(chars * 50)
        self._fetch_bar.setMinimumWidth(chars * 36)
        self._gaps["buttons"].changeSize(chars * 4, 0, QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Fixed)
        for name, lines in (("intro", 2), ("model", 1), ("offer", 0.5), ("progress", 1)):
            self._gaps[name].changeSize(0, int(line * lines), QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Fixed)
        if self._content_layout is not None:  # (the gaps are its items: the page's own layout holds the scroll area)
            self._content_layout.invalidate()
        title = scaled(base, 2.4)
        title.setBold(True)
        self._title.setFont(title)
        for button, note in self._notes.items():
            button.setFont(scaled(base, 1.3))
            fm = button.fontMetrics()
            button.setMinimumHeight(fm.height() * 3)
            button.setMinimumWidth(fm.horizontalAdvance(button.text()) + fm.averageCharWidth() * 8)
            note.setMaximumWidth(button.minimumWidth())

    def _with_note(self, button: QPushButton, note: str) -> QVBoxLayout:
        label = QLabel(note, self, wordWrap=True)
        label.setAlignment(Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop)
        self._notes[button] = label  # (as wide as its button at most: _scale; coloured: _colour_notes)
        button.setAccessibleDescription(note)
        box = QVBoxLayout()
        box.addWidget(button)
        box.addWidget(label)
        return box

    def _build_offer(self) -> None:
        """The hub offer: a line of text, "Get it…" / "Use it…", and a download's bar and Cancel."""
        self._offer_repo = ""
        self._offer = QLabel(self, accessibleDescription="A better model", wordWrap=True, visible=False,
                             alignment=Qt.AlignmentFlag.AlignCenter)
        self._offer.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self._offer_full = ""  # the offer's words whole (offer_text): the command apart in _command
        # a command to type elsewhere: on a line of its own, left-aligned in a fixed-width font, as a
        # terminal shows it, selectable by mouse and keyboard (Ctrl+C, or the menu's Copy)
        self._command = QLabel(self, accessibleDescription="Download command", visible=False, margin=6,
                               alignment=Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
                               frameShape=QFrame.Shape.StyledPanel, autoFillBackground=True)
        self._command.setTextFormat(Qt.TextFormat.PlainText)
        self._command.setBackgroundRole(QPalette.ColorRole.Base)
        self._command.setForegroundRole(QPalette.ColorRole.Text)
        self._command.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse
                                              | Qt.TextInteractionFlag.TextSelectableByKeyboard)
        self._after = QLabel(self, accessibleDescription="A better model, then", wordWrap=True, visible=False,
                             alignment=Qt.AlignmentFlag.AlignCenter)
        self._after.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self._get = QPushButton("Get it…", self, toolTip="Download this model into the local cache (needs "
                                "the internet once; nothing is downloaded until you press this)")
        self._get.clicked.connect(self._on_get)
        self._use = QPushButton("Use it…", self, toolTip="Choose this model for your videos (File › Model…)")
        self._use.clicked.connect(lambda: self.use_model_requested.emit(self._offer_repo))
        self._fetch_bar = QProgressBar(self, accessibleName="Download progress")
        self._cancel = QPushButton("Cancel download", self)
        self._cancel.clicked.connect(self._on_cancel)
        row = QHBoxLayout()
        row.addStretch(1)
        for w in (self._get, self._use, self._fetch_bar, self._cancel):
            row.addWidget(w)
            w.setVisible(False)
        row.addStretch(1)
        self._offer_box = QVBoxLayout()
        self._offer_box.addLayout(_centred(self._offer))
        self._offer_box.addLayout(_centred(self._command))
        self._offer_box.addLayout(_centred(self._after))
        self._offer_box.addLayout(row)

    def set_busy(self, busy: bool, text: str = "") -> None:
        self._progress.setVisible(bool(busy))
        self._status.setText(text)
        self._status.setVisible(bool(text))
        self._demo.setEnabled(not busy)
        self._folder.setEnabled(not busy)

    def set_model_card(self, card) -> None:
        """What the model your videos get can do (a core ModelCard; None hides it)."""
        self._intro.setText(intro_text(card))  # (its example one this model finds)
        self._model.setText(card_text(card) if card is not None else "")
        self._model.setVisible(card is not None)

    def set_model_loading(self) -> None:
        self._model.setText(MODEL_LOADING)
        self._model.setVisible(True)

    def model_text(self) -> str:
        return self._model.text() if not self._model.isHidden() else ""

    def set_checking(self) -> None:
        self._show_offer(CHECKING)

    def set_offer(self, offer, name: str = "") -> None:
        if offer is None:
            self._offer_repo = ""
            self._show_offer("")
            return
        self._offer_repo = offer.repo_id
        self._show_offer(offer_text(offer, name or offer.repo_id),
                         get=offer.state == "download", use=offer.state == "ready")

    def offer_text(self) -> str:
        return self._offer_full if not self._offer.isHidden() else ""

    def set_fetch_progress(self, done: int, total: int) -> None:
        self._show_offer(self._offer_full, fetching=True)
        if total <= 0:
            self._fetch_bar.setRange(0, 0)
        else:
            self._fetch_bar.setRange(0, 1000)
            self._fetch_bar.setValue(int(1000 * min(done, total) / total))
        amount = f"{format_bytes(done)} of {format_bytes(total)}" if total > 0 else "starting"
        self._fetch_bar.setToolTip(f"Downloading {self._offer_repo}: {amount}")
        self._fetch_bar.setFormat(amount)
        self._fetch_bar.setTextVisible(total > 0)

    def fetch_finished(self) -> None:
        self._show_offer(f"{self._offer_repo} is downloaded and ready. Use it for your videos:", use=True)

    def fetch_failed(self, message: str) -> None:
        self._show_offer(message, get=True)

    def ask_folder(self) -> str:  # (tests override it)
        return QFileDialog.getExistingDirectory(self, "Choose your videos folder", os.path.expanduser("~"))

    def _show_offer(self, text: str, get: bool = False, use: bool = False, fetching: bool = False) -> None:
        self._offer_full = text
        before, command, after = split_command(text)
        for label, words in ((self._offer, before), (self._command, command), (self._after, after)):
            label.setText(words)
            label.setVisible(bool(words))
        self._get.setVisible(get and bool(self._offer_repo))
        self._use.setVisible(use and bool(self._offer_repo))
        self._fetch_bar.setVisible(fetching)
        self._cancel.setVisible(fetching)
        self._cancel.setEnabled(fetching)

    def _on_get(self) -> None:
        if self._offer_repo and self._get.isVisible():
            self.set_fetch_progress(0, 0)  # the button goes at once: one click, one download
            self.get_model_requested.emit(self._offer_repo)

    def _on_cancel(self) -> None:
        self._cancel.setEnabled(False)
        self.fetch_cancel_requested.emit()

    def _on_folder(self) -> None:
        folder = self.ask_folder()
        if folder:
            self.folder_chosen.emit(os.path.normpath(folder))
