"""A model folder whose tokenizer.json is larger than any tokenizer (a damaged copy, a file put in its
place; sparse here, so the test costs nothing): transformers' reader took it whole before it said
anything (300 MB: 57 s and 1 GB of memory, then "Extra data: line 228"), where every other file of a
model folder is refused over 256 MB (``core.json_text.MAX_BYTES``). It is refused by its size now,
in words that name it, before transformers is asked."""

from __future__ import annotations

import os
import shutil

import pytest

transformers = pytest.importorskip("transformers")

from core.encoders.folder import load_model  # noqa: E402
from core.errors import ModelError  # noqa: E402


def test_a_tokenizer_json_too_large_is_refused_before_transformers_reads_it(tmp_path, colour_model, monkeypatch):
    model = shutil.copytree(colour_model, tmp_path / "model")
    os.truncate(model / "tokenizer.json", 300_000_000)  # (its JSON, then 300 MB of a hole)
    asked = []
    monkeypatch.setattr(transformers.AutoTokenizer, "from_pretrained",
                        lambda *a, **k: asked.append(a) or pytest.fail("transformers was asked to read it"))
    # (its size as `seekframe status`, the window and a model's other JSON files say one, 1000 a step: it said
    # "286 MB", 1024 a step, json_text's "300.0 MB" of a config.json of the same size)
    with pytest.raises(ModelError, match=r"its tokenizer\.json is 300\.0 MB, too large for a model's tokenizer file"):
        load_model(model)
    assert asked == []


def test_a_tokenizer_of_a_usual_size_still_loads(tmp_path, colour_model):
    model = shutil.copytree(colour_model, tmp_path / "model")
    _, tok, _ = load_model(model)
    assert len(tok) > 5
