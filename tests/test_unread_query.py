"""A query of no word the model knows (an emoji, symbols, a word outside a small vocabulary):
its tokens are only the special ones, so it embedded as the same vector as every other such
query, and the search listed the same moments for each as if they were answers (an uncalibrated
model even without "poor match"). Now it answers nothing and says why."""

from __future__ import annotations

import pytest

from core.cli import main
from core.cli_status import UNREAD
from core.encoders import Encoder
from core.encoders.text_side import load_text_encoder, reads_any
from core.library import VideoLibrary
from core.paths import bundled_models_dir
from core.search import Searcher
from tests.cli_proc import indexed_folder


def test_reads_any_is_any_token_not_special():
    assert reads_any([101, 1037, 102], {100, 101, 102}) and not reads_any([101, 100, 102], {100, 101, 102})
    assert not reads_any([], {0})


@pytest.mark.parametrize("load", [Encoder.load, load_text_encoder], ids=["torch", "text side"])
def test_the_real_models_text_tower_knows_words_not_emoji(load):
    enc = load(bundled_models_dir() / "real")
    for text in ("a dog", "собака", "海", "🐕 at the beach", "DOG!"):
        assert enc.reads(text), text
    for text in ("🐕", "🐕🐈 ✨", "", "   "):
        assert not enc.reads(text), text


def test_a_query_of_no_known_word_finds_nothing_and_says_why(tmp_path, capsys):
    model, videos, lib = indexed_folder(tmp_path)
    with VideoLibrary(lib, read_only=True) as library:
        searcher = Searcher(library, Encoder.load(model))
        assert searcher.text("red") and searcher.reads("red")
        assert searcher.text("🐕") == [] and searcher.text("zebra") == []  # (the tiny vocabulary has no zebra)
    assert main(["search", "🐕", "--library", str(lib), "--model", str(model)]) == 0
    out, err = capsys.readouterr()
    assert out.strip() == "No results." and UNREAD in err
    assert main(["search", "red", "--library", str(lib), "--model", str(model)]) == 0
    out, err = capsys.readouterr()
    assert "1." in out and UNREAD not in err
