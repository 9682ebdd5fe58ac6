"""A note in the warning's yellow above the results ("No strong match …", the end of a long query
the model did not read), in colours that follow the palette (``app.level_colours``, the warning's:
its light yellow with dark brown words in a light palette, a dark amber with light yellow words in
a dark one). Chosen again when the palette changes while the window is open."""

from __future__ import annotations

from PySide6.QtGui import QPalette
from PySide6.QtWidgets import QLabel

from .level_colours import COLOURS, follow_palette, level_colours, palette_of

LIGHT, DARK = (colours[:2] for colours in COLOURS["warning"])  # (background, text) in each palette


def note_colours(palette: QPalette) -> tuple[str, str]:
    """(background, text) of a warning note on a window of ``palette``."""
    return level_colours(palette, "warning")[:2]


class NoteLabel(QLabel):
    """A QLabel styled as a warning note; its colours read off its parent's palette (its own is the
    style sheet's)."""

    def __init__(self, text: str = "", parent=None, **kwargs):
        super().__init__(text, parent, **kwargs)
        follow_palette(self, self._restyle)
        self._restyle()

    def _restyle(self) -> None:
        background, text = note_colours(palette_of(self))
        sheet = f"#{self.objectName()} {{ color:{text}; background:{background}; padding:4px; }}"
        if self.styleSheet() != sheet:  # (setting it changes the label's palette: asked once more)
            self.setStyleSheet(sheet)
