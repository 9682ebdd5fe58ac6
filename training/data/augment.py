"""Training-time views of a clip that keep what its captions say.

Captions name colours and directions ("a red car driving left"), so no view flips the frame or
changes its colours: only WHEN the frames are taken and WHICH part of the frame is seen change.

* ``temporal``: the clip is decoded at ``2 n`` uniform positions once; each view takes one of the
  two frames of each of the n segments at random (TSN-style), so order and coverage stay.
* ``crop_scale: [lo, hi]``: one crop per clip covering a random share in [lo, hi] of the area, the
  same box on every frame (motion is untouched).
"""

from __future__ import annotations

from dataclasses import dataclass

import cv2
import numpy as np


@dataclass(frozen=True)
class Augment:
    temporal: bool = False
    crop_scale: tuple[float, float] | None = None

    @classmethod
    def from_config(cls, cfg: dict | None) -> "Augment":
        cfg = dict(cfg or {})
        unknown = set(cfg) - {"temporal", "crop_scale"}
        if unknown:
            raise ValueError(f"unknown data.augment keys: {', '.join(sorted(unknown))}")
        scale = cfg.get("crop_scale")
        if scale is not None:
            lo, hi = (float(x) for x in scale)
            if not 0 < lo <= hi <= 1:
                raise ValueError("data.augment.crop_scale must be [lo, hi] with 0 < lo <= hi <= 1")
            scale = (lo, hi)
        return cls(bool(cfg.get("temporal", False)), scale)

    @property
    def active(self) -> bool:
        return self.temporal or self.crop_scale is not None

    def decode_count(self, n_frames: int) -> int:
        """How many uniform frames to decode (and cache) per clip for ``n_frames`` per view."""
        return 2 * n_frames if self.temporal else n_frames

    def view(self, frames: np.ndarray, n_frames: int, rng: np.random.Generator) -> np.ndarray:
        """One training view, uint8 [n_frames, H, W, 3], of ``decode_count(n_frames)`` frames."""
        if self.temporal:
            frames = frames[segment_pick(n_frames, rng)]
        if self.crop_scale is not None:
            frames = random_crop(frames, rng, self.crop_scale)
        return frames


def segment_pick(n: int, rng: np.random.Generator) -> np.ndarray:
    """Indices into 2n uniform frames: one of the two frames of each of the n segments."""
    return 2 * np.arange(n) + rng.integers(0, 2, size=n)


def random_crop(frames: np.ndarray, rng: np.random.Generator, scale: tuple[float, float]) -> np.ndarray:
    """The same random box on every frame [T, H, W, 3], covering a share in ``scale`` of the area
    (aspect kept), resized back to H×W."""
    t, h, w = frames.shape[:3]
    share = float(rng.uniform(scale[0], scale[1]))
    ch, cw = max(1, int(round(h * share ** 0.5))), max(1, int(round(w * share ** 0.5)))
    if (ch, cw) == (h, w):
        return frames
    y0, x0 = int(rng.integers(0, h - ch + 1)), int(rng.integers(0, w - cw + 1))
    out = np.empty_like(frames)
    for i in range(t):
        out[i] = cv2.resize(frames[i, y0:y0 + ch, x0:x0 + cw], (w, h), interpolation=cv2.INTER_LINEAR)
    return out
