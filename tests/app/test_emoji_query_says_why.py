"""A query of emoji alone ("🐶🏖️") is refused, rightly: the bundled towers' WordPiece vocabularies
read every emoji as their unknown token, so its vector is that of any query about nothing. But the
window and ``seekframe search`` said so in two different texts, neither saying what to type
instead beyond "in words": now both say the one text (``core.search_words.NO_WORDS_TEXT``): that
the model knows no such emoji or symbol, and an example of a query in words."""

from __future__ import annotations

from PySide6.QtCore import Qt

from core.cli import main
from core.encoders.text_side import load_text_encoder
from core.model_choice import bundled_demo_model, bundled_real_model
from tests.app.conftest import SESSION_TIMEOUT_MS

EMOJI = "🐶🏖️"


def test_the_bundled_towers_know_no_emoji():
    for source in (bundled_demo_model(), bundled_real_model()):
        encoder = load_text_encoder(str(source))
        assert not encoder.reads(EMOJI) and not encoder.reads("🐕")  # (each an unknown token)
        assert encoder.reads("dog 🐶")  # (a word with it: searched by the word)


def test_an_emoji_query_says_why_and_what_to_type_in_the_window_as_in_the_cli(
        qtbot, make_app_window, demo_library, demo_model, capsys):
    assert main(["search", EMOJI, "--library", str(demo_library), "--model", demo_model]) == 0
    out, err = capsys.readouterr()
    assert out.strip() == "No results."
    said = err.strip().splitlines()[-1]
    assert "emoji" in said and "in words" in said and "e.g. “" in said, said

    window = make_app_window(demo_library)
    window.show_search()
    field = window.search_panel.field
    field.setText(EMOJI)  # (pasted: QTest cannot type a character outside the BMP)
    qtbot.keyClick(field, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: window.results_model.request is not None
                    and window.results_model.request.query == EMOJI, timeout=SESSION_TIMEOUT_MS)
    qtbot.waitUntil(lambda: window.results_view.empty_text == said, timeout=SESSION_TIMEOUT_MS)
    assert window.results_model.rowCount() == 0
