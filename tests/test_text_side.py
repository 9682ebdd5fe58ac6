"""A model's text side loaded alone (issue 11 point 16, issue 12 point 4): what a text search
needs, without the vision tower, giving the full model's vectors and id."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from core.encoders import Encoder, load_text_encoder, model_ids
from core.encoders.registry import VISION_TOWERS
from core.model_choice import bundled_demo_model, bundled_real_model
from tests.models import save_tiny_hf_clip, save_tiny_model

QUERIES = ["a red ball moving left", "A BLUE square, on the beach!", "naïve café — über 🐶",
           "zzz unknown words here", "red " * 80, ""]


def refuse_vision(monkeypatch):
    """From here on every vision tower builder fails: a text-only load must never construct one."""
    for name in list(VISION_TOWERS):
        monkeypatch.setitem(VISION_TOWERS, name, lambda *a, **k: pytest.fail("a vision tower was built"))


@pytest.mark.slow  # each bundled model loaded whole
@pytest.mark.parametrize("which", ["real", "demo"])
def test_bundled_models_text_side_is_numpy_and_equal_to_the_full_model(which, monkeypatch):
    source = {"real": bundled_real_model, "demo": bundled_demo_model}[which]()
    full = Encoder.load(source)  # records the model id, as a first index does
    expected = full.encode_text(QUERIES)
    refuse_vision(monkeypatch)
    text = load_text_encoder(source)
    assert text.backend == "numpy" and text.model_id == full.model_id
    assert (text.embed_dim, text.card) == (full.embed_dim, full.card)
    got = text.encode_text(QUERIES)
    assert got.dtype == np.float32 and got.shape == expected.shape
    np.testing.assert_allclose(got, expected, atol=2e-5)
    np.testing.assert_allclose(text.encode_text(QUERIES[:1]), expected[:1], atol=2e-5)  # one query alone
    assert text.encode_text([]).shape == (0, full.embed_dim)


@pytest.mark.parametrize("kw,backend", [({}, "numpy"), ({"vision": "clip_vision", "temporal": "transformer"}, "numpy"),
                                        ({"text": "clip_text"}, "torch")])
def test_tiny_models_text_side_equals_the_full_model(tmp_path, monkeypatch, kw, backend):
    folder = save_tiny_model(tmp_path / "model", seed=3, **kw)
    full = Encoder.load(folder)
    refuse_vision(monkeypatch)
    text = load_text_encoder(folder)
    assert getattr(text, "backend", "torch") == backend and text.model_id == full.model_id
    np.testing.assert_allclose(text.encode_text(QUERIES), full.encode_text(QUERIES), atol=2e-5)
    if backend == "torch":  # the text tower and its projection alone
        assert not any(k.startswith(("vision", "temporal")) for k in text.model.state_dict())


def test_a_clip_folder_loads_only_its_text_model(tmp_path, monkeypatch):
    folder = save_tiny_hf_clip(tmp_path / "clip")
    full = Encoder.load(folder)
    refuse_vision(monkeypatch)
    text = load_text_encoder(folder)
    assert type(text.model).__name__ == "TextOnlyModel" and text.model_id == full.model_id
    assert not any(k.startswith("vision") for k in text.model.state_dict())
    np.testing.assert_allclose(text.encode_text(QUERIES), full.encode_text(QUERIES), atol=1e-5)


def test_an_unknown_model_is_loaded_whole_once_then_its_text_side(tmp_path):
    folder = save_tiny_model(tmp_path / "model", seed=1)
    first = load_text_encoder(folder)  # no id known: the full load, which records it
    assert isinstance(first, Encoder)
    second = load_text_encoder(folder)
    assert second.backend == "numpy" and second.model_id == first.model_id


def test_changed_weights_are_never_given_the_old_id(tmp_path):
    folder = save_tiny_model(tmp_path / "model", seed=1)
    old = Encoder.load(folder).model_id
    assert model_ids.recall(folder, folder) == old
    save_tiny_model(folder, seed=2)  # the same folder, retrained: other weights
    assert model_ids.recall(folder, folder) is None
    new = load_text_encoder(folder)
    assert isinstance(new, Encoder) and new.model_id != old  # loaded whole: the new id
    assert load_text_encoder(folder).model_id == new.model_id


@pytest.mark.slow  # a fresh interpreter
def test_the_text_side_of_a_bundled_model_imports_no_torch(tmp_path):
    source = bundled_demo_model()
    Encoder.load(source)  # its id, remembered in this test's cache folder
    code = ("import sys; from core.encoders import load_text_encoder; "
            f"e = load_text_encoder({str(source)!r}); v = e.encode_text(['a red ball']); "
            "heavy = [m for m in ('torch', 'transformers', 'cv2', 'av', 'lancedb') if m in sys.modules]; "
            "print(e.backend, v.shape, heavy)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=dict(os.environ),
                         timeout=120, cwd=Path(__file__).resolve().parent.parent)
    assert out.returncode == 0, out.stderr
    assert out.stdout.split() == ["numpy", "(1,", "256)", "[]"], out.stdout
