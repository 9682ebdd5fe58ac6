"""Indexing loads a model's video side alone (``core.encoders.video_side``): the same vectors as the
whole model, no text tower nor transformers in memory, the text side on first use of a text, and
the whole model the first time its files are used when only a load tells its id (a Seekframe
folder's id is read off its files: ``file_ids``)."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from core.cli_models import DeferredEncoder
from core.encoders import Encoder
from core.encoders.folder import load_model
from core.encoders.model import VideoTextModel, VisionOnlyModel
from core.encoders.video_side import load_video_encoder
from core.errors import ModelError
from tests.cli_zygote import MODEL_PRELOAD, start_probe
from tests.models import save_tiny_model

ROOT = Path(__file__).resolve().parent.parent
SHIPPED = ROOT / "core" / "resources" / "models"


def moments(enc, n=3, seed=0):
    rng = np.random.default_rng(seed)
    return rng.integers(0, 256, (n, enc.frames_per_moment, enc.image_size, enc.image_size, 3), dtype=np.uint8)


@pytest.mark.parametrize("name", ["demo", "real"])
def test_the_video_side_of_a_shipped_model_embeds_as_the_whole_model(name):
    full = Encoder.load(SHIPPED / name)
    model, tokenizer, _ = load_model(SHIPPED / name, vision_only=True)
    assert isinstance(model, VisionOnlyModel) and tokenizer is None
    assert not any(k.startswith(("text.", "text_proj.")) for k in model.state_dict())
    half = Encoder(model, None, device="cpu")
    x = moments(full)
    np.testing.assert_array_equal(half.encode_moments(x), full.encode_moments(x))
    assert (model.resize, model.loop_filter_gop_s) == (full.model.resize, full.model.loop_filter_gop_s)


def unknown_model(folder: Path) -> Path:
    """A tiny model folder whose weights another tool re-saved (no record of left-out towers):
    its id is not read off its files, only a load tells it."""
    from safetensors.numpy import load_file, save_file

    save_tiny_model(folder)
    save_file(load_file(str(folder / "model.safetensors")), str(folder / "model.safetensors"))
    return folder


def test_the_first_load_is_whole_then_the_video_side_with_the_remembered_id(tmp_path):
    folder = unknown_model(tmp_path / "m")
    first = load_video_encoder(folder)
    assert isinstance(first.model, VideoTextModel)  # the id is not known yet: computed, remembered
    half = load_video_encoder(folder)
    assert isinstance(half.model, VisionOnlyModel) and half.model_id == first.model_id
    x = moments(first)
    np.testing.assert_array_equal(half.encode_moments(x), first.encode_moments(x))
    texts = ["a red ball", "a blue car on a street"]
    np.testing.assert_allclose(half.encode_text(texts), first.encode_text(texts), atol=1e-5)  # its text side
    with pytest.raises(ModelError, match="only one side of the model"):
        half.save(tmp_path / "copy")


def test_a_text_side_of_other_weights_is_refused(tmp_path):
    folder = save_tiny_model(tmp_path / "m")
    load_video_encoder(folder)
    half = load_video_encoder(folder)
    save_tiny_model(folder, seed=1)  # the files change under the running index
    load_video_encoder(folder)  # (its new id remembered)
    with pytest.raises(ModelError, match="changed while it was in use"):
        half.encode_text(["a red ball"])


def test_the_index_command_loads_the_video_side(tmp_path):
    folder = save_tiny_model(tmp_path / "m")
    Encoder.load(folder)  # a search, the app or an earlier index: the id is remembered
    enc = DeferredEncoder(str(folder), "cpu")
    assert not enc.loaded and enc.model_id
    assert isinstance(enc.load().model, VisionOnlyModel) and enc.load().model_id == enc.model_id


CHILD = r"""
import sys, numpy as np
from core.encoders.video_side import load_video_encoder
enc = load_video_encoder(sys.argv[1])
x = np.zeros((1, enc.frames_per_moment, enc.image_size, enc.image_size, 3), np.uint8)
enc.encode_moments(x)
with open(sys.argv[2], "w") as f:
    print(type(enc.model).__name__, "transformers" in sys.modules, file=f)
"""


@pytest.mark.slow  # a process of its own loading the real-footage model
def test_indexing_with_the_real_model_never_imports_transformers(tmp_path, monkeypatch):
    monkeypatch.setenv("SEEKFRAME_CACHE", str(tmp_path / "cache"))
    Encoder.load(SHIPPED / "real")  # a search, the app or an earlier index (here: this process) used it
    # (forked from tests.cli_zygote's warm parent that took torch and the encoders, not transformers: had it
    # taken it, the child would say True)
    # (its answer written to a file: a line a thread prints at its exit cannot take the answer's place)
    child = start_probe(CHILD, SHIPPED / "real", tmp_path / "said", timeout=300, preload=MODEL_PRELOAD)
    _, err = child.communicate()
    child.stderr.close()
    assert child.returncode == 0, err
    assert (tmp_path / "said").read_text().split() == ["VisionOnlyModel", "False"], err
    assert json.loads((tmp_path / "cache" / "model-ids.json").read_text())  # (what made it possible)


def test_a_cluster_worker_loads_the_video_side(tmp_path):
    from core.cluster import load_encoder

    folder = unknown_model(tmp_path / "m")
    whole = load_encoder(str(folder))  # this machine's first use of the files
    assert isinstance(whole.model, VideoTextModel)
    half = load_encoder(str(folder))
    assert isinstance(half.model, VisionOnlyModel) and half.model_id == whole.model_id
