"""``ElidedLabel``: a one-line label that never widens its window: its text is cut to the width it
gets (the full text in its tooltip). Long file names, folders and queries go in these."""

from __future__ import annotations

from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QFont
from PySide6.QtWidgets import QLabel, QSizePolicy, QWidget


class ElidedLabel(QLabel):
    """One line, cut in the middle with "…" to fit (keeping a file name's extension and a trailing
    time). Its minimum width is a few characters, whatever the text."""

    def __init__(self, parent: QWidget | None = None, **properties):
        super().__init__(parent, **properties)
        self._full = ""
        self.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self.setTextFormat(Qt.TextFormat.PlainText)

    def set_full_text(self, text: str, tooltip: str = "") -> None:
        self._full = text
        self.setToolTip(tooltip or text)
        self._elide()

    def full_text(self) -> str:
        return self._full

    def minimumSizeHint(self) -> QSize:
        hint = super().minimumSizeHint()
        return QSize(min(hint.width(), self.fontMetrics().averageCharWidth() * 8), hint.height())

    def sizeHint(self) -> QSize:
        return QSize(self.fontMetrics().horizontalAdvance(self._full) + 2 * self.margin() + 4,
                     super().sizeHint().height())

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        self._elide()

    def _elide(self) -> None:
        width = max(1, self.contentsRect().width())
        self.setText(self.fontMetrics().elidedText(self._full, Qt.TextElideMode.ElideMiddle, width))


class FittedLabel(QLabel):
    """A word-wrapped label never made shorter than its lines at the width it has: Qt takes a
    wrapped label's minimum height at a width of its own choosing, so a narrow one (a large font, a
    small window) was squeezed and its first and last lines cut off. Hidden (a stack's other page),
    it asks for no room."""

    def __init__(self, parent: QWidget | None = None, **properties):
        super().__init__(parent, **properties)
        self.setWordWrap(True)
        self._fit = 0  # the height its text needs at its width

    def minimumSizeHint(self) -> QSize:
        hint = super().minimumSizeHint()
        return QSize(hint.width(), max(hint.height(), 0 if self.isHidden() else self._fit))

    def setText(self, text: str) -> None:
        super().setText(text)
        self._refit()

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        self._refit()

    def _refit(self) -> None:
        fit = self.heightForWidth(self.width()) if self.width() > 0 else 0
        if fit != self._fit:
            self._fit = fit
            self.updateGeometry()


def never_widens(label: QLabel) -> QLabel:
    """A word-wrapped label whose text may hold a long unbreakable word (a path): it takes the
    width its layout gives instead of widening the window to fit that word (the full text is in
    its tooltip when it is cut)."""
    label.setWordWrap(True)
    label.setSizePolicy(QSizePolicy.Policy.Ignored, label.sizePolicy().verticalPolicy())
    label.setMinimumWidth(label.fontMetrics().averageCharWidth() * 8)
    return label


def bold(font: QFont) -> QFont:
    """``font``, made bold (titles, the user's own note, the model in use)."""
    font.setBold(True)
    return font
