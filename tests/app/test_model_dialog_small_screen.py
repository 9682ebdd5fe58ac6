"""The model dialog on a small screen (a 1280 x 720 laptop at 150 %: 853 x 480 px to lay out):
the dialog kept its 90 characters' width and grew as tall as the screen let it, the selected
model's card took 13 lines and the list of models the rest: one model and a half, the next cut
through its lines. It now widens, up to the screen's width, while it needs more height than the
screen has: the card takes fewer lines and the list shows two models or more, whole."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QRect

from app.model_dialog import ModelDialog
from tests.app.test_model_dialog_fits import settle
from tests.app.test_model_dialog_fits import dialog as big_dialog  # noqa: F401 (its entries)


class SmallScreen:
    """A screen of 780 x 480 px available (the offscreen test screen is 800 x 800)."""

    def availableGeometry(self) -> QRect:  # noqa: N802 - Qt's name
        return QRect(0, 0, 780, 480)


@pytest.fixture
def small(monkeypatch, qtbot, request):
    monkeypatch.setattr(ModelDialog, "screen", lambda self: SmallScreen())
    return request.getfixturevalue("big_dialog")


def test_on_a_small_screen_the_dialog_widens_and_shows_two_models_and_the_whole_card(small):
    d = small
    screen = SmallScreen().availableGeometry()
    for row in range(d._list.count()):
        d._list.setCurrentRow(row)
        settle()
        assert d.width() <= screen.width() and d.height() <= screen.height(), d.size()
        card = d._card
        assert "Weak at:" in d.shown_card_text()
        assert card.height() >= card.heightForWidth(card.width()), row  # the card whole
        view = d._list.viewport().rect()
        d._list.scrollToItem(d._list.item(row))
        shown = [i for i in range(d._list.count()) if view.contains(d._list.visualItemRect(d._list.item(i)))]
        assert len(shown) >= 2, (row, shown, d.size())
