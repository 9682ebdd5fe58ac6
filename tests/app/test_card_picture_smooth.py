"""A result card's picture (320 px wide, drawn in a card about half that, or twice it at 200 %)
was scaled without smoothing: every other column of the picture dropped, lines and edges jagged
and a fine pattern turned to noise, or at a high scale its pixels drawn as blocks. The card now
draws it smoothly scaled, as the preview's frames are (app.movie_source)."""

from __future__ import annotations

from PySide6.QtCore import QObject, QRect, Signal
from PySide6.QtGui import QColor, QImage, QPainter
from PySide6.QtWidgets import QStyleOptionViewItem

from app.results import ResultDelegate, ResultsModel
from tests.app.test_results import result


class Stripes(QObject):
    """A thumbnail loader with one picture: 1-pixel black and white columns, 320 x 180."""

    ready = Signal(str, float)
    failed = Signal(str, float, str)

    def __init__(self):
        super().__init__()
        self.picture = QImage(320, 180, QImage.Format.Format_RGB32)
        for x in range(320):
            colour = QColor("black" if x % 2 else "white")
            for y in range(180):
                self.picture.setPixelColor(x, y, colour)

    def image(self, *_args, **_kw):
        return self.picture

    def error(self, *_args):
        return ""

    def forget(self, _path):
        pass

    def clear_pending(self):
        pass


def test_the_cards_picture_is_scaled_smoothly(qtbot):
    model = ResultsModel(Stripes())
    model.set_results(None, [result("/v/stripes.mp4", 0.0, 0.9)])
    delegate = ResultDelegate()
    option = QStyleOptionViewItem()
    option.rect = QRect(0, 0, 220, 260)
    canvas = QImage(220, 260, QImage.Format.Format_RGB32)
    canvas.fill(QColor("red"))
    painter = QPainter(canvas)
    delegate.paint(painter, option, model.index(0))
    painter.end()
    thumb = delegate.thumb_size(option)
    assert thumb.width() < 300  # (drawn smaller than it is)
    middle = thumb.height() // 2
    greys = [canvas.pixelColor(x, middle).lightness() for x in range(20, thumb.width() - 20)]
    assert all(60 < g < 200 for g in greys), greys[:20]  # (blended: no column of it alone)
