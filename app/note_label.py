"""A note in the warning's yellow above the results ("No strong match …", the end of a long query
the model did not read), in colours that follow the palette: its light yellow with dark brown words
in a light palette, a dark amber with light yellow words in a dark one (a light yellow strip glared
in a dark window). Chosen again when the palette changes while the window is open."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QTimer
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import QApplication, QLabel

LIGHT = ("#fff3cd", "#664d03")  # background, text (7.6:1)
DARK = ("#332701", "#ffda6a")  # (11:1)


def note_colours(palette: QPalette) -> tuple[str, str]:
    """(background, text) of a warning note on a window of ``palette``."""
    return DARK if palette.color(QPalette.ColorRole.Window).lightness() < 128 else LIGHT


class NoteLabel(QLabel):
    """A QLabel styled as a warning note; its colours read off its parent's palette (its own is the
    style sheet's)."""

    def __init__(self, text: str = "", parent=None, **kwargs):
        super().__init__(text, parent, **kwargs)
        if parent is not None:  # (a label with a style sheet is told of no palette change: its parent is)
            parent.installEventFilter(self)
        self._restyle()

    def eventFilter(self, watched, event) -> bool:  # noqa: N802 - Qt's name
        if event.type() in (QEvent.Type.PaletteChange, QEvent.Type.ApplicationPaletteChange):
            QTimer.singleShot(0, self, self._restyle)  # (once every widget has the new palette)
        return False

    def _restyle(self) -> None:
        parent = self.parentWidget()
        background, text = note_colours(parent.palette() if parent is not None else QApplication.palette())
        sheet = f"#{self.objectName()} {{ color:{text}; background:{background}; padding:4px; }}"
        if self.styleSheet() != sheet:  # (setting it changes the label's palette: asked once more)
            self.setStyleSheet(sheet)
