"""A query of punctuation alone ("???", "...", "—") holds no word to search by, yet a WordPiece
vocabulary has a token for each mark, so the model took it for words and the search listed
"poor match" moments as its answers; now it answers nothing and says why, as a query of an emoji
the model does not know does. A query in another script, of digits, or with punctuation around
its words is still a query."""

from __future__ import annotations

import pytest

from core.cli import main
from core.cli_status import UNREAD
from core.encoders import Encoder
from core.encoders.text_side import load_text_encoder
from core.library import VideoLibrary
from core.paths import bundled_models_dir
from core.search import Searcher
from core.search_words import reads, word_text
from tests.cli_proc import indexed_folder

NO_WORDS = ["???", "...", "—", "!?", " - ", "«»", "+", "$", "→", "\u200d", "🙂", "🙂?", "🐕 … ¡"]
WORDS = ["2019", "собака", "海", "مرحبا", "DOG!", "a dog?", "...dog", "café", "cafe\u0301", "🐕 at the beach"]


def test_punctuation_and_such_symbols_leave_no_word_text():
    assert [word_text(q) for q in ("???", "—", "dog!", "🙂?", "a-b")] == ["", "", "dog", "🙂", "a b"]
    for q in NO_WORDS[:-3]:  # (without a model, an emoji may be a word: a multilingual vocabulary's)
        assert not reads(q), q
    for q in WORDS + ["🙂", "♥"]:
        assert reads(q), q
    asked = []
    assert not reads("🙂?", lambda text: asked.append(text) or False) and asked == ["🙂"]  # (the mark not counted)
    assert not reads("???", lambda text: asked.append(text) or True) and asked == ["🙂"]  # (no model asked)


@pytest.mark.parametrize("load", [load_text_encoder, Encoder.load], ids=["text side", "torch"])
def test_the_real_model_reads_no_word_in_punctuation_but_does_in_any_script(load, tmp_path):
    with VideoLibrary(tmp_path / "lib") as library:  # (a new library: no model bound yet)
        searcher = Searcher(library, load(bundled_models_dir() / "real"))
        for q in NO_WORDS:
            assert not searcher.reads(q), q
        for q in WORDS:
            assert searcher.reads(q), q


def test_a_punctuation_query_finds_nothing_and_says_why(tmp_path, capsys):
    model, _, lib = indexed_folder(tmp_path)
    for q in ("???", "...", "—"):
        assert main(["search", q, "--library", str(lib), "--model", str(model)]) == 0
        out, err = capsys.readouterr()
        assert out.strip() == "No results." and UNREAD in err, (q, out, err)
    assert main(["search", "red!", "--library", str(lib), "--model", str(model)]) == 0
    out, err = capsys.readouterr()
    assert "1." in out and UNREAD not in err
