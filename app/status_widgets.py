"""The window's reporting widgets: a message banner (one with a button: ``ActionBanner``), and the
status bar's permanent parts (library size, model, read-only badge, a line of indexing state)."""

from __future__ import annotations

from PySide6.QtCore import QEvent, Qt, QTimer, Signal
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton, QStatusBar, QToolButton, QWidget

from core.filenames import shown, shown_name

from .announce import announce
from .elided import never_widens
from .level_colours import follow_palette, level_colours, palette_of
from .requests import SessionStatus
from .run_words import earlier_failed_text

# the status bar's tooltip over the videos whose embedding again failed (``SessionStatus.reembed_failed``)
REEMBED_FAILED_TIP = ("Could not be embedded again, so searched with their earlier moments (each is tried again "
                      "once its file changes, or by Try again under the failed files):")


class MessageBanner(QFrame):
    """A non-modal banner above the results for errors and warnings; closes on ✕ or the next
    message. Its colours, its level's, follow the palette (``app.level_colours``)."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.level = ""
        self.label = never_widens(QLabel(self))  # a long path in a message must not widen the window
        self.label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.close_button = QToolButton(self, text="✕", toolTip="Dismiss", accessibleName="Dismiss")
        self.close_button.clicked.connect(self.dismiss)
        row = QHBoxLayout(self)
        row.setContentsMargins(10, 6, 6, 6)
        row.addWidget(self.label, 1)
        row.addWidget(self.close_button, 0, Qt.AlignmentFlag.AlignTop)
        self.setVisible(False)
        follow_palette(self, self._restyle)

    @property
    def text(self) -> str:
        return self.label.text() if self.isVisibleTo(self.parentWidget()) else ""

    def resizeEvent(self, event) -> None:  # noqa: N802 - Qt's name
        super().resizeEvent(event)
        self._hold_lines()

    def changeEvent(self, event) -> None:  # noqa: N802 - Qt's name
        super().changeEvent(event)
        if event.type() == QEvent.Type.FontChange:  # (its lines' height with it)
            self._hold_lines()

    def showEvent(self, event) -> None:  # noqa: N802 - Qt's name
        super().showEvent(event)
        QTimer.singleShot(0, self, self._hold_lines)  # (after the layout request its showing posted)

    def _hold_lines(self) -> None:
        """The banner's minimum height the height its text takes at its width: the window's minimum
        counted its one-line height, and at the window's narrowest a message on two lines took room
        below the others' minimum (the captions' buttons cut at their bottom edge). Only while it
        shows: a hidden banner's width is stale, or Qt's default 100 px for one never laid out,
        where a warning took 700 px, and the window grew to hold that for good (``showEvent``
        holds them once its layout has given it its width)."""
        if not self.isVisible():
            return
        if self.width() > 0 and (height := self.heightForWidth(self.width())) > 0:
            self.setMinimumHeight(height)

    def show_message(self, level: str, text: str) -> None:
        """Show ``text``; a screen reader says it as it appears or changes (an error at once)."""
        news = self.isHidden() or text != self.label.text() or level != self.level
        self.level = level
        self.label.setText(text)
        self._hold_lines()
        self.label.setToolTip(text if len(text) > 200 else "")
        self._restyle()
        self.setVisible(True)
        if news:
            announce(self, text, urgent=level == "error")

    def _restyle(self) -> None:
        bg, fg, border = level_colours(palette_of(self), self.level)
        sheet = (f"MessageBanner {{ background:{bg}; border:1px solid {border}; border-radius:4px; }}"
                 f" QLabel {{ color:{fg}; }}")
        if self.styleSheet() != sheet:
            self.setStyleSheet(sheet)

    def dismiss(self) -> None:
        self.level = ""
        self.setVisible(False)


class ActionBanner(MessageBanner):
    """A banner with one button (``triggered``) beside its text; ✕ hides it (``dismissed``)."""

    triggered = Signal()
    dismissed = Signal()

    def __init__(self, button_text: str, name: str, parent: QWidget | None = None):
        super().__init__(parent)
        self.label.setAccessibleDescription(name)  # (its name its words: a screen reader reads them)
        self.button = QPushButton(button_text, self)
        self.button.clicked.connect(self.triggered.emit)
        self.layout().insertWidget(1, self.button, 0, Qt.AlignmentFlag.AlignVCenter)
        self.close_button.clicked.connect(self.dismissed.emit)
        QWidget.setTabOrder(self.button, self.close_button)  # (✕ after the button, as they read; made before it)


class StatusWidgets(QWidget):
    """Permanent status-bar parts. ``attach(status_bar)`` adds them. The model is a flat button
    (``model_requested``: open the model dialog). The indexing panel below the results shows a run's
    progress and Cancel: nothing here repeats its line (the status bar said "Indexing: 0 of 4 files · …"
    under the panel's "0 of 4 files · …", s55 G audit)."""

    model_requested = Signal()

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.library_label = QLabel("Opening the library…")
        self.model_label = QToolButton(text="Loading the model…", autoRaise=True,  # (named by its text: a
                                       accessibleDescription="Choose another model")  # fixed "Model" hid which)
        self.model_label.clicked.connect(self.model_requested)
        self.read_only_badge = QLabel(" read-only ", visible=False)
        self.read_only_badge.setStyleSheet("background:#b35c00; color:white; border-radius:3px; padding:0 4px;")
        self.read_only_badge.setToolTip("Another Seekframe window or `seekframe index` is writing this "
                                        "library: search works; adding folders and indexing are off.")

    def attach(self, bar: QStatusBar) -> None:
        for w in (self.library_label, self.model_label, self.read_only_badge):
            bar.addPermanentWidget(w)

    def show_status(self, status: SessionStatus, loading_model: str = "") -> None:
        if not status.opened:
            self.library_label.setText("Opening the library…")
        else:
            text = status.summary()
            if status.failed:
                text += f" · {len(status.failed)} failed"
            if status.reembed_failed:
                text += f" · {len(status.reembed_failed)} not embedded again"
            if status.offline_videos:
                text += f" · {status.offline_videos} offline"
            self.library_label.setText(text)
            failed = "\n".join(f"{shown_name(p)}: {shown(r)}" for p, r in status.failed[:20])
            failed += f"\n{earlier_failed_text(status.to_retry)}" if failed and status.to_retry else ""
            again = "\n".join(f"{shown_name(p)}: {shown(r)}" for p, r in status.reembed_failed[:20])
            self.library_label.setToolTip(f"Library: {status.library_dir}"
                                          + (f"\nCould not be indexed:\n{failed}" if failed else "")
                                          + (f"\n{REEMBED_FAILED_TIP}\n{again}" if again else ""))
        if loading_model:
            self.model_label.setText(f"Loading model {loading_model}…")  # (its title or folder: app.window_follow)
        elif status.ready:
            self.model_label.setText(f"Model: {status.model_title}" + (" (needs re-index)" if status.model_mismatch else ""))
            self.model_label.setToolTip(f"{status.model_source}\nClick to choose another model")
        elif status.model_failed:
            self.model_label.setText("No model loaded")
        else:  # the library opens, then its model loads: from the first moment on
            self.model_label.setText("Loading the model…")
        self.read_only_badge.setVisible(status.read_only)
