"""``ElidedLabel``: a one-line label that never widens its window: its text is cut to the width it
gets (the full text in its tooltip). Long file names, folders and queries go in these.
``WrappedTitle`` / ``WrappedLine``: a text wrapped onto the lines its width needs instead."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QRect, QSize, Qt
from PySide6.QtGui import QFont
from PySide6.QtWidgets import QAbstractButton, QLabel, QSizePolicy, QStyle, QWidget

from .font_follow import follow_font


def _few_characters_wide(label: QLabel, hint: QSize) -> QSize:
    """``hint`` (a label's minimum size) at most a few characters wide, whatever its text: a label
    cut to fit (``ElidedLabel``, ``WrappedTitle``) never widens its window."""
    return QSize(min(hint.width(), label.fontMetrics().averageCharWidth() * 8), hint.height())


def _as_wide_as_its_text(label: QLabel, full: str, hint: QSize) -> QSize:
    """A cut label's preferred size: its whole text ``full`` on one line, at ``hint``'s height."""
    return QSize(label.fontMetrics().horizontalAdvance(full) + 2 * label.margin() + 4, hint.height())


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
        self.setAccessibleName(text)  # (a screen reader reads it whole, not as cut)
        self._elide()

    def full_text(self) -> str:
        return self._full

    def minimumSizeHint(self) -> QSize:
        return _few_characters_wide(self, super().minimumSizeHint())

    def sizeHint(self) -> QSize:
        return _as_wide_as_its_text(self, self._full, super().sizeHint())

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


class WrappedTitle(FittedLabel):
    """A title wrapped onto as many lines as its width needs (``FittedLabel``), never cut whole: a
    word wider than a line (a long file name) is cut in its middle with "…" to the width (the full
    text in its tooltip). It never widens its window: its minimum width is a few characters."""

    def __init__(self, parent: QWidget | None = None, **properties):
        super().__init__(parent, **properties)
        self._full = ""
        self.setTextFormat(Qt.TextFormat.PlainText)
        self.setSizePolicy(QSizePolicy.Policy.Ignored, self.sizePolicy().verticalPolicy())

    def set_full_text(self, text: str, tooltip: str = "") -> None:
        self._full = text
        self.setToolTip(tooltip or text)
        self.setAccessibleName(text)  # (read whole: no word cut, no break points)
        self._wrap()

    def full_text(self) -> str:
        return self._full

    def minimumSizeHint(self) -> QSize:
        return _few_characters_wide(self, super().minimumSizeHint())

    def sizeHint(self) -> QSize:
        return _as_wide_as_its_text(self, self._full, super().sizeHint())

    def resizeEvent(self, event) -> None:
        self._wrap()
        super().resizeEvent(event)

    def changeEvent(self, event) -> None:
        super().changeEvent(event)
        if event.type() == QEvent.Type.FontChange:  # (wider words: cut again)
            self._wrap()

    def _wrap(self) -> None:
        fm, width = self.fontMetrics(), max(1, self.contentsRect().width() - 2)
        shown = self._words_cut(self._full, fm, width)
        if shown != self.text():
            self.setText(shown)

    def _words_cut(self, text: str, fm, width: int) -> str:
        """``text`` with each word wider than a line as shown (``_long_word``)."""
        return " ".join(self._long_word(w, fm) if fm.horizontalAdvance(w) > width else w for w in text.split(" "))

    def _long_word(self, word: str, fm) -> str:
        """``word``, wider than a line, as shown: cut in its middle to the line's width."""
        return fm.elidedText(word, Qt.TextElideMode.ElideMiddle, max(1, self.contentsRect().width() - 2))


class ClipTitle(WrappedTitle):
    """A ``WrappedTitle`` of at most ``LINES`` lines: where the whole title needs more, the part
    ``set_full_text`` names (a long file name with spaces, which wrapped word by word over six lines
    of a narrow captions panel, pushing its captions down) is cut in its middle, as little as fits,
    the words before and after it kept (the full title in the tooltip)."""

    LINES = 2

    def __init__(self, parent: QWidget | None = None, **properties):
        super().__init__(parent, **properties)
        self._cut: tuple[int, int] | None = None  # (start, end) of the part of the title that may be cut

    def set_full_text(self, text: str, tooltip: str = "", cut: tuple[int, int] | None = None) -> None:
        self._cut = cut if cut and 0 <= cut[0] < cut[1] <= len(text) else None
        super().set_full_text(text, tooltip)

    def _wrap(self) -> None:
        fm, width = self.fontMetrics(), max(1, self.contentsRect().width() - 2)
        shown = self._words_cut(self._full, fm, width)
        if self._cut and self._lines(shown, fm, width) > self.LINES:
            start, end = self._cut
            head, cut, tail = self._full[:start], self._full[start:end], self._full[end:]
            low, high = 0, fm.horizontalAdvance(cut)  # the widest cut name that fits, by halves
            best = self._words_cut(head + "…" + tail, fm, width)
            while low <= high:
                middle = (low + high) // 2
                name = fm.elidedText(cut, Qt.TextElideMode.ElideMiddle, middle) or "…"
                text = self._words_cut(head + name + tail, fm, width)
                if self._lines(text, fm, width) <= self.LINES:
                    best, low = text, middle + 1
                else:
                    high = middle - 1
            shown = best
        if shown != self.text():
            self.setText(shown)

    @staticmethod
    def _lines(text: str, fm, width: int) -> int:
        height = fm.boundingRect(QRect(0, 0, width, 100_000), int(Qt.TextFlag.TextWordWrap), text).height()
        return max(1, round(height / max(1, fm.lineSpacing())))


BREAK = "\u200b"  # a zero-width space: a line may break there (nothing shown)


class WrappedLine(WrappedTitle):
    """A ``WrappedTitle`` whose every word is read whole: one wider than a line (a long file name)
    is broken where the line ends and goes on on the next, never cut (zero-width spaces between
    its characters: ``BREAK``). The line saying what the results show ("Clips like car-detection.mp4
    at 0:12 in other videos") has these: cut, it lost the clip's name and its time."""

    def _long_word(self, word: str, fm) -> str:
        return BREAK.join(word)

    def shown_text(self) -> str:
        """The text as it reads (without the break points)."""
        return self.text().replace(BREAK, "")


def never_widens(label: QLabel) -> QLabel:
    """A word-wrapped label whose text may hold a long unbreakable word (a path): it takes the
    width its layout gives instead of widening the window to fit that word (the full text is in
    its tooltip when it is cut)."""
    label.setWordWrap(True)
    label.setSizePolicy(QSizePolicy.Policy.Ignored, label.sizePolicy().verticalPolicy())
    return follow_font(label, lambda lb: lb.setMinimumWidth(lb.fontMetrics().averageCharWidth() * 8))


def compact(button: QAbstractButton) -> QAbstractButton:
    """A push button that a narrow window may shrink to its text (the style asks 80 px of every
    push button with text; it still gets that much when there is room): a row of three such
    buttons widened the window's minimum by ~40 px."""
    return follow_font(button, _fit_text)


def _fit_text(button: QAbstractButton) -> None:
    style, metric = button.style(), QStyle.PixelMetric
    margins = 2 * (style.pixelMetric(metric.PM_ButtonMargin) + style.pixelMetric(metric.PM_DefaultFrameWidth))
    button.setMinimumWidth(button.fontMetrics().horizontalAdvance(button.text()) + margins + 4)


def bold(font: QFont) -> QFont:
    """``font``, made bold (titles, the user's own note, the model in use)."""
    font.setBold(True)
    return font
