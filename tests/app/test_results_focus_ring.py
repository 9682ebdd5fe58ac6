"""The results grid shows that it has the keyboard's focus: the card in hand ringed, dark outside,
light inside. Before, the grid looked the same focused or not (the card in hand is highlighted either way), so a user
tabbing through the window could not tell that the arrow keys would now move through the results."""

from __future__ import annotations

from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QLineEdit, QVBoxLayout, QWidget

from app.results import ResultsModel, ResultsView
from tests.app.test_results import result


def test_the_card_in_hand_has_a_ring_while_the_grid_has_the_focus(qtbot, tmp_path):
    page = QWidget()
    field, view, model = QLineEdit(page), ResultsView(page), ResultsModel()
    view.setModel(model)
    layout = QVBoxLayout(page)
    layout.addWidget(field)
    layout.addWidget(view)
    qtbot.addWidget(page)
    page.resize(700, 500)
    page.show()
    page.activateWindow()
    model.set_results(None, [result(tmp_path / f"{i}.mp4", i * 4.0, 1 - i / 10, offline=True, n=i)
                             for i in range(6)])
    card = view.visualRect(model.index(0))

    def shot():
        return view.viewport().grab().toImage().copy(card)

    field.setFocus()
    qtbot.waitUntil(field.hasFocus, timeout=10_000)
    unfocused = shot()
    view.setFocus()
    qtbot.waitUntil(view.hasFocus, timeout=10_000)
    focused = shot()
    assert focused != unfocused
    # the ring: the card's words' colour (HighlightedText) just inside its edge, down its left side
    ring = view.palette().color(QPalette.ColorRole.HighlightedText)
    x, y = 5, card.height() // 2  # (the card is 2 px inside its cell; the ring 2 px inside the card)

    def near(image) -> bool:
        return any(abs(QColor(image.pixel(x + dx, y)).lightness() - ring.lightness()) < 40 for dx in (-1, 0, 1))

    assert near(focused) and not near(unfocused)
    # and around it the Text colour (dark on a light palette): seen beside a light card too
    dark = view.palette().color(QPalette.ColorRole.Text).lightness()
    assert abs(QColor(focused.pixel(1, y)).lightness() - dark) < 60
    assert abs(QColor(unfocused.pixel(1, y)).lightness() - dark) >= 60
