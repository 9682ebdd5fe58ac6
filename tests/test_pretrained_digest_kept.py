"""A pretrained tower's digest (what ``save_model`` compares to leave an unchanged tower out) is hashed once a
process for the same folder: a training run built MiniLM 18 times (the teacher, each student, their loads) and
hashed its 90 MB each time (~0.1 s). A folder rewritten since, or a build that drew weights at random (a BERT
folder without its pooler: transformers draws one), is hashed again, as before."""

from __future__ import annotations

import os

import pytest
import torch
from safetensors.torch import load_file, save_file

from core.encoders import build_model, model as model_mod, save_model
from tests.models import tiny_config, tiny_text_spec


def _bert_folder(folder, seed: int = 0):
    """A tiny BERT folder as transformers saves one (config.json, model.safetensors, its pooler included)."""
    from transformers import AutoConfig, AutoModel

    spec = dict(tiny_text_spec("bert_mean")["config"])
    cfg = AutoConfig.for_model(spec.pop("model_type"), **spec)
    with torch.random.fork_rng(devices=[]):
        torch.manual_seed(seed)
        AutoModel.from_config(cfg).save_pretrained(str(folder))
    return folder


def _config(folder) -> dict:
    config = tiny_config()
    config["text"] = {"type": "bert_mean", "pretrained": str(folder), "config": None, "max_length": 32}
    return config


@pytest.fixture
def hashed(monkeypatch):
    """The towers ``state_digest`` hashed (by their class), counted."""
    seen = []
    real = model_mod.state_digest

    def counting(module, *a, **k):
        seen.append(type(module).__name__)
        return real(module, *a, **k)

    monkeypatch.setattr(model_mod, "state_digest", counting)
    monkeypatch.setattr(model_mod, "_DIGESTS", {}, raising=False)  # (none kept from other tests)
    return seen


def test_the_same_folder_is_hashed_once_and_its_digest_is_the_towers(tmp_path, hashed):
    folder = _bert_folder(tmp_path / "bert")
    models = [build_model(_config(folder)) for _ in range(3)]
    assert hashed == ["BertMeanTower"]
    for m in models:
        assert m.pretrained_digests["text"] == model_mod.state_digest(m.text)
    saved = save_model(models[2], None, tmp_path / "m", omit_pretrained="unchanged")  # (left out, as before)
    assert not any(k.startswith("text.") for k in load_file(str(saved / "model.safetensors")))


def test_a_folder_rewritten_since_is_hashed_again(tmp_path, hashed):
    folder = _bert_folder(tmp_path / "bert")
    first = build_model(_config(folder)).pretrained_digests["text"]
    _bert_folder(folder, seed=1)  # (other weights, the same names and sizes)
    st = os.stat(folder / "model.safetensors")
    os.utime(folder / "model.safetensors", ns=(st.st_atime_ns, st.st_mtime_ns + 1))
    again = build_model(_config(folder))
    assert len(hashed) == 2 and again.pretrained_digests["text"] != first
    assert again.pretrained_digests["text"] == model_mod.state_digest(again.text)


def test_a_build_that_draws_weights_at_random_is_hashed_each_time(tmp_path, hashed):
    folder = _bert_folder(tmp_path / "bert")
    weights = folder / "model.safetensors"
    save_file({k: v for k, v in load_file(str(weights)).items() if not k.startswith("pooler.")}, str(weights))
    models = [build_model(_config(folder)) for _ in range(2)]
    assert hashed == ["BertMeanTower", "BertMeanTower"]
    for m in models:  # (each its own pooler: a digest of another's would keep it whole at save)
        assert m.pretrained_digests["text"] == model_mod.state_digest(m.text)
