"""The MCKD teacher: appearance, motion and text streams learned by multimodal contrastive
learning (``training.losses.teacher_loss``); its batch similarity matrix is distilled into the
student (core's ``VideoTextModel``).

A teacher config is plain data (JSON-able), like a core model config: ``base`` (a core model
config, or a model folder / hub id; ``model`` is accepted as an alias), ``motion``
(``MotionStream``'s settings), ``feature_dim`` (D of pre-extracted frame features; None: pixels
only), ``temperature`` (InfoNCE's, fixed, or learned through ``base.logit_scale`` with
``learn_temperature``, starting from ``temperature`` (the scale set to log(1/τ), as open_clip starts
it), τ then within [0.01, 1]; ``forward`` returns it as ``temperature``) and ``loss_weights`` (appearance–text, motion–text, appearance–motion);
the defaults are ``MOTION_DEFAULTS`` and ``TEACHER_DEFAULTS``.

Streams (all outputs L2-normalised, [B, embed_dim]):

* appearance: per-frame features of the base vision tower → the base temporal pooler →
  ``vision_proj`` (exactly ``VideoTextModel.encode_video``);
* motion: ``MotionStream`` over the DIFFERENCES of the same per-frame features;
* text: the base text tower (``VideoTextModel.encode_text``);
* video: ``normalize(appearance + motion)``, the fused embedding behind ``similarity``. Summing two
  unit vectors gives equal weight to both streams (cos(text, video) ∝ the mean of the two
  streams' cosines), keeps embed_dim, and adds no parameters the contrastive loss does not train.

With ``feature_dim`` set, ``forward_features`` reads frame features [B,T,D] through a
``FeatureProjection`` in place of the vision tower.
"""

from __future__ import annotations

import copy
import math

import torch
import torch.nn.functional as F
from torch import nn

from core.encoders import build_model, load_model
from core.encoders.registry import normalize_config
from training.losses import MAX_LOGIT_SCALE, learned_temperature, same_video_mask, teacher_loss

CONFIG_VERSION = 1
MOTION_DEFAULTS = {"hidden": None, "kernel_size": 3, "layers": 2, "pool": "mean", "dropout": 0.0}
TEACHER_DEFAULTS = {"feature_dim": None, "temperature": 0.05, "learn_temperature": False,
                    "loss_weights": [1.0, 1.0, 1.0]}
MIN_LEARNED_TAU = round(math.exp(-MAX_LOGIT_SCALE), 6)  # 0.01


def normalize_teacher_config(cfg: dict) -> dict:
    """Validate a teacher config and fill in defaults (``base`` is checked by core)."""
    if isinstance(cfg, dict) and "model" in cfg and "base" not in cfg:
        cfg = {("base" if k == "model" else k): v for k, v in cfg.items()}
    if not isinstance(cfg, dict) or not isinstance(cfg.get("base"), (dict, str)):
        raise ValueError("teacher config must be an object with a 'base' model config (or a model folder)")
    version = cfg.get("mckd_teacher", CONFIG_VERSION)
    if not isinstance(version, int) or version > CONFIG_VERSION:
        raise ValueError(f"teacher config format {version!r} is newer than this code ({CONFIG_VERSION})")
    unknown = set(cfg) - {"mckd_teacher", "base", "motion", *TEACHER_DEFAULTS}
    if unknown:
        raise ValueError(f"unknown teacher config keys: {', '.join(sorted(unknown))}")
    out = {**copy.deepcopy(TEACHER_DEFAULTS), **copy.deepcopy(cfg), "mckd_teacher": CONFIG_VERSION}
    if isinstance(out["base"], dict):
        out["base"] = normalize_config(out["base"])
    motion = out.get("motion") or {}
    unknown = set(motion) - set(MOTION_DEFAULTS)
    if unknown:
        raise ValueError(f"unknown motion config keys: {', '.join(sorted(unknown))}")
    out["motion"] = {**MOTION_DEFAULTS, **motion}
    m = out["motion"]
    if m["pool"] not in ("mean", "max"):
        raise ValueError("motion.pool must be 'mean' or 'max'")
    if int(m["layers"]) < 1 or int(m["kernel_size"]) < 1 or int(m["kernel_size"]) % 2 == 0:
        raise ValueError("motion.layers must be >= 1 and motion.kernel_size a positive odd number")
    if out["feature_dim"] is not None and int(out["feature_dim"]) <= 0:
        raise ValueError("feature_dim must be a positive integer or null")
    if not float(out["temperature"]) > 0:
        raise ValueError("temperature must be > 0")
    if out["learn_temperature"] and not MIN_LEARNED_TAU <= float(out["temperature"]) <= 1.0:
        raise ValueError(f"a learned temperature starts from 'temperature' and stays within [{MIN_LEARNED_TAU:g}, 1] "
                         f"(its logit scale clamped as open_clip does): {out['temperature']} is outside")
    if len(out["loss_weights"]) != 3:
        raise ValueError("loss_weights must be [appearance_text, motion_text, appearance_motion]")
    return out


