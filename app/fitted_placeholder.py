"""The search field's placeholder fitted to the field: the whole hint ("Describe a moment, e.g. a
dog on a beach") when the field shows it whole, else the first of its shorter forms that fits
("Describe a moment", then "Search"). In a small window (853 px: a 1280 x 720 laptop at 150 %) the
field is at its 20-character minimum and Qt cut the hint mid-example ("Describe a moment, e.g.
a d…", or "Describe a m…"), which reads as a query half typed for the user; the empty results
still give the example whole."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QEvent, QObject
from PySide6.QtWidgets import QLineEdit, QStyle, QStyleOptionFrame, QToolButton


class FittedPlaceholder(QObject):
    """Keeps ``field``'s placeholder the ``whole`` hint or, where that does not fit, the first of
    ``shorter`` that does (the last where none does)."""

    def __init__(self, field: QLineEdit, whole: str, shorter: Sequence[str]):
        super().__init__(field)
        self._field, self.whole, self.shorter = field, whole, tuple(shorter)
        field.installEventFilter(self)
        self.fit()

    def set(self, whole: str) -> None:
        self.whole = whole
        self.fit()

    def room(self) -> int:
        """The width the field's text is drawn in, less its frame, margins and side buttons (the
        clear button's room counted whether shown or not: the hint is chosen before typing)."""
        field = self._field
        option = QStyleOptionFrame()
        field.initStyleOption(option)
        inside = field.style().subElementRect(QStyle.SubElement.SE_LineEditContents, option, field)
        margins = field.textMargins()
        buttons = sum(b.width() for b in field.findChildren(QToolButton))
        return inside.width() - margins.left() - margins.right() - buttons - 4  # (Qt's 2 px each side)

    def fit(self) -> None:
        room, metrics = self.room(), self._field.fontMetrics()
        forms = (self.whole, *self.shorter)
        shown = next((text for text in forms if metrics.horizontalAdvance(text) <= room), forms[-1])
        if self._field.placeholderText() != shown:
            self._field.setPlaceholderText(shown)

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:
        if event.type() in (QEvent.Type.Resize, QEvent.Type.FontChange, QEvent.Type.StyleChange):
            self.fit()
        return False
