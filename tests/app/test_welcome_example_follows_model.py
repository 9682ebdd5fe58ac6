"""The welcome page's own example, "a dog on the beach", was offered whatever the model (s55 G audit):
typed into the demo library it gave "No strong match", as the demo model knows only coloured shapes.
Each example the page offers now comes from what the model it speaks of knows (its card's domain,
``app.search_hints.example_query``, which the search field and the empty grid follow too): the demo's
note offers a demo query, the intro one for the model your videos get. And what that model can do is
read down the page, left-aligned, one item a line (a dense centred block before)."""

from __future__ import annotations

from PySide6.QtCore import Qt

from app.search_hints import GENERATED_EXAMPLE, REAL_EXAMPLE
from app.welcome import DEMO_NOTE, WelcomePage
from core.encoders.card import ModelCard

SHAPES = ModelCard(title="Shapes model", summary="a generated world of coloured shapes", domain="generated",
                   good_at=("coloured shapes",), weak_at=("real footage",))
REAL = ModelCard(title="Real-footage model", summary="objects and scenes of 1,000 everyday categories",
                 domain="real", good_at=("vehicles (cars, trucks, buses, trains, boats, planes, bicycles)", "animals"),
                 weak_at=("actions and motion (it judges still frames)",))


def test_the_demo_note_offers_a_query_the_demo_model_finds():
    from core.demo import DEMO_QUERIES

    assert GENERATED_EXAMPLE == DEMO_QUERIES[0].query  # (the demo's own first query)
    assert f"“{GENERATED_EXAMPLE}”" in DEMO_NOTE and "dog" not in DEMO_NOTE


def test_the_intros_example_follows_the_model_your_videos_get(qtbot):
    page = WelcomePage()
    qtbot.addWidget(page)
    page.set_model_card(SHAPES)  # (a library of the user's on a model of the generated world)
    assert f"“{GENERATED_EXAMPLE}”" in page._intro.text() and "dog" not in page._intro.text()
    page.set_model_card(REAL)
    assert f"“{REAL_EXAMPLE}”" in page._intro.text()


def test_what_the_model_can_do_is_a_left_aligned_list(qtbot):
    page = WelcomePage()
    qtbot.addWidget(page)
    page.resize(1280, 800)
    page.show()
    page.set_model_card(REAL)
    label = page._model
    assert label.alignment() & Qt.AlignmentFlag.AlignLeft and not label.alignment() & Qt.AlignmentFlag.AlignHCenter
    lines = page.model_text().split("\n")
    assert lines[0] == "Your videos are searched with Real-footage model: objects and scenes of 1,000 everyday categories."
    assert lines[1:] == ["", "Finds well:", "• vehicles (cars, trucks, buses, trains, boats, planes, bicycles)",
                         "• animals", "", "Weak at:", "• actions and motion (it judges still frames)"]
    assert label.maximumWidth() <= label.fontMetrics().averageCharWidth() * 70  # (short lines)
