"""The search row's Filters and Clear buttons as icons where their words leave the query field
too little: at 853 x 480 (a 1280 x 720 laptop at 150 %) Moments, Videos, Filters and Clear took
246 of the row's 391 px, the field showed 20 characters and its hint shrank to "Search". Their
names stay theirs (the text a screen reader says, the tooltip, the keyboard's Tab and Space);
only what is drawn changes, and back to words where the row has room. Icons are drawn here in the
palette's button text colour (a funnel; an eraser), again when the palette changes."""

from __future__ import annotations

from typing import Callable

from PySide6.QtCore import QEvent, QObject, QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QIcon, QPainter, QPainterPath, QPalette, QPixmap, QPolygonF
from PySide6.QtWidgets import QBoxLayout, QToolButton, QWidget

FIELD_CHARS = 30  # the field's width, in average characters, that words on the buttons must leave it
SIDES = (16, 20, 24, 32, 48, 64)  # the icons' pixmaps (device pixels: the screen's ratio picks)


def _icon(draw: Callable[[QPainter, float, QColor], None], colour: QColor) -> QIcon:
    icon = QIcon()
    for side in SIDES:
        picture = QPixmap(side, side)
        picture.fill(Qt.GlobalColor.transparent)
        painter = QPainter(picture)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        draw(painter, float(side), colour)
        painter.end()
        icon.addPixmap(picture)
    return icon


def _funnel(painter: QPainter, s: float, colour: QColor) -> None:
    points = [(0.1, 0.16), (0.9, 0.16), (0.59, 0.52), (0.59, 0.78), (0.41, 0.9), (0.41, 0.52)]
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(colour)
    painter.drawPolygon(QPolygonF([QPointF(x * s, y * s) for x, y in points]))


def _eraser(painter: QPainter, s: float, colour: QColor) -> None:
    pen = painter.pen()
    pen.setColor(colour)
    pen.setWidthF(max(1.0, s / 14))
    painter.setPen(pen)
    painter.save()
    painter.translate(0.5 * s, 0.46 * s)
    painter.rotate(-40)
    body = QRectF(-0.36 * s, -0.17 * s, 0.72 * s, 0.34 * s)
    outline = QPainterPath()
    outline.addRoundedRect(body, 0.06 * s, 0.06 * s)
    painter.drawPath(outline)
    tip = QPainterPath()
    tip.addRoundedRect(QRectF(body.left(), body.top(), 0.3 * s, body.height()), 0.06 * s, 0.06 * s)
    painter.fillPath(tip, colour)
    painter.restore()
    painter.drawLine(QPointF(0.3 * s, 0.88 * s), QPointF(0.9 * s, 0.88 * s))


DRAWN = {"funnel": _funnel, "eraser": _eraser}


class CompactButtons(QObject):
    """``buttons`` (button → the name of its icon in ``DRAWN``) beside ``field`` on ``line``, the
    row's layout in ``row``, show their icon alone where their words would leave the field under
    ``FIELD_CHARS`` average characters (``others``: the line's buttons that keep their words); their
    words otherwise."""

    def __init__(self, row: QWidget, line: QBoxLayout, field: QWidget, buttons: dict[QToolButton, str], others=()):
        super().__init__(row)
        self.row, self.line, self.field, self.buttons, self.others = row, line, field, dict(buttons), tuple(others)
        for button in self.buttons:
            button.setAccessibleName(button.text())  # (said as before whatever is drawn)
        self._words: dict[QToolButton, int] = {}  # each button's width with its words (measured)
        self._paint()
        self._measure()
        for w in (row, *self.buttons):
            w.installEventFilter(self)
        self.fit()

    @property
    def compact(self) -> bool:
        return any(b.toolButtonStyle() == Qt.ToolButtonStyle.ToolButtonIconOnly for b in self.buttons)

    def eventFilter(self, watched, event) -> bool:  # noqa: N802 - Qt's name
        kind = event.type()
        if watched is self.row and kind == QEvent.Type.Resize:
            self.fit()
        elif watched in self.buttons and kind == QEvent.Type.PaletteChange:
            self._paint()
        elif watched in self.buttons and kind in (QEvent.Type.FontChange, QEvent.Type.StyleChange):
            self._measure()
            self.fit()
        return False

    def _paint(self) -> None:
        for button, name in self.buttons.items():
            colour = button.palette().color(QPalette.ColorRole.ButtonText)
            if button.property("drawn_in") != colour.name():
                button.setProperty("drawn_in", colour.name())
                button.setIcon(_icon(DRAWN[name], colour))

    def _measure(self) -> None:
        """Each button's width with its words, read from the button itself (its style's padding);
        words again meanwhile, as ``fit`` starts from them (a new font: the row's least width anew)."""
        self.row.setMinimumWidth(0)
        for button in self.buttons:
            button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
            button.setMinimumWidth(0)
            self._words[button] = button.sizeHint().width()

    def fit(self) -> None:
        """Words where the row leaves the field its ``FIELD_CHARS`` with them, else icons alone
        (decided from the row's width and the words' widths: never from the field's own width,
        which the choice changes). The row's least width stays what it is with words: the field
        takes the room the icons leave even at the window's narrowest, and the window's minimum,
        which the dock's share and the status bar are fitted to, never moves as the row narrows."""
        margins = self.row.layout().contentsMargins() if self.row.layout() is not None else None
        inner = self.row.width() - (margins.left() + margins.right() if margins is not None else 0)
        spacing = max(0, self.line.spacing())
        beside = sum(self._words.values()) + sum(b.sizeHint().width() for b in self.others)
        room = inner - beside - spacing * (len(self.buttons) + len(self.others))
        compact = room < self.field.fontMetrics().averageCharWidth() * FIELD_CHARS
        style = Qt.ToolButtonStyle.ToolButtonIconOnly if compact else Qt.ToolButtonStyle.ToolButtonTextOnly
        if compact and not self.compact:  # (the row's least width as with words: the window's minimum stays)
            self.row.setMinimumWidth(self.row.minimumSizeHint().width())
        elif not compact:
            self.row.setMinimumWidth(0)
        square = max((b.sizeHint().height() for b in self.others), default=0)  # (icons: as easy to hit)
        for button in self.buttons:
            if button.toolButtonStyle() != style:
                button.setToolButtonStyle(style)
            button.setMinimumWidth(square if compact else 0)
