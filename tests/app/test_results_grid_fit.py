"""The result grid fits as many cards in a row as a user expects and the cards share the row: in a
1024 px window the grid (472 px inside) held 2 cards of 172 px in cells of 235, gaps of 60 px
beside each, where 3 cards needed 552 px. The number of cards in a row is now the one nearest
to the cards' own width (each picture at least 0.8 of it), and the cards widen or narrow to fill
the row."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QModelIndex
from PySide6.QtWidgets import QStyleOptionViewItem

from app.results import ResultsModel, ResultsView
from tests.app.layout_settle import settle
from tests.app.test_results import result


def shown_grid(qtbot, tmp_path, width: int):
    model, view = ResultsModel(), ResultsView()
    view.setModel(model)
    qtbot.addWidget(view)
    view.resize(width, 500)
    view.show()
    model.set_results(None, [result(tmp_path / f"{i}.mp4", i * 4.0, 1 - i / 100, offline=True, n=i)
                             for i in range(12)])
    qtbot.waitUntil(lambda: view.visualRect(model.index(0)).isValid(), timeout=10_000)
    settle(qtbot)  # (the grid's layout done)
    return model, view


def first_row(model, view) -> list:
    top = view.visualRect(model.index(0)).top()
    return [view.visualRect(model.index(i)) for i in range(model.rowCount())
            if view.visualRect(model.index(i)).top() == top]


@pytest.mark.parametrize("width, columns", [(488, 3), (400, 2), (700, 4), (1000, 5)])
def test_the_row_holds_the_cards_a_user_expects_without_gaps(qtbot, tmp_path, width, columns):
    model, view = shown_grid(qtbot, tmp_path, width)
    row = first_row(model, view)
    assert len(row) == columns, [r.getRect() for r in row]
    room = view.viewport().width()
    gaps = [b.left() - a.right() - 1 for a, b in zip(row, row[1:])]
    assert all(g <= 2 * view.spacing() + 1 for g in gaps), gaps  # cards side by side, the spacing between
    assert row[-1].right() >= room - view.width() // 10  # the row filled (less a scroll bar's width)


def test_a_card_keeps_most_of_its_own_width_to_fit_one_more(qtbot, tmp_path):
    """At 488 px each card is narrower than its own 172 px, never under 0.8 of its picture."""
    model, view = shown_grid(qtbot, tmp_path, 488)
    delegate = view.itemDelegate()
    own = delegate.thumb_width(view.fontMetrics())
    card = view.visualRect(model.index(0))
    assert 0.8 * own + 2 * delegate.PAD <= card.width() < own + 2 * delegate.PAD
    assert card.height() > card.width() * 9 // 16  # (the picture's height follows its width, the lines under it)


def test_a_larger_font_makes_the_cells_follow_the_cards(qtbot, tmp_path):
    """The cells were made at a resize only: with the font made larger (the system's, the app's)
    each card grew past its cell and overlapped the row below until the window was resized."""
    model, view = shown_grid(qtbot, tmp_path, 700)
    font = view.font()
    font.setPointSizeF(font.pointSizeF() * 1.5)
    view.setFont(font)

    def cards_inside_their_cells() -> bool:
        option = QStyleOptionViewItem()
        option.initFrom(view)
        card, cell = view.itemDelegate().sizeHint(option, QModelIndex()), view.gridSize()
        return card.width() <= cell.width() and card.height() <= cell.height()

    qtbot.waitUntil(cards_inside_their_cells, timeout=10_000)
    rows = sorted({view.visualRect(model.index(i)).top() for i in range(model.rowCount())})
    assert rows[1] - rows[0] >= view.visualRect(model.index(0)).height()  # (no row over the one below)
