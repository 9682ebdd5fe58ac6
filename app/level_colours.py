"""The colours of the window's coloured messages, by level (error, warning, info): the banner above
the results and its notices (``status_widgets.MessageBanner``) and the yellow notes (``NoteLabel``,
the warning's). Light ones with dark words in a light palette, dark ones with light words in a dark
one (a light strip glared in a dark window). ``level_colours`` is the one place that chooses;
``follow_palette`` has a widget choose again when the palette changes while the window is open."""

from __future__ import annotations

from typing import Callable

from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QApplication, QProgressBar, QWidget

from .weak_calls import weakly

COLOURS = {  # level: ((background, text, border) in a light palette, the same in a dark one); text 7:1 or more
    "error": (("#f8d7da", "#58151c", "#f1aeb5"), ("#2c0b0e", "#ea868f", "#842029")),
    "warning": (("#fff3cd", "#664d03", "#ffe69c"), ("#332701", "#ffda6a", "#997404")),
    "info": (("#cfe2ff", "#052c65", "#9ec5fe"), ("#031633", "#6ea8fe", "#084298")),
}


def level_colours(palette: QPalette, level: str) -> tuple[str, str, str]:
    """(background, text, border) of a message of ``level`` (an unknown one: info's) on a window of
    ``palette``."""
    light, dark = COLOURS.get(level, COLOURS["info"])
    return dark if palette.color(QPalette.ColorRole.Window).lightness() < 128 else light


def palette_of(widget: QWidget) -> QPalette:
    """The palette ``widget`` is shown on: its parent's (its own is its style sheet's), else the app's."""
    parent = widget.parentWidget()
    return parent.palette() if parent is not None else QApplication.palette()


class _PaletteFollower(QObject):
    """Owned by the widget (gone with it); watches its parent, as a widget with a style sheet is told
    of no palette change. It holds neither the widget nor (but weakly) an object ``restyle`` is a
    method of: no cycle keeps a widget without a parent (``weak_calls``)."""

    def __init__(self, widget: QWidget, restyle: Callable[[], None]):
        super().__init__(widget)
        self._restyle = weakly(restyle)
        if (parent := widget.parentWidget()) is not None:
            parent.installEventFilter(self)

    def eventFilter(self, watched, event) -> bool:  # noqa: N802 - Qt's name
        if event.type() in (QEvent.Type.PaletteChange, QEvent.Type.ApplicationPaletteChange):
            restyle = self._restyle()
            if restyle is not None:
                QTimer.singleShot(0, self.parent(), restyle)  # (once every widget has the new palette)
        return False


def follow_palette(widget: QWidget, restyle: Callable[[], None]) -> None:
    """Call ``restyle`` again whenever the palette of ``widget``'s parent (the one given at its making)
    changes."""
    _PaletteFollower(widget, restyle)


def warn_bar(bar: QProgressBar, words: str) -> None:
    """``bar`` in the warning's colour with ``words`` on it (also its accessible description: a style that
    draws no text on a bar, macOS's, has them read out); ``words`` "": the window's own colours, no words.
    Its palette is set again each time: call it again when the window's changes (``follow_palette``)."""
    bar.setTextVisible(bool(words))
    bar.setFormat(words)
    bar.setAccessibleDescription(words)
    palette = QPalette()  # (no colour of its own: the window's)
    if words:
        palette.setColor(QPalette.ColorRole.Highlight, QColor(level_colours(palette_of(bar), "warning")[2]))
        palette.setColor(QPalette.ColorRole.HighlightedText, QColor("#000000"))  # (5.8:1 or more on either)
    bar.setPalette(palette)
