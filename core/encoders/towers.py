"""Built-in vision and text towers, and temporal poolers.

Vision towers map pixel_values [N, 3, H, W] (normalised) to features [N, width].
Text towers map (input_ids [N, L], attention_mask [N, L]) to features [N, width].
Temporal poolers map frame features [B, T, W] to one feature per moment [B, W].
Every tower has ``width`` and ``tower_config()`` (the dict saved as the spec's ``config``), and
HF towers ``default_max_length``.
"""

from __future__ import annotations

import contextlib
import threading
from pathlib import Path
from typing import Any

import torch
import torch.nn.functional as F
from torch import nn

from core.encoders.registry import clean_hf_config, register_temporal, register_text, register_vision
from core.encoders.sources import check_safetensors, hf_load
from core.errors import ModelError

_BUILDING = threading.local()  # ``config_only``: this thread's (another thread building a model meanwhile loads)


@contextlib.contextmanager
def config_only():
    """Within it, a tower this thread builds that would load its pretrained weights is built from its source's
    config alone, its weights drawn at random (``build_model`` told not to load a tower that names no config
    of its own); a tower built by another thread meanwhile (the app loads its models in workers) loads its own."""
    outer = getattr(_BUILDING, "config_only", False)
    _BUILDING.config_only = True
    try:
        yield
    finally:
        _BUILDING.config_only = outer


def _from_pretrained(cls, folder: Path, config):
    if getattr(_BUILDING, "config_only", False):
        return cls.from_config(config) if hasattr(cls, "from_config") else cls(config)  # (AutoModel: from_config)
    check_safetensors(folder)
    return hf_load("the weights", folder,
                   lambda **kw: cls.from_pretrained(str(folder), config=config, use_safetensors=True, **kw))


def _hf_config(cls, kwargs: dict[str, Any]):
    try:
        return cls(**kwargs)
    except Exception as e:
        raise ModelError(f"invalid tower config for {cls.__name__}: {e}") from e


class _HFTower(nn.Module):
    """A transformers model as a tower (``model``); its config is the model's."""

    def __init__(self, hf_model):
        super().__init__()
        self.model = hf_model

    def tower_config(self) -> dict:
        return clean_hf_config(self.model.config.to_dict())


class ClipVisionTower(_HFTower):
    """transformers CLIPVisionModelWithProjection: CLIP's image embedding (joint space)."""

    per_frame = True  # a frame's embedding depends on it alone (core.encoders.frame_runs)

    def __init__(self, hf_model):
        super().__init__(hf_model)
        self.width = int(hf_model.config.projection_dim)

    def forward(self, pixel_values: torch.Tensor) -> torch.Tensor:
        return self.model(pixel_values=pixel_values).image_embeds


def read_hf_config(folder: Path):
    """The transformers config of ``folder``; ModelError when it cannot be read."""
    from transformers import AutoConfig

    return hf_load("the model config", folder, lambda **kw: AutoConfig.from_pretrained(str(folder), **kw))


def _clip_tower(tower_cls, model_cls, config_cls, part: str, spec: dict, pretrained_dir: Path | None):
    """A CLIP ``part`` ("vision" or "text") tower from its spec's config, or from the weights in
    ``pretrained_dir`` (a whole CLIP model or that tower alone)."""
    if pretrained_dir is None:
        return tower_cls(model_cls(_hf_config(config_cls, spec["config"])))
    cfg = _hf_config(config_cls, spec["config"]) if spec.get("config") else read_hf_config(pretrained_dir)
    if getattr(cfg, "model_type", "") == "clip":  # a whole CLIP model: the part, with its projection_dim
        getattr(cfg, f"{part}_config").projection_dim = cfg.projection_dim
        cfg = getattr(cfg, f"{part}_config")
    return tower_cls(_from_pretrained(model_cls, pretrained_dir, cfg))


@register_vision("clip_vision")
def build_clip_vision(spec: dict, pretrained_dir: Path | None) -> nn.Module:
    from transformers import CLIPVisionConfig, CLIPVisionModelWithProjection

    return _clip_tower(ClipVisionTower, CLIPVisionModelWithProjection, CLIPVisionConfig, "vision", spec,
                       pretrained_dir)


class ChannelLayerNorm(nn.Module):
    """LayerNorm over the channels at each position (ConvNeXt style). Unlike GroupNorm or
    InstanceNorm, it does not normalise over space, so a frame's overall colour and brightness
    survive (a flat red frame and a flat blue one stay apart). Batch-independent."""

    def __init__(self, channels: int, eps: float = 1e-6):
        super().__init__()
        self.norm = nn.LayerNorm(channels, eps=eps)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return self.norm(x.permute(0, 2, 3, 1)).permute(0, 3, 1, 2)


