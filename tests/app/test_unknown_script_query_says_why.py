"""A query of letters the model does not read (Georgian "ძაღლი", runes, one word over the 100
characters its WordPiece tokenizer takes) finds nothing, rightly. `seekframe search` says why
(``core.search_words.no_words_text``: it does not read that script, or a word that long, d99a53b)
but the window still said the emoji text ("it does not know emoji or symbols like these ... not
🐶🏖️") of a query holding no emoji at all. Now the grid says what the command line says, of each
query; an emoji alone is still told the emoji text."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from app.requests import NO_WORDS
from core.cli import main
from tests.app.conftest import SESSION_TIMEOUT_MS

LETTERS = ["ძაღლი", "ᚠᚢᚦ", "x" * 101]
EMOJI = "🐶🏖️"


def _cli_says(capsys, query: str, library, model) -> str:
    assert main(["search", query, "--library", str(library), "--model", model]) == 0
    out, err = capsys.readouterr()
    assert out.strip() == "No results.", out
    return err.strip().splitlines()[-1]


def _search(qtbot, window, query: str, said: str) -> None:
    field = window.search_panel.field
    field.setText(query)  # (pasted)
    qtbot.keyClick(field, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: window.results_model.request is not None
                    and window.results_model.request.query == query, timeout=SESSION_TIMEOUT_MS)
    qtbot.waitUntil(lambda: window.results_view.empty_text == said, timeout=SESSION_TIMEOUT_MS)
    assert window.results_model.rowCount() == 0


@pytest.mark.slow  # (6.6 s under load)
def test_a_query_in_a_script_the_model_does_not_read_says_so_in_the_window_as_in_the_cli(
        qtbot, make_app_window, demo_library, demo_model, capsys):
    said = {q: _cli_says(capsys, q, demo_library, demo_model) for q in [*LETTERS, EMOJI]}
    assert said[EMOJI] == NO_WORDS
    for q in LETTERS:
        assert "does not read that script, or a word that long" in said[q] and "emoji" not in said[q], said[q]

    window = make_app_window(demo_library)
    window.show_search()
    for q in LETTERS:
        _search(qtbot, window, EMOJI, NO_WORDS)  # (the emoji text first: each query's text must replace it)
        _search(qtbot, window, q, said[q])
