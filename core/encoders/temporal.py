"""Temporal pooling: frame features [B, T, W] -> one feature per moment [B, W]."""

from __future__ import annotations

import torch
import torch.nn.functional as F
from torch import nn

from core.encoders.registry import register_temporal
from core.errors import ModelError


class MeanPool(nn.Module):
    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return x.mean(dim=1)


class TransformerPool(nn.Module):
    """A small pre-norm TransformerEncoder over frame features with learned position
    embeddings, mean-pooled. The residual branches' output layers and the position embeddings
    start at zero, so at initialisation it computes exactly mean pooling and training moves it
    away only as far as the data asks."""

    def __init__(self, width: int, layers: int = 1, heads: int = 4, max_frames: int = 32,
                 mlp_ratio: float = 4.0, dropout: float = 0.0):
        super().__init__()
        if width % heads:
            raise ModelError(f"temporal transformer: heads ({heads}) must divide the width ({width})")
        self.max_frames = int(max_frames)
        self.pos = nn.Parameter(torch.zeros(self.max_frames, width))
        layer = nn.TransformerEncoderLayer(
            d_model=width, nhead=heads, dim_feedforward=int(width * mlp_ratio), dropout=dropout,
            activation="gelu", batch_first=True, norm_first=True,
        )
        self.encoder = nn.TransformerEncoder(layer, num_layers=layers, enable_nested_tensor=False)
        for blk in self.encoder.layers:
            for lin in (blk.self_attn.out_proj, blk.linear2):
                nn.init.zeros_(lin.weight)
                nn.init.zeros_(lin.bias)

    def positions(self, t: int) -> torch.Tensor:
        if t <= self.max_frames:
            return self.pos[:t]
        # More frames than trained for: stretch the learned table over them.
        p = self.pos.t().unsqueeze(0)  # [1, W, max_frames]
        return F.interpolate(p, size=t, mode="linear", align_corners=True)[0].t()

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        x = x + self.positions(x.shape[1]).to(x.dtype)
        return self.encoder(x).mean(dim=1)


@register_temporal("mean")
def build_mean(spec: dict, width: int) -> nn.Module:
    return MeanPool()


@register_temporal("transformer")
def build_transformer(spec: dict, width: int) -> nn.Module:
    return TransformerPool(
        width,
        layers=int(spec["layers"]),
        heads=int(spec["heads"]),
        max_frames=int(spec["max_frames"]),
        mlp_ratio=float(spec["mlp_ratio"]),
        dropout=float(spec["dropout"]),
    )


# normalize_config fills these into the spec, so a saved config.json is explicit.
build_transformer.defaults = {"layers": 1, "heads": 4, "max_frames": 32, "mlp_ratio": 4.0, "dropout": 0.0}
