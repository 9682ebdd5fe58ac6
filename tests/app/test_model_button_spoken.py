"""The status bar's model button as a screen reader says it: its text, which names the model
("Model: Seekframe demo model"), and what it does. Named "Model" whatever its text, it never said
which model searches the library, nor that one was loading or none loaded."""

from __future__ import annotations

from PySide6.QtGui import QAccessible

from app.requests import SessionStatus
from app.status_widgets import StatusWidgets


def test_the_model_button_says_which_model(qtbot):
    widgets = StatusWidgets()
    button = widgets.model_label
    qtbot.addWidget(button)
    spoken = QAccessible.queryAccessibleInterface(button)
    assert spoken.text(QAccessible.Text.Name) == "Loading the model…"
    widgets.show_status(SessionStatus(opened=True, ready=True, model_name="Seekframe demo model"))
    assert spoken.text(QAccessible.Text.Name) == "Model: Seekframe demo model"
    assert spoken.text(QAccessible.Text.Description) == "Choose another model"
