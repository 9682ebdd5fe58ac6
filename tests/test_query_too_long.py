"""A query longer than the model reads (a pasted paragraph, 10,000 characters) was cut at the
model's text length (64 tokens for the bundled model) without a word: its end, whatever it asked
for, was never searched, and the results looked like answers to all of it. Now the search says
that its end was not searched, quoting it, and that what matters goes first."""

from __future__ import annotations

import pytest

from core.cli import main
from core.encoders import Encoder
from core.encoders.text_side import load_text_encoder
from core.library import VideoLibrary
from core.paths import bundled_models_dir
from core.search import Searcher
from core.search_words import unread_quote, unread_text, unread_words
from tests.cli_proc import indexed_folder

LONG = "a red car on a road " * 20 + "and a green bus"  # 100 words: 102 tokens of MiniLM's


@pytest.mark.parametrize("load", [load_text_encoder, Encoder.load], ids=["text side", "torch"])
def test_the_real_model_says_which_end_of_a_long_query_it_does_not_read(load, tmp_path):
    with VideoLibrary(tmp_path / "lib") as library:
        searcher = Searcher(library, load(bundled_models_dir() / "real"))
        tail = searcher.unread(LONG)
        assert tail.endswith("a road and a green bus") and len(tail.split()) < 100, tail
        assert LONG.endswith(tail)
        assert searcher.unread("a red car on a road") == ""
        assert searcher.unread("🐕 \udcff " * 10) == ""  # (an undecodable byte, as argv gives it, is no error)


def test_the_cli_says_a_long_querys_end_was_not_searched(tmp_path, capsys):
    model, _, lib = indexed_folder(tmp_path)
    query = "red " * 40 + "and the blue one"  # (the test model reads 32 tokens)
    assert main(["search", query, "--library", str(lib), "--model", str(model)]) == 0
    out, err = capsys.readouterr()
    assert "1." in out and "its end was not searched" in err and 'and the blue one")' in err, err
    assert main(["search", "red", "--library", str(lib), "--model", str(model)]) == 0
    out, err = capsys.readouterr()
    assert "1." in out and "not searched" not in err, err
    assert main(["search", query, "--json", "--library", str(lib), "--model", str(model)]) == 0
    assert "not searched" not in capsys.readouterr().err  # (--json: for scripts, stdout alone)


@pytest.mark.parametrize("load", [load_text_encoder, Encoder.load], ids=["text side", "torch"])
def test_a_word_cut_at_the_models_length_is_quoted_whole(load, tmp_path):
    """A query whose 63rd token begins "tokenization" (two WordPieces) was said to have left out
    "ization and a bus"; the word the model did not read whole is quoted whole."""
    with VideoLibrary(tmp_path / "lib") as library:
        searcher = Searcher(library, load(bundled_models_dir() / "real"))
        assert searcher.unread("car " * 61 + "tokenization and a bus") == "tokenization and a bus"
        assert searcher.unread("car " * 62 + "tokenization") == "tokenization"
        assert searcher.unread("車" * 70) == "車" * 8  # (each CJK character a word: cut between them)


def test_the_note_quotes_words_on_one_line_and_none_for_punctuation_alone():
    """A query one full stop past the model's length was told 'its end was not searched (".")';
    a pasted paragraph's line breaks split the note's quote over lines."""
    assert unread_text(".") == "" and unread_text("?! …") == ""
    note = unread_text("the first line\nand the\tsecond\r\n")
    assert '("the first line and the second")' in note and "\n" not in note and "\r" not in note, note
    assert "\\x1b" in unread_text("a bus \x1b[2J")  # (a control character shown as its escape)


def test_the_cli_and_the_app_quote_the_end_from_a_words_start_by_one_rule():
    """The CLI quoted the last 40 characters of the end left out, from inside a word ('…ization
    tokenization and a green bus'), the app from a word's start, each by its own rule: one rule now
    (``unread_quote``, which the app's search worker asks too), words counted without punctuation."""
    tail = "tokenization " * 3 + "and a\ngreen bus"
    assert unread_quote(tail) == "…tokenization and a green bus"  # (not "…okenization tokenization and…")
    assert '("…tokenization and a green bus")' in unread_text(tail)
    assert unread_quote("and a bus") == "and a bus" and unread_quote(" .\n") == ""
    assert unread_quote("x" * 50) == "…" + "x" * 40  # (one word longer than the quote: its end)
    assert unread_words("a bus . — ok!") == 3 and unread_words("?!") == 0
