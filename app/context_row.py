"""``ContextRow``: the line over the grid saying what it shows when that is no typed search ("Clips
like car-detection.mp4 at 1:12 in other videos", a refined query), with the button back to the
typed search beside it.

The line wraps and reads whole (``WrappedLine``); the button names the query it goes back to
("Back to “a car on a road”") only where that costs the line no extra line, and is a plain "Back"
otherwise (its tooltip names the query either way): at 853 px, the name in the button took 210 px
of a 378 px row and the line beside it wrapped over 3 to 5 lines."""

from __future__ import annotations

from PySide6.QtCore import QRect, QSize, Qt
from PySide6.QtWidgets import QHBoxLayout, QToolButton, QWidget

from .elided import WrappedLine

SHORT = "Back"


def back_text(query: str) -> str:
    """The button's text where there is room: the query it goes back to, cut to 22 characters."""
    short = query if len(query) <= 22 else query[:20].rstrip() + "…"
    return f"Back to “{short}”" if query else "Back to the search"


class BackButton(QToolButton):
    """A tool button that may always be squeezed to ``SHORT``: its minimum is that text's width,
    whatever it says now (so the long text never widens the window's minimum)."""

    def width_for(self, text: str) -> int:
        """Its width showing ``text``: the text's advance plus the style's padding around it."""
        fm = self.fontMetrics()
        return self.sizeHint().width() - fm.horizontalAdvance(self.text()) + fm.horizontalAdvance(text)

    def minimumSizeHint(self) -> QSize:
        hint = super().minimumSizeHint()
        return QSize(min(hint.width(), self.width_for(SHORT)), hint.height())


class ContextRow(QWidget):
    """The line (``label``) and the button back to the typed search (``button``)."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self._long = SHORT  # the button's text where it costs the line nothing
        # wrapped onto the lines it needs (cut to one line at the window's narrowest it read
        # "Clips like car-d… in other videos": the clip's name and its time gone)
        self.label = WrappedLine(self, accessibleDescription="What the results show")
        self.button = BackButton(self, text=SHORT)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.label, 1)
        layout.addWidget(self.button)

    def set_context(self, label: str, query: str) -> None:
        """Say ``label``; the button goes back to the typed ``query`` ('' when none)."""
        self.label.set_full_text(label)
        self._long = back_text(query)
        self.button.setToolTip(f"Show the results of “{query}” again" if query else
                               "Show the results of the text in the search field again")
        self._fit()

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        self._fit()

    def changeEvent(self, event) -> None:
        super().changeEvent(event)
        if event.type() == event.Type.FontChange:
            self._fit()

    def _fit(self) -> None:
        """The long text on the button where the line beside it takes no more lines than beside a
        plain "Back"."""
        spacing = max(0, self.layout().spacing())
        room = self.contentsRect().width() - spacing

        def lines(button_width: int) -> int:
            return self._lines(max(1, room - button_width - 2))

        text = self._long if lines(self.button.width_for(self._long)) <= lines(self.button.width_for(SHORT)) \
            else SHORT
        if text != self.button.text():
            self.button.setText(text)

    def _lines(self, width: int) -> int:
        """How many lines the label's text takes at ``width``."""
        label = self.label
        fm = label.fontMetrics()
        text = label._words_cut(label.full_text(), fm, width)
        height = fm.boundingRect(QRect(0, 0, width, 100_000), int(Qt.TextFlag.TextWordWrap), text).height()
        return max(1, round(height / max(1, fm.lineSpacing())))
