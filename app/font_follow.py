"""Sizes and styles follow a change of the application's font (``QApplication.setFont``, a change
of the system's font) while the app runs.

``follow_font(widget, apply)``: ``apply(widget)`` now and again on each change of the widget's
font, the one way a size worked out from a font (a column of 50 characters, a field's minimum width,
a button sized to its text, a logo 5 lines tall) is kept true: computed once at build, such sizes
kept the old font's after a change, a text at 1.5 times its size in a column, field or button
sized for the old one.

``column_in_characters(view, column, chars)``: a column of a tree view ``chars`` characters wide,
following the font until the user sizes it (a font change reset the File column the user had
dragged wider in the indexing panel's list of failed files, a long path cut again).

``restyle``: the widgets given a style sheet follow a change of the application's font.

Qt resolves the font of a widget with a style sheet (its own or an ancestor's: a coloured note, a
banner, a badge) when the sheet is applied, and leaves it there: after ``QApplication.setFont`` or
a change of the system's font, such a label kept the old size while the rest of the window grew,
its text smaller than its neighbours'. Applying the sheet again resolves the font anew."""

from __future__ import annotations

from typing import Callable, TypeVar

from PySide6.QtCore import QEvent, QObject
from PySide6.QtWidgets import QTreeView, QWidget

W = TypeVar("W", bound=QWidget)

FONT_CHANGES = (QEvent.Type.FontChange, QEvent.Type.ApplicationFontChange)


def restyle(root: QWidget) -> None:
    """Apply again the style sheet of ``root`` and of each widget in it that has one."""
    for widget in (root, *root.findChildren(QWidget)):
        sheet = widget.styleSheet()
        if sheet:
            widget.setStyleSheet(sheet)


class _FontFollower(QObject):
    """Owned by the widget it watches (gone with it); calls ``apply`` on its FontChange."""

    def __init__(self, widget: QWidget, apply: Callable[[QWidget], None]):
        super().__init__(widget)
        self._apply = apply
        widget.installEventFilter(self)

    def eventFilter(self, watched, event) -> bool:
        if event.type() == QEvent.Type.FontChange:  # (the widget's font is the new one already)
            self._apply(watched)
        return False


def follow_font(widget: W, apply: Callable[[W], None]) -> W:
    """``apply(widget)`` now, and again whenever ``widget``'s font changes (its own, its parent's
    or the application's); returns ``widget``."""
    apply(widget)
    _FontFollower(widget, apply)
    return widget


class _Column:
    """A column sized in characters by ``column_in_characters``: the width it was given last."""

    def __init__(self, column: int, chars: int):
        self.column, self.chars, self.given = column, chars, -1

    def fit(self, view: QTreeView) -> None:
        width = view.header().sectionSize(self.column)
        if self.given >= 0 and width != self.given:
            return  # sized by the user (dragged, or a double click on its edge): their width is kept
        self.given = view.fontMetrics().averageCharWidth() * self.chars
        view.setColumnWidth(self.column, self.given)


def column_in_characters(view: QTreeView, column: int, chars: int) -> QTreeView:
    """``view``'s ``column`` as wide as ``chars`` average characters of its font, now and after
    each font change, as long as the user has not given it a width of their own; returns ``view``."""
    return follow_font(view, _Column(column, chars).fit)
