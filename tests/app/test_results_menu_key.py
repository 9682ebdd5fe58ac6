"""The menu key and Shift+F10 on the results grid open the menu of the card in hand, at that card:
Qt's keyboard menu event names the grid's middle, and the menu was of whatever card lay there
(made current: "Find similar clips" of another clip), or none opened over a gap."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QContextMenuEvent
from PySide6.QtWidgets import QApplication

from tests.app.test_results import grid


@pytest.mark.parametrize("row", [0, 7, 45])  # the first card, one in view, one scrolled out of view
@pytest.mark.parametrize("how", ["menu key", "shift+f10"])
def test_the_menu_keys_open_the_current_cards_menu_at_that_card(qtbot, tmp_path, row, how):
    model, view, rows = grid(qtbot, tmp_path)
    model.set_results(None, rows)
    view.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
    asked = []
    view.customContextMenuRequested.connect(lambda pos: asked.append(view.indexAt(pos)))
    view.setFocus()
    view.setCurrentIndex(model.index(row))
    if how == "menu key":  # as the system sends it: a menu event to the focused widget, at its middle
        middle = view.rect().center()
        QApplication.sendEvent(view, QContextMenuEvent(QContextMenuEvent.Reason.Keyboard, middle,
                                                       view.mapToGlobal(middle)))
    else:
        qtbot.keyClick(view, Qt.Key.Key_F10, Qt.KeyboardModifier.ShiftModifier)
    assert [i.row() for i in asked] == [row]  # the menu of the card in hand, at it
    assert view.currentIndex().row() == row  # (no other card made current)
    assert view.viewport().rect().contains(view.visualRect(model.index(row)).center())  # in view