class FrameCNN(nn.Module):
    """A small conv net for models trained from scratch: conv→channel LayerNorm→GELU blocks,
    global average pool."""

    DEFAULTS = {"channels": [32, 64, 128, 256], "strides": [2, 2, 2, 2], "kernel_size": 3,
                "in_channels": 3}
    per_frame = True  # a frame's features depend on it alone (core.encoders.frame_runs)

    def __init__(self, config: dict | None):
        super().__init__()
        cfg = {**self.DEFAULTS, **(config or {})}
        channels, strides = list(cfg["channels"]), list(cfg["strides"])
        if not channels or len(channels) != len(strides):
            raise ModelError("frame_cnn config: 'channels' and 'strides' must be equal-length lists")
        self.config = cfg
        k = int(cfg["kernel_size"])
        layers: list[nn.Module] = []
        c_in = int(cfg["in_channels"])
        for c, s in zip(channels, strides):
            layers += [nn.Conv2d(c_in, int(c), k, stride=int(s), padding=k // 2),
                       ChannelLayerNorm(int(c)), nn.GELU()]
            c_in = int(c)
        self.body = nn.Sequential(*layers)
        self.width = c_in

    def forward(self, pixel_values: torch.Tensor) -> torch.Tensor:
        return self.body(pixel_values).mean(dim=(2, 3))

    def tower_config(self) -> dict:
        return dict(self.config)


@register_vision("frame_cnn")
def build_frame_cnn(spec: dict, pretrained_dir: Path | None) -> nn.Module:
    # A frame_cnn has no external weights format; its weights live in model.safetensors.
    if pretrained_dir is not None:
        raise ModelError("frame_cnn towers cannot load 'pretrained' weights; leave it null")
    return FrameCNN(spec.get("config"))


class ClipTextTower(_HFTower):
    """transformers CLIPTextModelWithProjection: CLIP's text embedding (joint space)."""

    def __init__(self, hf_model):
        super().__init__(hf_model)
        self.width = int(hf_model.config.projection_dim)
        self.default_max_length = int(hf_model.config.max_position_embeddings)

    def forward(self, input_ids: torch.Tensor, attention_mask: torch.Tensor) -> torch.Tensor:
        return self.model(input_ids=input_ids, attention_mask=attention_mask).text_embeds


@register_text("clip_text")
def build_clip_text(spec: dict, pretrained_dir: Path | None) -> nn.Module:
    from transformers import CLIPTextConfig, CLIPTextModelWithProjection

    return _clip_tower(ClipTextTower, CLIPTextModelWithProjection, CLIPTextConfig, "text", spec,
                       pretrained_dir)


class BertMeanTower(_HFTower):
    """A BERT-style encoder (transformers AutoModel) with attention-masked mean pooling, the
    sentence-transformers recipe (e.g. all-MiniLM-L6-v2)."""

    def __init__(self, hf_model):
        super().__init__(hf_model)
        self.width = int(hf_model.config.hidden_size)
        self.default_max_length = min(int(getattr(hf_model.config, "max_position_embeddings", 512)), 256)

    def forward(self, input_ids: torch.Tensor, attention_mask: torch.Tensor) -> torch.Tensor:
        hidden = self.model(input_ids=input_ids, attention_mask=attention_mask).last_hidden_state
        mask = attention_mask.unsqueeze(-1).to(hidden.dtype)
        return (hidden * mask).sum(1) / mask.sum(1).clamp(min=1e-6)


def _auto_config(kwargs: dict[str, Any]):
    from transformers import AutoConfig

    kw = dict(kwargs)
    model_type = kw.pop("model_type", None)
    if not model_type:
        raise ModelError("bert_mean config needs a 'model_type' (e.g. \"bert\")")
    try:
        return AutoConfig.for_model(model_type, **kw)
    except Exception as e:
        raise ModelError(f"invalid bert_mean config: {e}") from e


@register_text("bert_mean")
def build_bert_mean(spec: dict, pretrained_dir: Path | None) -> nn.Module:
    from transformers import AutoModel

    # without its pretrained folder a tower has a config (build_model), which may be empty: say what it lacks
    own = spec.get("config") or pretrained_dir is None
    cfg = _auto_config(spec["config"]) if own else read_hf_config(pretrained_dir)
    if pretrained_dir is not None:
        return BertMeanTower(_from_pretrained(AutoModel, pretrained_dir, cfg))
    try:
        return BertMeanTower(AutoModel.from_config(cfg))
    except Exception as e:
        raise ModelError(f"invalid bert_mean config: {e}") from e


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
