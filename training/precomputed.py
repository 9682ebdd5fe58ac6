"""The ``precomputed`` vision tower, ``{"type": "precomputed", "config": {"dim": D}}`` in core's
tower registry: it stands in for a model's vision tower when a run reads pre-extracted frame
features (``data.features``). The app never sees it (see ``training.export``).
"""

from __future__ import annotations

import copy
from pathlib import Path

import torch
from torch import nn

from core.encoders import register_vision

PRECOMPUTED = "precomputed"


class PrecomputedFeatures(nn.Module):
    """[N, D] features → the same [N, D]: no parameters, no pixels."""

    def __init__(self, dim: int):
        super().__init__()
        if int(dim) <= 0:
            raise ValueError("precomputed features need a positive dimension")
        self.width = int(dim)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        if x.dim() != 2 or x.shape[-1] != self.width:
            raise ValueError(
                f"this model reads pre-extracted {self.width}-d frame features, got a tensor of shape "
                f"{tuple(x.shape)}; it cannot read pixels (export it with data.feature_extractor)")
        return x

    def tower_config(self) -> dict:
        return {"dim": self.width}


@register_vision(PRECOMPUTED)
def build_precomputed(spec: dict, pretrained_dir: Path | None) -> nn.Module:
    cfg = spec.get("config") or {}
    if "dim" not in cfg:
        raise ValueError("a precomputed vision tower needs config.dim (the feature dimension)")
    return PrecomputedFeatures(int(cfg["dim"]))


def on_features(model_config: dict, dim: int) -> dict:
    """A copy of a model config whose vision tower reads ``dim``-d pre-extracted features."""
    out = copy.deepcopy(model_config)
    projection = (out.get("vision") or {}).get("projection", "auto")
    out["vision"] = {"type": PRECOMPUTED, "pretrained": None, "config": {"dim": int(dim)},
                     "projection": projection}
    return out
