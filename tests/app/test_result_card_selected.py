"""A selected weak match's card reads as well as a selected strong one: the whole card of a weak
match (a score the model's calibration calls weak, or no real match) was painted dimmed, its
highlight and white words too, so once selected its name, times and score read pale on pale
(white over light blue, ~1.6:1 for a weak match, ~1.2:1 for none; seen driving the real window:
"a car on a road", then a weak phone clip's card selected). Now a selected card's highlight and
words are painted whole; its picture stays dimmed, and unselected weak cards stay dimmed as before.
The check reads what the delegate asks the painter for (colours and opacity), not pixels."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QRect
from PySide6.QtGui import QColor, QImage, QPainter, QPalette
from PySide6.QtWidgets import QStyle, QStyleOptionViewItem

from app.results import ResultDelegate, ResultsModel, ResultsView
from core.timefmt import format_range
from core.search import SearchResult


def _luminance(c: tuple[float, float, float]) -> float:
    def lin(v: float) -> float:
        v /= 255
        return v / 12.92 if v <= 0.03928 else ((v + 0.055) / 1.055) ** 2.4

    r, g, b = map(lin, c)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def _over(colour: QColor, under: tuple[float, float, float], alpha: float) -> tuple[float, float, float]:
    a = alpha * colour.alphaF()
    return tuple(a * f + (1 - a) * b for f, b in zip((colour.red(), colour.green(), colour.blue()), under))


def _contrast(a, b) -> float:
    hi, lo = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (hi + 0.05) / (lo + 0.05)


class _Recorder(QPainter):
    """Records each card background and each text the delegate paints, with the pen or brush
    colour and the opacity it was painted at."""

    def __init__(self, device):
        super().__init__(device)
        self.cards: list[tuple[QColor, float]] = []
        self.texts: dict[str, tuple[QColor, float]] = {}

    def drawRoundedRect(self, *args):
        self.cards.append((QColor(self.brush().color()), self.opacity()))
        return super().drawRoundedRect(*args)

    def drawText(self, *args):
        self.texts[str(args[-1])] = (QColor(self.pen().color()), self.opacity())
        return super().drawText(*args)


def _paint(view, model, row: int, selected: bool) -> _Recorder:
    delegate = ResultDelegate(view)
    option = QStyleOptionViewItem()
    option.initFrom(view)
    index = model.index(row)
    option.rect = QRect(0, 0, *delegate.sizeHint(option, index).toTuple())
    option.state = QStyle.StateFlag.State_Enabled | (QStyle.StateFlag.State_Selected if selected else
                                                     QStyle.StateFlag.State_None)
    image = QImage(option.rect.size(), QImage.Format.Format_ARGB32)
    painter = _Recorder(image)
    try:
        delegate.paint(painter, option, index)
    finally:
        painter.end()
    return painter


def _readability(view, model, row: int, selected: bool) -> float:
    """The least contrast of the card's name, times and score against its background, as painted
    over the grid's base colour."""
    painted = _paint(view, model, row, selected)
    result = model.result(row)
    base = view.palette().color(QPalette.ColorRole.Base)
    (brush, card_opacity), = painted.cards
    background = _over(brush, (base.red(), base.green(), base.blue()), card_opacity)
    words = ["v%d.mp4" % row, format_range(result.start, result.end), f"{result.score:.2f}"]
    assert set(words) <= set(painted.texts), painted.texts
    return min(_contrast(_over(pen, background, opacity), background)
               for pen, opacity in (painted.texts[w] for w in words))


@pytest.mark.parametrize("strength", ["weak", "none"])
def test_a_selected_weak_match_reads_as_well_as_a_selected_strong_one(qtbot, tmp_path, strength):
    view = ResultsView()
    qtbot.addWidget(view)
    model = ResultsModel()
    model.set_results(None, [SearchResult(str(tmp_path / "v0.mp4"), 0, 4, 0.6, "v0", "m0", 2.0, strength="strong"),
                             SearchResult(str(tmp_path / "v1.mp4"), 4, 8, 0.2, "v1", "m1", 6.0, strength=strength)])
    strong = _readability(view, model, 0, selected=True)
    weak = _readability(view, model, 1, selected=True)
    assert weak >= strong * 0.98, (strength, weak, strong)
    # unselected, the weak card is still dimmed (its words fainter than a strong card's) ...
    assert _readability(view, model, 1, selected=False) < _readability(view, model, 0, selected=False)
    # ... and selected, its picture still is (the placeholder painted at the dimmed opacity)
    painted = _paint(view, model, 1, selected=True)
    assert painted.texts["…"][1] == pytest.approx(ResultDelegate.opacity(model.index(1)))
    assert ResultDelegate.opacity(model.index(1)) < 1.0
