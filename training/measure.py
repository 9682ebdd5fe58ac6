"""Sizes and speeds: parameters per side, FLOPs per clip, encode throughput timed on identical
work for every model of a run."""

from __future__ import annotations

import os
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


def _waits_for(device):
    """A function that returns once ``device`` has done the work queued on it: CUDA runs kernels
    asynchronously, so a clock read right after ``encode`` returns would time the queueing, not the
    work (and a pass's last batch would run into the next pass). CPU work is done on return."""
    device = torch.device(device) if device is not None else None
    if device is not None and device.type == "cuda":
        return lambda: torch.cuda.synchronize(device)
    return lambda: None


def machine_load() -> dict[str, float]:
    """What the machine was doing while a timing ran: the 1-minute load average (runnable threads,
    this run's own included; absent where the system has none, e.g. Windows) and the CPUs the run
    may use."""
    try:
        cpus = len(os.sched_getaffinity(0))
    except (AttributeError, OSError):
        cpus = os.cpu_count() or 1
    try:
        return {"load_avg_1m": float(os.getloadavg()[0]), "cpus": float(cpus)}
    except (AttributeError, OSError):
        return {"cpus": float(cpus)}


@torch.inference_mode()
def timed_clips(encode, frames: np.ndarray, batch: int = 32, repeats: int = 5, device=None) -> dict:
    """Clips per second of ``encode`` over ``frames`` in batches of ``batch``: one warm-up pass,
    then ``clips_per_s``, the median of ``repeats`` timed passes, with the slowest and fastest pass;
    ``timed_while`` holds ``machine_load`` after them, what the figures are worth (on a shared CPU,
    mostly noise): the context of this one timing, not a figure, so a summary over seeds never
    averages it (``report.aggregate`` takes numbers only).
    ``device``: where ``encode`` runs; a CUDA device is waited for before each clock read."""
    if len(frames) == 0:
        raise ValueError("no clips to time")
    done = _waits_for(device)
    batches = [frames[i:i + batch] for i in range(0, len(frames), batch)]
    for b in batches:  # warm-up: allocators, caches, lazy init
        encode(b)
    done()
    times = []
    for _ in range(max(1, repeats)):
        t0 = time.perf_counter()
        for b in batches:
            encode(b)
        done()
        times.append(time.perf_counter() - t0)
    n = len(frames)
    return {"clips_per_s": n / statistics.median(times), "clips_per_s_slowest_pass": n / max(times),
            "clips_per_s_fastest_pass": n / min(times), "timed_while": machine_load()}
