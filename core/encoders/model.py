"""VideoTextModel: vision tower (per frame) → temporal pooling → projection, and text tower →
projection, into one L2-normalised joint space. The app's encoder and the training student."""

from __future__ import annotations

import copy
import hashlib
import json
import os
from collections.abc import Callable
from pathlib import Path

import numpy as np
import torch
import torch.nn.functional as F
from torch import nn

from core.encoders.frame_runs import per_run
from core.encoders.registry import TEMPORAL_POOLERS, TEXT_TOWERS, VISION_TOWERS, normalize_config, projected
from core.encoders.sources import resolve_pretrained
from core.encoders.towers import config_only
from core.errors import ModelError


def state_digest(module: nn.Module, first: bytes = b"", sep: str = "") -> str:
    """sha256 over ``first`` and a module's state dict: sorted keys (each after ``sep``), dtype,
    shape and raw bytes, read in place (a ``tobytes()`` copy of MiniLM's embeddings adds ~47 MB
    to a load's peak memory)."""
    h = hashlib.sha256(first)
    for key, t in sorted(module.state_dict().items()):
        h.update(f"{sep}{key}|{t.dtype}|{tuple(t.shape)}|".encode())
        h.update(t.detach().cpu().contiguous().reshape(-1).view(torch.uint8).numpy())
    return h.hexdigest()


# the digest of a pretrained tower as its folder's files built it, by (side, spec, folder, those files' names,
# sizes, times and inodes): hashing MiniLM's 90 MB took ~0.1 s a build, and a training run builds it 18 times
# (the teacher, each student, their loads); kept only of a build that drew nothing at random (every weight read
# from the files: a BERT folder without its pooler has transformers draw one, a different tower each build)
_DIGESTS: dict[tuple, str] = {}
_DIGESTS_KEPT = 32


def pretrained_digest(side: str, spec: dict, folder: Path, tower: nn.Module, drew: bool) -> str:
    """``state_digest(tower)`` of a ``tower`` just built from ``folder`` (``drew``: its build drew random numbers),
    hashed once a process for the same files and spec."""
    try:
        files = sorted((e.name, st.st_size, st.st_mtime_ns, st.st_ino)
                       for e in os.scandir(folder) if e.is_file() for st in (e.stat(),))
        key = (side, json.dumps(spec, sort_keys=True, default=str), str(Path(folder).resolve()), tuple(files))
    except (OSError, TypeError, ValueError):
        key = None
    if drew or key is None:
        return state_digest(tower)
    if (digest := _DIGESTS.get(key)) is None:
        if len(_DIGESTS) >= _DIGESTS_KEPT:
            _DIGESTS.clear()
        digest = _DIGESTS[key] = state_digest(tower)
    return digest


def _projection(kind: str, width: int, embed_dim: int, side: str) -> nn.Module:
    if not projected(kind, width, embed_dim, side):
        return nn.Identity()
    proj = nn.Linear(width, embed_dim, bias=False)
    nn.init.normal_(proj.weight, std=width ** -0.5)
    return proj


def _text_max_length(config: dict, text: nn.Module) -> int:
    return int(config["text"].get("max_length") or getattr(text, "default_max_length", 77))


def _vision_projection(c: dict, vision: nn.Module, temporal: nn.Module) -> nn.Module:
    # A pooler may change the width (label_semantic maps class scores into the text space).
    pooled_width = int(getattr(temporal, "out_width", vision.width))
    return _projection(c["vision"]["projection"], pooled_width, int(c["embed_dim"]), "vision")


def _video_settings(model: nn.Module, c: dict) -> None:
    """What the video side reads of its config, and its pixel statistics (non-persistent)."""
    model.image_size = int(c["image_size"])
    model.frames_per_moment = int(c["frames_per_moment"])
    model.resize = c.get("resize")  # how frames reach image_size; see core.frame_fit.fit
    # the longest group of pictures indexing decodes without H.264's loop filter (core.decode_modes)
    model.loop_filter_gop_s = float(c.get("decode", {}).get("skip_loop_filter_max_gop_s", 0.0))
    model.register_buffer("image_mean", torch.tensor(c["image_mean"]).view(1, 3, 1, 1), persistent=False)
    model.register_buffer("image_std", torch.tensor(c["image_std"]).view(1, 3, 1, 1), persistent=False)
    # side -> sha256 of the tower's weights as its pretrained source gave them (set by loaders)
    model.pretrained_digests = {}


