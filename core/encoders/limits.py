"""Sane limits on every size in a model config, so a damaged or hostile ``config.json`` fails
with a clear message instead of allocating gigabytes: any key below with a number (or a list of
numbers) anywhere in the config, nested transformers configs included, must lie within its bounds."""

from __future__ import annotations

from typing import Any

from core.errors import ModelError

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
    "type_vocab_size": (1, 1024), "num_key_value_heads": (1, 128),
}


def _numbers(value) -> list | None:
    values = value if isinstance(value, list) and value else [value]
    if all(isinstance(v, (int, float)) and not isinstance(v, bool) for v in values):
        return values
    return None


def check_limits(cfg: Any, where: str = "model config") -> None:
    """Raise ModelError naming the first size out of bounds (path, value, allowed range)."""
    if isinstance(cfg, dict):
        for key, value in cfg.items():
            path = f"{where}.{key}" if where != "model config" else f"model config: '{key}'"
            bounds = LIMITS.get(key)
            nums = _numbers(value) if bounds else None
            if bounds and nums is not None:
                lo, hi = bounds
                bad = [v for v in nums if not (lo <= v <= hi)]  # NaN fails both comparisons
                if bad:
                    raise ModelError(f"{path} is {bad[0]}, outside the sane range {lo:g}–{hi:g}: "
                                     "this model config is damaged or not meant for Seekframe")
            check_limits(value, path)
    elif isinstance(cfg, list):
        for item in cfg:
            check_limits(item, where)
