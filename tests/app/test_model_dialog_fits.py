"""The model dialog shows what the selected model knows in full: the bundled model's card (what it
finds well and what it is weak at) was cut off at the dialog's bottom, its "Weak at" line never
seen, and the list of models had room for one of them."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QEvent, Qt
from PySide6.QtWidgets import QApplication

from app.model_dialog import ModelDialog, ModelEntry, known_hub_models
from core.encoders.card import CLIP_CARD, read_card
from core.model_choice import bundled_demo_model, bundled_real_model


def settle():
    QApplication.sendPostedEvents(None, QEvent.Type.LayoutRequest)
    QApplication.processEvents()


@pytest.fixture
def dialog(qtbot):
    real, demo = bundled_real_model(), bundled_demo_model()
    if real is None or demo is None:
        pytest.skip("no bundled models")
    entries = [ModelEntry("bundled", str(real), "Seekframe real-footage model (bundled)",
                          "for your own videos; works offline", card=read_card(real)),
               ModelEntry("demo", str(demo), "Seekframe demo model (bundled)",
                          "made for the generated demo clips (the demo library)", card=read_card(demo)),
               *(ModelEntry(e.kind, e.source, e.label, e.detail, e.needs_download, CLIP_CARD)
                 for e in known_hub_models())]
    d = ModelDialog(entries, str(real), 6)
    qtbot.addWidget(d)
    d.show()
    qtbot.waitExposed(d)
    settle()
    return d


def test_the_selected_models_card_is_shown_whole_and_the_list_shows_more_than_one_model(dialog):
    d = dialog
    for row in range(d._list.count()):
        d._list.setCurrentRow(row)
        settle()
        card = d._card
        assert d.shown_card_text(), row
        assert "Weak at:" in d.shown_card_text()
        needed = card.heightForWidth(card.width())
        assert card.height() >= needed, (
            f"row {row}: the card is {card.height()} px high, its text needs {needed}: its end is cut off")
        assert card.geometry().bottom() <= d.height(), row
        # at least two models can be seen in the list at once
        second = d._list.visualItemRect(d._list.item(1))
        assert second.bottom() <= d._list.viewport().height(), f"row {row}: the list shows one model only"