class VideoTextModel(nn.Module):
    """Keys of the state dict: ``vision.*``, ``temporal.*``, ``vision_proj.*``, ``text.*``,
    ``text_proj.*``, ``logit_scale``. Image mean/std are non-persistent buffers (they live in
    the config)."""

    def __init__(self, config: dict, vision: nn.Module, temporal: nn.Module, text: nn.Module):
        super().__init__()
        self._config = normalize_config(config)
        c = self._config
        self.embed_dim = int(c["embed_dim"])
        self.vision = vision
        self.temporal = temporal
        self.text = text
        self.vision_proj = _vision_projection(c, vision, temporal)
        self.text_proj = _projection(c["text"]["projection"], text.width, self.embed_dim, "text")
        self.logit_scale = nn.Parameter(torch.tensor(float(c["logit_scale"])))
        self.text_max_length = _text_max_length(c, text)
        _video_settings(self, c)

    @property
    def name(self) -> str:
        return self._config["name"]

    def to_config(self) -> dict:
        """The full config.json dict, with each tower's architecture config filled in."""
        c = copy.deepcopy(self._config)
        c["vision"]["config"] = self.vision.tower_config()
        c["text"]["config"] = self.text.tower_config()
        c["text"]["max_length"] = self.text_max_length
        return c

    def preprocess(self, frames: torch.Tensor) -> torch.Tensor:
        """uint8 RGB frames [..., H, W, 3] → normalised float pixels [..., 3, S, S].

        Frames already at image_size (what ``FrameSampler(image_size, resize=model.resize)``
        gives) are only normalised. Others are resized the model's way: with a ``resize`` in
        the config, by ``core.frame_fit.fit`` (the sampler's own code); without, centre-cropped to a
        square and resized bilinearly."""
        lead = frames.shape[:-3]
        h, w = frames.shape[-3], frames.shape[-2]
        if self.resize is not None and (h, w) != (self.image_size, self.image_size):
            from core.frame_fit import fit

            size = (self.image_size, self.image_size)
            fitted = [fit(f, size, resize=self.resize) for f in frames.reshape(-1, h, w, 3).cpu().numpy()]
            frames = torch.from_numpy(np.stack(fitted)).to(frames.device)
            h = w = self.image_size
        x = frames.reshape(-1, h, w, 3).permute(0, 3, 1, 2).float().div_(255.0)
        if h != w:
            s = min(h, w)
            top, left = (h - s) // 2, (w - s) // 2
            x = x[:, :, top:top + s, left:left + s]
        if x.shape[-1] != self.image_size:
            try:
                x = F.interpolate(x, size=(self.image_size, self.image_size), mode="bilinear",
                                  align_corners=False, antialias=True)
            except (RuntimeError, NotImplementedError):  # antialias unsupported on this device
                x = F.interpolate(x, size=(self.image_size, self.image_size), mode="bilinear",
                                  align_corners=False)
        x = (x - self.image_mean.to(x.device)) / self.image_std.to(x.device)
        return x.reshape(*lead, 3, self.image_size, self.image_size)

    def frame_features(self, pixel_values: torch.Tensor) -> torch.Tensor:
        """Tower features before temporal pooling and projection: [B,T,3,H,W] → [B,T,W]
        (or [N,3,H,W] → [N,W])."""
        if pixel_values.dim() == 4:
            return self._vision(pixel_values)
        b, t = pixel_values.shape[:2]
        feats = self._vision(pixel_values.reshape(b * t, *pixel_values.shape[2:]), t)
        return feats.reshape(b, t, -1)

    def _vision(self, frames: torch.Tensor, moment_frames: int | None = None) -> torch.Tensor:
        """The vision tower over frames [N,3,H,W] (moments of ``moment_frames`` each, or one); a tower
        that says its output for a frame depends on that frame alone (``per_frame``) computes each run
        of repeated frames once (:mod:`core.encoders.frame_runs`); one that does not (``imagenet_cnn``)
        handles its own, told where each moment starts (``per_moment``)."""
        if getattr(self.vision, "per_frame", False):
            return per_run(self.vision, frames, not self.vision.training)
        if getattr(self.vision, "per_moment", False):
            return self.vision(frames, moment_frames)
        return self.vision(frames)

    def encode_frames(self, pixel_values: torch.Tensor, normalize: bool = True) -> torch.Tensor:
        """Single images [N,3,H,W] (or [B,T,3,H,W] → [B,T,d]) in the joint space, no pooling."""
        z = self.vision_proj(self.frame_features(pixel_values))
        return F.normalize(z, dim=-1) if normalize else z

    def pool_frames(self, frame_feats: torch.Tensor, normalize: bool = True) -> torch.Tensor:
        """Temporal pooling + projection of tower features [B,T,W] → [B,d]."""
        z = self.vision_proj(self.temporal(frame_feats))
        return F.normalize(z, dim=-1) if normalize else z

    def encode_video(self, pixel_values: torch.Tensor, normalize: bool = True) -> torch.Tensor:
        """pixel_values [B,T,3,H,W] (normalised, see ``preprocess``) → [B, embed_dim]."""
        if pixel_values.dim() != 5:
            raise ValueError(f"encode_video expects [B,T,3,H,W], got {tuple(pixel_values.shape)}")
        return self.pool_frames(self.frame_features(pixel_values), normalize)

    def encode_text(self, input_ids: torch.Tensor, attention_mask: torch.Tensor | None = None,
                    normalize: bool = True) -> torch.Tensor:
        if attention_mask is None:
            attention_mask = torch.ones_like(input_ids)
        z = self.text_proj(self.text(input_ids, attention_mask))
        return F.normalize(z, dim=-1) if normalize else z

    def forward(self, pixel_values: torch.Tensor | None = None, input_ids: torch.Tensor | None = None,
                attention_mask: torch.Tensor | None = None,
                frame_features: torch.Tensor | None = None) -> dict[str, torch.Tensor]:
        """Training entry point (what DDP wraps). ``frame_features [B,T,W]`` are vision-tower
        outputs computed beforehand (pre-extracted features): they skip the tower."""
        out: dict[str, torch.Tensor] = {"logit_scale": self.logit_scale.exp()}
        if pixel_values is not None and frame_features is not None:
            raise ValueError("pass pixel_values or frame_features, not both")
        if pixel_values is not None:
            out["video_embeds"] = self.encode_video(pixel_values)
        elif frame_features is not None:
            if frame_features.dim() != 3:
                raise ValueError(f"frame_features must be [B,T,W], got {tuple(frame_features.shape)}")
            out["video_embeds"] = self.pool_frames(frame_features)
        if input_ids is not None:
            out["text_embeds"] = self.encode_text(input_ids, attention_mask)
        return out


