"""``WelcomePage``: the first-run page: what Seekframe does, try the demo, or add your videos."""

from __future__ import annotations

import os

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QFileDialog, QHBoxLayout, QLabel, QProgressBar, QPushButton, QSizePolicy, QVBoxLayout, QWidget,
)

from .icons import app_icon

INTRO = ("Seekframe finds the moment you describe in your own videos: type “a dog catching a frisbee "
         "on the beach” and get the clip and the second it happens. Everything stays on this "
         "computer: your videos are read here and never uploaded.")
DEMO_NOTE = ("12 generated clips of coloured shapes in a demo library of their own, searched with the "
             "demo model (it knows only those shapes); about a minute")
FOLDER_NOTE = ("indexes the videos in a folder you choose, with the model below; you can add more "
               "folders later")


class WelcomePage(QWidget):
    """First-run page: the app name, one paragraph, and two large buttons.

    API:
        set_busy(busy: bool, text: str = ""): progress (indeterminate) and a status line while the
            demo is written and indexed; both buttons are disabled meanwhile.
        set_model_card(card): what the model your videos get can do (a core ModelCard; None hides it).
        model_text() -> str: that text ('' when hidden).
        ask_folder() -> str: the directory dialog (override in tests).
    Signals:
        demo_requested(): "Try the demo library" was pressed.
        folder_chosen(str): the folder picked after "Add my videos folder…".
    """

    demo_requested = Signal()
    folder_chosen = Signal(str)

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        fm = self.fontMetrics()

        logo = QLabel(self)
        size = fm.height() * 5
        logo.setPixmap(app_icon().pixmap(size, size))
        logo.setAlignment(Qt.AlignmentFlag.AlignCenter)
        logo.setAccessibleName("Seekframe logo")
        title = QLabel("Seekframe", self)
        font = title.font()
        font.setPointSizeF(font.pointSizeF() * 2.4)
        font.setBold(True)
        title.setFont(font)
        title.setAlignment(Qt.AlignmentFlag.AlignCenter)
        title.setAccessibleName("Seekframe")
        intro = QLabel(INTRO, self)
        intro.setWordWrap(True)
        intro.setAlignment(Qt.AlignmentFlag.AlignCenter)
        intro.setMaximumWidth(fm.averageCharWidth() * 70)
        self._intro = intro

        self._demo = self._big_button("Try the demo library")
        self._demo.setToolTip("Generate a small demo library and search it, to see how Seekframe works")
        self._demo.clicked.connect(self._on_demo)
        self._folder = self._big_button("Add my videos folder…")
        self._folder.setToolTip("Choose the folder where your videos are; Seekframe indexes them")
        self._folder.clicked.connect(self._on_folder)
        self._folder.setDefault(True)

        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addLayout(self._with_note(self._demo, DEMO_NOTE))
        buttons.addSpacing(fm.averageCharWidth() * 4)
        buttons.addLayout(self._with_note(self._folder, FOLDER_NOTE))
        buttons.addStretch(1)

        self._progress = QProgressBar(self)
        self._progress.setRange(0, 0)
        self._progress.setTextVisible(False)
        self._progress.setMaximumWidth(fm.averageCharWidth() * 50)
        self._progress.setAccessibleName("Working")
        self._model = QLabel(self)  # what the model for your own videos can do
        self._model.setWordWrap(True)
        self._model.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self._model.setMaximumWidth(fm.averageCharWidth() * 90)
        self._model.setAccessibleName("What the model knows")
        self._model.setVisible(False)
        self._status = QLabel(self)
        self._status.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self._status.setWordWrap(True)
        self._status.setAccessibleName("Status")

        layout = QVBoxLayout(self)
        layout.addStretch(2)
        layout.addWidget(logo)
        layout.addWidget(title)
        centred = QHBoxLayout()  # (an aligned word-wrapped label in a QVBoxLayout gets too little height)
        centred.addStretch(1)
        centred.addWidget(intro, 4)
        centred.addStretch(1)
        layout.addLayout(centred)
        layout.addSpacing(fm.height() * 2)
        layout.addLayout(buttons)
        layout.addSpacing(fm.height())
        layout.addWidget(self._model, 0, Qt.AlignmentFlag.AlignHCenter)
        layout.addSpacing(fm.height())
        layout.addWidget(self._progress, 0, Qt.AlignmentFlag.AlignHCenter)
        layout.addWidget(self._status)
        layout.addStretch(3)
        self.set_busy(False)
        self.setTabOrder(self._demo, self._folder)

    def _big_button(self, text: str) -> QPushButton:
        button = QPushButton(text, self)
        font = button.font()
        font.setPointSizeF(font.pointSizeF() * 1.3)
        button.setFont(font)
        fm = button.fontMetrics()
        button.setMinimumHeight(fm.height() * 3)
        button.setMinimumWidth(fm.horizontalAdvance(text) + fm.averageCharWidth() * 8)
        button.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        button.setAccessibleName(text.rstrip("…"))
        return button

    def _with_note(self, button: QPushButton, note: str) -> QVBoxLayout:
        label = QLabel(note, self)
        label.setWordWrap(True)
        label.setAlignment(Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop)
        label.setMaximumWidth(button.minimumWidth())
        label.setEnabled(False)  # greyed, secondary text
        button.setAccessibleDescription(note)
        box = QVBoxLayout()
        box.addWidget(button)
        box.addWidget(label)
        return box

    # -- API ---------------------------------------------------------------------------------

    def set_busy(self, busy: bool, text: str = "") -> None:
        self._progress.setVisible(bool(busy))
        self._status.setText(text)
        self._status.setVisible(bool(text))
        self._demo.setEnabled(not busy)
        self._folder.setEnabled(not busy)

    def set_model_card(self, card) -> None:
        if card is None:
            self._model.setVisible(False)
            self._model.setText("")
            return
        lines = [f"Your videos are searched with {card.title}: {card.summary}."]
        if card.good_at:
            lines.append("Finds well: " + "; ".join(card.good_at) + ".")
        if card.weak_at:
            lines.append("Weak at: " + "; ".join(card.weak_at) + ".")
        self._model.setText("\n".join(lines))
        self._model.setVisible(True)

    def model_text(self) -> str:
        return self._model.text() if not self._model.isHidden() else ""

    def ask_folder(self) -> str:
        return QFileDialog.getExistingDirectory(self, "Choose your videos folder", os.path.expanduser("~"))

    # -- internals ---------------------------------------------------------------------------

    def _on_demo(self) -> None:
        self.demo_requested.emit()

    def _on_folder(self) -> None:
        folder = self.ask_folder()
        if folder:
            self.folder_chosen.emit(os.path.normpath(folder))
