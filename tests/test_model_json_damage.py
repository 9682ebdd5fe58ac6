"""A model folder whose JSON files are damaged or crafted (cut short, or lists nested thousands
deep: Python's parser then raises RecursionError, no ValueError) is refused with a ModelError
naming the file: ``seekframe search --model DIR`` said "an unexpected error ..., a fault of
Seekframe's" with a traceback for each of these (the text side's tokenizer reader, the model-id
fingerprint, the tokenizer's custom-code check) and a damaged card.json, which reads as no card,
stopped the load the same way."""

from __future__ import annotations

import shutil

import pytest

from core.encoders.card import UNKNOWN_CARD, read_card
from core.encoders.encoder import Encoder
from core.encoders.text_side import load_text_encoder
from core.errors import ModelError

NESTED = "[" * 100_000 + "]" * 100_000


@pytest.fixture
def model(tmp_path, colour_model):
    return shutil.copytree(colour_model, tmp_path / "model")


@pytest.mark.parametrize("name, text", [("tokenizer.json", "{"), ("tokenizer.json", NESTED),
                                        ("tokenizer_config.json", NESTED), ("config.json", NESTED)])
def test_a_damaged_json_file_is_refused_by_name(model, name, text):
    (model / name).write_text(text)
    with pytest.raises(ModelError) as err:
        load_text_encoder(model)
    assert name in str(err.value), err.value


def test_the_tokenizer_config_nested_deep_is_refused_by_a_full_load(model):
    (model / "tokenizer_config.json").write_text(NESTED)
    with pytest.raises(ModelError) as err:
        Encoder.load(model)
    assert "tokenizer" in str(err.value), err.value


def test_a_card_nested_deep_reads_as_no_card(model):
    (model / "card.json").write_text(NESTED)
    assert read_card(model) is UNKNOWN_CARD
    assert load_text_encoder(model).card is UNKNOWN_CARD
