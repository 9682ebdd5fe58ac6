"""Runs of equal consecutive frames, so a tower computes each once.

A moment repeats frames: a short one's are repeated to the model's count, and a window without
a keyframe repeats the last one; a still scene's nearest decoded frames can repeat too (a quick
pass's moment is its one frame alone: ``Encoder.encode_moments`` repeats its features). A tower that
sees one frame at a time computes the first frame of each run and copies its output: the same
numbers, up to 4x less work a quick moment of 4 frames (``benchmarks/RESULTS.md``)."""

from __future__ import annotations

import torch


def frame_runs(frames: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor] | None:
    """(index of each run's first frame, each frame's run) of ``frames [N, ...]``, or None when no
    frame equals the one before it (nothing to save). Only in inference on a CPU, where the
    towers' time goes: a GPU runs the batch as it is."""
    n = frames.shape[0]
    if n < 2 or frames.device.type != "cpu" or torch.is_grad_enabled():
        return None
    same = [torch.equal(frames[i], frames[i - 1]) for i in range(1, n)]
    if not any(same):
        return None
    run = torch.tensor([0] + same, dtype=torch.long).logical_not().cumsum(0) - 1  # each frame's run
    first = torch.tensor([0] + [i for i in range(1, n) if not same[i - 1]], dtype=torch.long)
    return first, run


def per_run(tower, frames: torch.Tensor, enabled: bool = True) -> torch.Tensor:
    """``tower(frames)`` for a tower whose output for a frame depends on that frame alone, each
    run of equal frames computed once; ``enabled`` False (a tower training: its batch statistics
    must see every frame) runs the batch as it is."""
    runs = frame_runs(frames) if enabled else None
    if runs is None:
        return tower(frames)
    first, run = runs
    return tower(frames[first])[run]
