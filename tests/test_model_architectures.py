"""core.encoders.architectures: the named model architectures the run configs name, and how a
run config's ``{architecture: ..., name: ..., overrides}`` becomes a core model config."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from core.encoders import normalize_config
from core.encoders.architectures import ARCHITECTURES, Architecture, Tower, model_config
from core.errors import ModelError, SeekframeError
from training.config import load_config
from training.precomputed import PRECOMPUTED, on_features

CONFIGS = sorted((Path(__file__).resolve().parent.parent / "training" / "configs").glob("*.yaml"))


@pytest.mark.parametrize("arch", sorted(ARCHITECTURES))
def test_every_architecture_is_a_valid_model_config(arch):
    cfg = model_config({"architecture": arch, "name": "m"})
    assert cfg["seekframe_model"] == 1 and cfg["name"] == "m" and isinstance(ARCHITECTURES[arch], Architecture)
    if cfg["vision"]["type"] == PRECOMPUTED:
        cfg = on_features(cfg, int(cfg["vision"]["config"]["dim"]))
    normalize_config(cfg)  # refuses unknown tower types, bad sizes, …


def test_overrides_merge_into_the_architecture_key_by_key():
    cfg = model_config({"architecture": "frame-cnn-student", "name": "small", "image_size": 32,
                        "vision": {"config": {"channels": [8, 16], "strides": [2, 2]}},
                        "temporal": {"layers": 3}})
    assert cfg["image_size"] == 32
    assert cfg["vision"] == {"type": "frame_cnn", "pretrained": None, "config": {"channels": [8, 16], "strides": [2, 2]}}
    assert cfg["temporal"] == {"type": "transformer", "layers": 3, "heads": 4, "max_frames": 16}
    assert list(cfg)[:5] == ["seekframe_model", "name", "embed_dim", "image_size", "frames_per_moment"]


def test_an_override_takes_its_usual_place_in_the_config():
    cfg = model_config({"architecture": "clip-vit-b16-teacher", "name": "t", "image_size": 224, "logit_scale": 2.0})
    assert list(cfg) == ["seekframe_model", "name", "embed_dim", "image_size", "frames_per_moment",
                         "vision", "temporal", "text", "logit_scale"]


def test_the_registry_cannot_be_changed_through_a_config():
    cfg = model_config({"architecture": "tinyclip-student", "name": "a"})
    cfg["vision"]["pretrained"] = "someone/else"
    cfg["temporal"]["layers"] = 99
    again = model_config({"architecture": "tinyclip-student", "name": "b"})
    assert again["vision"]["pretrained"] == "wkcn/TinyCLIP-ViT-8M-16-Text-3M-YFCC15M"
    assert again["temporal"]["layers"] == 2
    with pytest.raises(TypeError):
        ARCHITECTURES["tinyclip-student"].temporal.options["layers"] = 5
    assert Tower("frame_cnn", {"config": {"channels": [1]}}).as_dict() == {"type": "frame_cnn", "config": {"channels": [1]}}


@pytest.mark.parametrize("spec, words", [
    ({"architecture": "clip-vit-b99", "name": "x"}, "unknown model architecture 'clip-vit-b99'; choose from clip-vit-b16-teacher"),
    ({"architecture": "tinyclip-student"}, "needs a name"),
    ({"architecture": None, "name": "x"}, "unknown model architecture None"),
])
def test_bad_specs_are_refused_plainly(spec, words):
    with pytest.raises(ModelError, match=words.replace("(", r"\(")):
        model_config(spec)


@pytest.mark.parametrize("path", CONFIGS, ids=lambda p: p.stem)
def test_shipped_configs_name_an_architecture_instead_of_repeating_it(path):
    raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    for who in ("teacher", "student"):
        spec = raw[who]["model"]
        assert isinstance(spec, dict) and spec.get("architecture") in ARCHITECTURES, f"{path.name} {who}"
        assert not {"vision", "temporal", "text"} <= set(spec), f"{path.name} {who} repeats a whole architecture"


def test_run_configs_resolve_the_architecture_after_set_overrides(tmp_path):
    path = tmp_path / "run.yaml"
    path.write_text("student:\n  model: {architecture: frame-cnn-student, name: s, image_size: 32}\n")
    cfg = load_config(path, ["student.model.embed_dim=128", "student.model.temporal.heads=2"])
    model = cfg["student"]["model"]
    assert model["embed_dim"] == 128 and model["image_size"] == 32 and model["temporal"]["heads"] == 2
    assert model["vision"]["type"] == "frame_cnn" and "architecture" not in model
    path.write_text("teacher:\n  model: {architecture: nope, name: t}\n")
    with pytest.raises(SeekframeError, match="teacher.model: unknown model architecture 'nope'"):
        load_config(path)
