"""``ModelNotice``: a banner above the results when the library's model does not know its videos,
with a button that asks for the model dialog (the models controller decides when it shows)."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QPushButton, QWidget

from .status_widgets import MessageBanner

DEMO_MODEL_TEXT = ("This library uses the demo model, which only knows generated shapes; switch to the "
                   "real-footage model to search your videos by what they show.")


class ModelNotice(MessageBanner):
    """The warning banner's look, with a button; ✕ hides it until the next library (``dismissed``)."""

    switch_requested = Signal()
    dismissed = Signal()

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.label.setAccessibleName("Model notice")
        self.button = QPushButton("Switch to the real-footage model…", self)
        self.button.clicked.connect(self.switch_requested.emit)
        self.layout().insertWidget(1, self.button, 0, Qt.AlignmentFlag.AlignVCenter)
        self.close_button.clicked.connect(self.dismissed.emit)

    def show_notice(self) -> None:
        self.show_message("warning", DEMO_MODEL_TEXT)
