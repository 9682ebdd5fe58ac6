"""One name for one model: the welcome page said "Your videos are searched with Seekframe everyday
scenes (bundled)", and the model dialog, for the same model, "The library was indexed with
Seekframe real-footage model (bundled)" above a list entry of that name, its details below saying
"Seekframe everyday scenes (bundled): …" again."""

from __future__ import annotations

import pytest

from app.model_dialog import ModelDialog, known_hub_models
from app.requests import ModelOption
from app.welcome import WelcomePage
from app.wiring.models import model_entries
from core.encoders.card import read_card
from core.model_choice import bundled_demo_model, bundled_real_model


def test_the_dialog_names_the_bundled_models_as_their_cards_and_the_welcome_page_do(qtbot):
    real, demo = bundled_real_model(), bundled_demo_model()
    if real is None or demo is None:
        pytest.skip("no bundled models")
    cards = {str(real): read_card(real), str(demo): read_card(demo)}
    entries = model_entries([ModelOption("bundled", str(real)), ModelOption("demo", str(demo)),
                             ModelOption("exported", "/models/student-1")], known_hub_models(), cards)
    labels = {e.source: e.label for e in entries}
    assert labels[str(real)] == cards[str(real)].title
    assert labels[str(demo)] == cards[str(demo)].title
    assert labels["/models/student-1"] == "student-1"  # no card read: its folder's name
    welcome = WelcomePage()
    qtbot.addWidget(welcome)
    welcome.set_model_card(cards[str(real)])
    title = cards[str(real)].title
    assert f"searched with {title}:" in welcome.model_text()
    d = ModelDialog(entries, str(real), 6)
    qtbot.addWidget(d)
    assert d._intro.text().startswith(f"The library was indexed with {title};")
    assert d._list.item(0).text().startswith(title)
    assert d.shown_card_text().startswith(f"{title}:")
