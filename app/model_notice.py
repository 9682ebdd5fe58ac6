"""``ModelNotice``: a banner above the results when the library's model does not know its videos
("This library uses the demo model, which only knows generated shapes; …") with a button that
asks for the model dialog. A dumb view: the models controller decides when it shows."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton, QToolButton, QWidget

from .status_widgets import banner_style

DEMO_MODEL_TEXT = ("This library uses the demo model, which only knows generated shapes; switch to the "
                   "real-footage model to search your videos by what they show.")


class ModelNotice(QFrame):
    """API: show_notice(text, button_text), hide_notice(); ``text`` is '' while hidden.
    Signals: switch_requested() (the button), dismissed() (✕: hidden until the next library)."""

    switch_requested = Signal()
    dismissed = Signal()

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("model_notice")
        self.label = QLabel(self)
        self.label.setWordWrap(True)
        self.label.setAccessibleName("Model notice")
        self.button = QPushButton("Switch to the real-footage model…", self)
        self.button.clicked.connect(self.switch_requested.emit)
        self.close_button = QToolButton(self, text="✕", toolTip="Dismiss")
        self.close_button.clicked.connect(self._dismiss)
        row = QHBoxLayout(self)
        row.setContentsMargins(10, 6, 6, 6)
        row.addWidget(self.label, 1)
        row.addWidget(self.button, 0, Qt.AlignmentFlag.AlignVCenter)
        row.addWidget(self.close_button, 0, Qt.AlignmentFlag.AlignTop)
        self.setStyleSheet(banner_style("#model_notice", "warning"))  # the warning banner's colours
        self.setVisible(False)

    @property
    def text(self) -> str:
        return self.label.text() if not self.isHidden() else ""

    def show_notice(self, text: str = DEMO_MODEL_TEXT, button_text: str = "") -> None:
        self.label.setText(text)
        if button_text:
            self.button.setText(button_text)
        self.setVisible(True)

    def hide_notice(self) -> None:
        self.setVisible(False)

    def _dismiss(self) -> None:
        self.hide_notice()
        self.dismissed.emit()
