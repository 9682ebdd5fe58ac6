"""``restyle``: the widgets given a style sheet follow a change of the application's font.

Qt resolves the font of a widget with a style sheet (its own or an ancestor's: a coloured note, a
banner, a badge) when the sheet is applied, and leaves it there: after ``QApplication.setFont`` or
a change of the system's font, such a label kept the old size while the rest of the window grew,
its text smaller than its neighbours'. Applying the sheet again resolves the font anew."""

from __future__ import annotations

from PySide6.QtCore import QEvent
from PySide6.QtWidgets import QWidget

FONT_CHANGES = (QEvent.Type.FontChange, QEvent.Type.ApplicationFontChange)


def restyle(root: QWidget) -> None:
    """Apply again the style sheet of ``root`` and of each widget in it that has one."""
    for widget in (root, *root.findChildren(QWidget)):
        sheet = widget.styleSheet()
        if sheet:
            widget.setStyleSheet(sheet)
