"""A query whose words the model does not know as letters, not emoji: a script its vocabulary
lacks (Georgian "ძაღლი", runes), or one word longer than its tokenizer takes (WordPiece reads a
word of over 100 characters as its unknown token). The search rightly finds nothing, but said
"this model reads no word in that query (it does not know emoji or symbols like these, and
punctuation is no word) ... not 🐶🏖️" of a query holding neither emoji, symbols nor punctuation.
Now such a query is told that the model does not read that script or a word that long; emoji,
symbols and punctuation alone are told as before."""

from __future__ import annotations

import pytest

from core.cli import main
from core.search_words import NO_WORDS_TEXT, no_words_text
from tests.cli_proc import indexed_folder

LETTERS = ["ძაღლი", "ᚠᚢᚦ", "x" * 101, "ძაღლი 🐶?", "x" * 10240]


def test_what_is_said_of_a_query_of_no_word_the_model_reads():
    for q in LETTERS:
        said = no_words_text(q)
        assert said != NO_WORDS_TEXT and "emoji" not in said and "script" in said and "long" in said, q
    for q in ["🐶🏖️", "???", "—", "♥", "+", "\u0301"]:
        assert no_words_text(q) == NO_WORDS_TEXT, q


@pytest.fixture(scope="module")
def library(tmp_path_factory):
    return indexed_folder(tmp_path_factory.mktemp("unknown_script"))


@pytest.mark.parametrize("query", LETTERS[:3])
def test_search_in_a_script_the_model_does_not_read_says_so(library, capsys, query):
    model, _, lib = library
    assert main(["search", query, "--library", str(lib), "--model", str(model)]) == 0
    out, err = capsys.readouterr()
    assert out.strip() == "No results.", out
    assert "emoji" not in err and "does not read that script, or a word that long" in err, err


def test_search_of_emoji_alone_is_told_as_before(library, capsys):
    model, _, lib = library
    assert main(["search", "🐶🏖️", "--library", str(lib), "--model", str(model)]) == 0
    out, err = capsys.readouterr()
    assert out.strip() == "No results." and NO_WORDS_TEXT in err, err
