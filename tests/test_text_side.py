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


def without_save_models_record(folder: Path) -> Path:
    """``folder``'s weights re-saved by another tool (no record of left-out towers): its id is not
    read off its files (``file_ids.derive``), only a load tells it."""
    from safetensors.numpy import load_file, save_file

    save_file(load_file(str(folder / "model.safetensors")), str(folder / "model.safetensors"))
    return folder


def test_an_unknown_model_is_loaded_whole_once_then_its_text_side(tmp_path):
    folder = without_save_models_record(save_tiny_model(tmp_path / "model", seed=1))
    assert model_ids.known(folder, folder) is None
    first = load_text_encoder(folder)  # no id known: the full load, which records it
    assert isinstance(first, Encoder)
    second = load_text_encoder(folder)
    assert second.backend == "numpy" and second.model_id == first.model_id


def refuse_full_loads(monkeypatch):
    def refuse(*a, **k):
        pytest.fail("the whole model was loaded")

    monkeypatch.setattr(Encoder, "load", classmethod(refuse))


@pytest.mark.parametrize("kw", [{}, {"text": "clip_text"}])
def test_a_seekframe_folder_on_a_fresh_cache_loads_only_its_text_side(tmp_path, monkeypatch, kw):
    """The first text search with a model (a fresh cache: no id remembered) loaded it whole, both
    towers and transformers, to learn its id; its id is read off its files instead."""
    folder = save_tiny_model(tmp_path / "model", seed=4, **kw)
    assert model_ids.recall(folder, folder) is None
    refuse_full_loads(monkeypatch)
    refuse_vision(monkeypatch)
    text = load_text_encoder(folder)
    assert getattr(text, "backend", "torch") == ("torch" if kw else "numpy")
    assert model_ids.recall(folder, folder) == text.model_id  # remembered: later searches need no hashing
    got = text.encode_text(QUERIES)
    monkeypatch.undo()
    full = Encoder.load(folder)
    assert text.model_id == full.model_id and text.embed_dim == full.embed_dim
    np.testing.assert_allclose(got, full.encode_text(QUERIES), atol=2e-5)


def test_a_seekframe_folder_on_a_fresh_cache_loads_only_its_video_side(tmp_path, monkeypatch):
    """Indexing with a model for the first time loaded it whole to learn its id (as a search did)."""
    from core.encoders.video_side import load_video_encoder

    folder = save_tiny_model(tmp_path / "model", seed=5)
    refuse_full_loads(monkeypatch)
    video = load_video_encoder(folder)
    assert type(video.model).__name__ == "VisionOnlyModel" and video.model_id == model_ids.recall(folder, folder)
    monkeypatch.undo()
    assert video.model_id == Encoder.load(folder).model_id


@pytest.mark.slow  # a fresh interpreter
def test_the_first_text_search_with_a_bundled_model_imports_no_transformers(tmp_path):
    """On a fresh cache (this test's own) the text side of the bundled model comes without
    transformers: no full load to learn the model's id."""
    code = ("import sys; from core.encoders import load_text_encoder; "
            "from core.model_choice import bundled_demo_model; "
            "e = load_text_encoder(bundled_demo_model()); v = e.encode_text(['a red ball']); "
            "print(e.backend, v.shape, 'transformers' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=dict(os.environ),
                         timeout=120, cwd=Path(__file__).resolve().parent.parent)
    assert out.returncode == 0, out.stderr
    assert out.stdout.split() == ["numpy", "(1,", "256)", "False"], out.stdout


def test_changed_weights_are_never_given_the_old_id(tmp_path):
    folder = save_tiny_model(tmp_path / "model", seed=1)
    old = Encoder.load(folder).model_id
    assert model_ids.recall(folder, folder) == old
    save_tiny_model(folder, seed=2)  # the same folder, retrained: other weights
    assert model_ids.recall(folder, folder) is None
    new = load_text_encoder(folder)
    assert new.model_id != old and new.model_id == Encoder.load(folder).model_id  # (read off the new files)
    assert load_text_encoder(folder).model_id == new.model_id
    without_save_models_record(folder)  # other files again, whose id only a load tells
    assert model_ids.recall(folder, folder) is None
    assert isinstance(load_text_encoder(folder), Encoder)  # loaded whole: never an id remembered for others


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


def test_texts_are_encoded_shortest_first_and_given_back_in_the_callers_order():
    """A batch pads to its longest text: texts of several batches go shortest first (a label bank's
    prompts in their order ran nearly twice the tokens), each vector back at its text's place."""
    import numpy as np

    from core.encoders.text_side import encode_in_batches

    texts, batches = ["a" * k for k in (5, 1, 9, 3, 7)], []

    def encode(batch):
        batches.append([len(t) for t in batch])
        return np.array([[len(t)] for t in batch], np.float32)

    got = encode_in_batches(texts, 2, 1, encode)
    assert got.ravel().tolist() == [5, 1, 9, 3, 7] and got.dtype == np.float32
    assert batches == [[1, 3], [5, 7], [9]]
