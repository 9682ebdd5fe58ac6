"""Sizes and speeds: parameters per side, FLOPs per clip, encode throughput timed on identical
work for every model of a run."""

from __future__ import annotations

import statistics
import time

import numpy as np
import torch
from torch.utils.flop_counter import FlopCounterMode


def parameter_counts(model, frozen_text: bool | None = None) -> dict[str, float]:
    """Millions of parameters: ``video_params_m`` (what indexing runs: all but the text side),
    ``text_params_m`` (text tower + projection), ``frozen_text_params_m`` (the text tower when
    kept frozen: ``frozen_text``, or None to read ``requires_grad``), ``params_m`` (all)."""
    base = getattr(model, "base", model)
    tower = {id(p) for p in base.text.parameters()}
    text_side = tower | {id(p) for p in base.text_proj.parameters()}
    params = {id(p): p for p in model.parameters()}
    text = [p for i, p in params.items() if i in text_side]
    frozen = [p for i, p in params.items() if i in tower
              and (not p.requires_grad if frozen_text is None else frozen_text)]
    video = [p for i, p in params.items() if i not in text_side]
    m = lambda ps: sum(p.numel() for p in ps) / 1e6  # noqa: E731
    return {"params_m": m(params.values()), "video_params_m": m(video), "text_params_m": m(text),
            "frozen_text_params_m": m(frozen)}


@torch.inference_mode()
def flops_per_clip(encode, clip: np.ndarray) -> float:
    """FLOPs of ``encode`` (a function of a batch of clips) on one clip ``[1, ...]``, as
    ``FlopCounterMode`` counts them (a multiply-add is two)."""
    counter = FlopCounterMode(display=False)
    with counter:
        encode(clip[:1])
    return float(counter.get_total_flops())


@torch.inference_mode()
def clips_per_second(encode, frames: np.ndarray, batch: int = 32, repeats: int = 5) -> float:
    """Clips per second of ``encode`` over ``frames`` in batches of ``batch``: one warm-up pass,
    then the median of ``repeats`` timed passes."""
    if len(frames) == 0:
        raise ValueError("no clips to time")
    batches = [frames[i:i + batch] for i in range(0, len(frames), batch)]
    for b in batches:  # warm-up: allocators, caches, lazy init
        encode(b)
    times = []
    for _ in range(max(1, repeats)):
        t0 = time.perf_counter()
        for b in batches:
            encode(b)
        times.append(time.perf_counter() - t0)
    return len(frames) / statistics.median(times)