class MotionStream(nn.Module):
    """Temporal convolution over frame-feature differences::

        d_t = x_{t+1} − x_t                       (t = 1..T−1; a single frame gives d = 0)
        h = [Conv1d(k, same padding) → GELU] × layers   over time, on LayerNorm(d)
        motion = Linear(pool_t h)                 (pool = mean or max over time)

    ``x [B, T, W]`` → ``[B, embed_dim]`` (not normalised)."""

    def __init__(self, width: int, embed_dim: int, hidden: int | None = None, kernel_size: int = 3,
                 layers: int = 2, pool: str = "mean", dropout: float = 0.0):
        super().__init__()
        hidden = int(hidden or width)
        self.pool = pool
        self.norm = nn.LayerNorm(width)
        convs: list[nn.Module] = []
        c_in = width
        for _ in range(int(layers)):
            convs += [nn.Conv1d(c_in, hidden, int(kernel_size), padding=int(kernel_size) // 2),
                      nn.GELU(), nn.Dropout(float(dropout))]
            c_in = hidden
        self.convs = nn.Sequential(*convs)
        self.proj = nn.Linear(hidden, embed_dim)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        d = x[:, 1:] - x[:, :-1] if x.shape[1] > 1 else torch.zeros_like(x[:, :1])
        d = self.norm(d)                                 # [B, T-1, W]
        h = self.convs(d.transpose(1, 2))                # [B, H, T-1]
        h = h.mean(dim=2) if self.pool == "mean" else h.amax(dim=2)
        return self.proj(h)


class FeatureProjection(nn.Module):
    """LayerNorm + Linear, [N, D] → [N, width] (the identity at first when D equals the width)."""

    def __init__(self, feature_dim: int, width: int):
        super().__init__()
        self.norm = nn.LayerNorm(feature_dim)
        self.linear = nn.Linear(feature_dim, width)
        if feature_dim == width:
            nn.init.eye_(self.linear.weight)
            nn.init.zeros_(self.linear.bias)

    def forward(self, feats: torch.Tensor) -> torch.Tensor:
        return self.linear(self.norm(feats))


class Teacher(nn.Module):
    """Submodules ``base`` (a core ``VideoTextModel``), ``motion`` and ``feature_proj`` (or None);
    ``tokenizer`` is the base folder's when ``base`` names a folder / hub id, else None."""

    def __init__(self, config: dict, load_pretrained: bool = True):
        super().__init__()
        self.config = normalize_teacher_config(config)
        c = self.config
        self.tokenizer = None
        if isinstance(c["base"], str):
            self.base, self.tokenizer, _ = load_model(c["base"])
            c["base"] = self.base.to_config()
        else:
            self.base = build_model(c["base"], load_pretrained=load_pretrained)
        if c["learn_temperature"]:  # (a teacher's saved weights, loaded after, hold the scale it learned)
            with torch.no_grad():
                self.base.logit_scale.fill_(math.log(1.0 / float(c["temperature"])))
        self.embed_dim = self.base.embed_dim
        width = int(self.base.vision.width)
        m = c["motion"]
        self.motion = MotionStream(width, self.embed_dim, hidden=m["hidden"], kernel_size=m["kernel_size"],
                                   layers=m["layers"], pool=m["pool"], dropout=m["dropout"])
        fd = c["feature_dim"]
        self.feature_proj = FeatureProjection(int(fd), width) if fd is not None else None

    def _streams(self, frame_feats: torch.Tensor, input_ids: torch.Tensor | None,
                 attention_mask: torch.Tensor | None) -> dict[str, torch.Tensor]:
        appearance = self.base.pool_frames(frame_feats, normalize=True)
        motion = F.normalize(self.motion(frame_feats), dim=-1)
        out = {"appearance": appearance, "motion": motion,
               "video": F.normalize(appearance + motion, dim=-1)}
        if self.config["learn_temperature"]:  # (made in forward, so DDP sees the logit scale used)
            out["temperature"] = self.temperature()
        if input_ids is not None:
            out["text"] = self.base.encode_text(input_ids, attention_mask, normalize=True)
        return out

    def forward(self, pixel_values: torch.Tensor, input_ids: torch.Tensor | None = None,
                attention_mask: torch.Tensor | None = None) -> dict[str, torch.Tensor]:
        """``pixel_values``: normalised float [B,T,3,H,W] or uint8 RGB [B,T,H,W,3] → the streams
        (``text`` with ``input_ids``). Float features [B, T, feature_dim] go to
        ``forward_features`` (so DDP, which wraps ``forward``, serves both regimes)."""
        if self.feature_proj is not None and pixel_values.dim() == 3 and pixel_values.is_floating_point():
            return self.forward_features(pixel_values, input_ids, attention_mask)
        if pixel_values.dtype == torch.uint8:
            pixel_values = self.base.preprocess(pixel_values)
        if pixel_values.dim() != 5:
            raise ValueError(f"Teacher expects [B,T,3,H,W] or [B,T,H,W,3] uint8, got {tuple(pixel_values.shape)}")
        return self._streams(self.base.frame_features(pixel_values), input_ids, attention_mask)

    def forward_features(self, feats: torch.Tensor, input_ids: torch.Tensor | None = None,
                         attention_mask: torch.Tensor | None = None) -> dict[str, torch.Tensor]:
        """Pre-extracted frame features ``feats [B, T, feature_dim]`` → the same dict as forward."""
        if self.feature_proj is None:
            raise ValueError("this teacher has no feature path: set 'feature_dim' in its config")
        if feats.dim() != 3 or feats.shape[-1] != self.feature_proj.linear.in_features:
            raise ValueError(f"expected features [B, T, {self.feature_proj.linear.in_features}], "
                             f"got {tuple(feats.shape)}")
        return self._streams(self.feature_proj(feats.to(self.feature_proj.linear.weight.dtype)),
                             input_ids, attention_mask)

    @property
    def text_max_length(self) -> int:
        return self.base.text_max_length

    def encode_video(self, pixel_values: torch.Tensor) -> torch.Tensor:
        """The fused ``video`` embedding [B, d] of frames (uint8 [B,T,H,W,3] or pixels)."""
        return self(pixel_values)["video"]

    def encode_text(self, input_ids: torch.Tensor, attention_mask: torch.Tensor | None = None) -> torch.Tensor:
        return self.base.encode_text(input_ids, attention_mask, normalize=True)

    @staticmethod
    def similarity(out: dict[str, torch.Tensor]) -> torch.Tensor:
        """``S[i, j] = text_i · video_j`` of the fused embeddings ([B, B], rows texts)."""
        return out["text"] @ out["video"].T

    def temperature(self) -> float | torch.Tensor:
        if self.config["learn_temperature"]:
            return learned_temperature(self.base.logit_scale)  # (τ within [0.01, 1])
        return float(self.config["temperature"])

    def loss(self, out: dict[str, torch.Tensor], video_ids: torch.Tensor | None = None):
        """``teacher_loss`` of ``forward``'s ``out`` with this config's weights, at the τ forward made
        (``out["temperature"]``, a learned one: the logit scale DDP saw used) or the config's; items
        of one video (``video_ids``) are positives of each other. ``loop.teacher_step``'s loss."""
        pos = None if video_ids is None else same_video_mask(video_ids.to(out["text"].device))
        tau = out["temperature"] if "temperature" in out else self.temperature()
        return teacher_loss(out["appearance"], out["motion"], out["text"], tau,
                            weights=tuple(self.config["loss_weights"]), positives=pos)

    def to_config(self) -> dict:
        c = copy.deepcopy(self.config)
        c["base"] = self.base.to_config()
        return c
