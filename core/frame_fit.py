"""``fit``: the one way a decoded frame becomes a model's input size (the sampler's resize, and
``VideoTextModel.preprocess`` for frames of another size)."""

from __future__ import annotations

import cv2
import numpy as np


def fit(img: np.ndarray, size: tuple[int, int], crop: str = "center", resize: dict | None = None) -> np.ndarray:
    """A uint8 [H, W, 3] frame at ``size`` (height, width). ``resize`` None: Seekframe's own
    (OpenCV area filter shrinking, else linear; ``crop`` as in :class:`FrameSampler`). A model
    config's ``{"mode": "shortest_edge", "shortest_edge": E, "resample": "bicubic", ...}``:
    CLIPImageProcessor's recipe to the pixel (short side to E, long side truncated as
    transformers does, that PIL filter, centre ``size`` crop)."""
    th, tw = size
    h, w = img.shape[:2]
    if resize is not None:
        from PIL import Image

        nw, nh = recipe_size(w, h, resize)
        if (nh, nw) != (h, w):
            filt = Image.Resampling[str(resize["resample"]).upper()]
            img = np.asarray(Image.fromarray(np.ascontiguousarray(img)).resize((nw, nh), resample=filt))
    elif (h, w) == (th, tw):
        return img
    else:
        nw, nh = scaled_size(w, h, size, crop)
        shrink = nw * nh < w * h
        img = cv2.resize(img, (nw, nh), interpolation=cv2.INTER_AREA if shrink else cv2.INTER_LINEAR)
        if crop == "resize":
            return img
        if crop == "pad":
            out = np.zeros((th, tw, 3), np.uint8)
            y, x = (th - nh) // 2, (tw - nw) // 2
            out[y : y + nh, x : x + nw] = img
            return out
    y, x = (nh - th) // 2, (nw - tw) // 2  # a centre crop
    return np.ascontiguousarray(img[y : y + th, x : x + tw])


def recipe_size(w: int, h: int, resize: dict) -> tuple[int, int]:
    """(width, height) a model config's resize recipe brings a ``w`` x ``h`` frame to before its crop."""
    edge = int(resize["shortest_edge"])
    return (edge, int(edge * h / w)) if w <= h else (int(edge * w / h), edge)


def scaled_size(w: int, h: int, size: tuple[int, int], crop: str) -> tuple[int, int]:
    """(width, height) of a ``w`` x ``h`` frame resized for ``crop`` to make it ``size``."""
    th, tw = size
    if crop == "resize":
        return tw, th
    scale = max(th / h, tw / w) if crop == "center" else min(th / h, tw / w)
    return max(1, round(w * scale)), max(1, round(h * scale))