def build_model(config: dict, load_pretrained: bool | Callable[[str], bool] = True,
                resolved: dict[str, Path] | None = None, text_only: bool = False,
                vision_only: bool = False) -> VideoTextModel | TextOnlyModel | VisionOnlyModel:
    """Build a VideoTextModel (or with ``text_only`` its text half alone, with ``vision_only`` its
    video half alone) from a config dict.

    Towers with ``pretrained`` set load those weights when ``load_pretrained`` says so (True,
    or a function side -> bool); otherwise they are built from their ``config`` with random weights,
    or, without one, from their source's config alone (its weights never read; a tower type that can
    only be built from its source, not through ``towers.config_only``, still loads them). ``resolved``
    caches pretrained reference → local folder.
    """
    cfg = normalize_config(config)
    resolved = resolved if resolved is not None else {}
    towers: dict[str, nn.Module] = {}
    digests: dict[str, str] = {}
    sides = (("text", TEXT_TOWERS),) if text_only else (("vision", VISION_TOWERS),) if vision_only else \
        (("vision", VISION_TOWERS), ("text", TEXT_TOWERS))
    for side, table in sides:
        spec, folder = cfg[side], None
        want = load_pretrained(side) if callable(load_pretrained) else load_pretrained
        if spec["pretrained"] and (want or not spec["config"]):  # without a config only the source builds it
            if spec["pretrained"] not in resolved:
                resolved[spec["pretrained"]] = resolve_pretrained(spec["pretrained"])
            folder = resolved[spec["pretrained"]]
        if folder is not None and not want:  # (no config of its own: its source's, with random weights)
            with config_only():
                towers[side] = table[spec["type"]](spec, folder)
            continue
        rng = torch.get_rng_state() if folder is not None and not text_only else None
        towers[side] = table[spec["type"]](spec, folder)
        if folder is not None:  # the digest only save_model reads; a text half is never saved
            digests[side] = "" if text_only else pretrained_digest(
                side, spec, folder, towers[side], drew=not torch.equal(rng, torch.get_rng_state()))
    if text_only:
        model = TextOnlyModel(cfg, towers["text"])
    else:
        temporal = TEMPORAL_POOLERS[cfg["temporal"]["type"]](cfg["temporal"], towers["vision"].width)
        model = VisionOnlyModel(cfg, towers["vision"], temporal) if vision_only else \
            VideoTextModel(cfg, towers["vision"], temporal, towers["text"])
    model.pretrained_digests = digests
    return model


class TextOnlyModel(nn.Module):
    """``VideoTextModel``'s text half: ``text`` → ``text_proj``; state keys as in the full model."""

    image_size = 0
    frames_per_moment = 0

    def __init__(self, config: dict, text: nn.Module):
        super().__init__()
        self.name, self.embed_dim = config["name"], int(config["embed_dim"])
        self.text = text
        self.text_proj = _projection(config["text"]["projection"], text.width, self.embed_dim, "text")
        self.text_max_length = _text_max_length(config, text)

    encode_text = VideoTextModel.encode_text  # over the same two parts

    def preprocess(self, frames):
        raise ModelError(f"only the text side of the model {self.name} is loaded")

    encode_video = frame_features = preprocess


class VisionOnlyModel(nn.Module):
    """``VideoTextModel``'s video half: ``vision`` → ``temporal`` → ``vision_proj``; state keys as
    in the full model. What indexing needs: no text tower (nor transformers) in memory."""

    def __init__(self, config: dict, vision: nn.Module, temporal: nn.Module):
        super().__init__()
        self._config = c = normalize_config(config)
        self.name, self.embed_dim = c["name"], int(c["embed_dim"])
        self.vision, self.temporal = vision, temporal
        self.vision_proj = _vision_projection(c, vision, temporal)
        _video_settings(self, c)

    preprocess = VideoTextModel.preprocess
    frame_features = VideoTextModel.frame_features
    _vision = VideoTextModel._vision
    encode_frames = VideoTextModel.encode_frames
    pool_frames = VideoTextModel.pool_frames
    encode_video = VideoTextModel.encode_video

    def encode_text(self, *args, **kwargs):
        raise ModelError(f"only the video side of the model {self.name} is loaded")
