"""Sizes and speeds that mean something (issue 13, point 4)."""

from __future__ import annotations

import numpy as np
import pytest
import torch

from training import measure


class _Model(torch.nn.Module):
    def __init__(self):
        super().__init__()
        self.vision = torch.nn.Linear(10, 20)  # 220
        self.temporal = torch.nn.Linear(20, 20)  # 420
        self.text = torch.nn.Linear(30, 40)  # 1240: the "pretrained tower"
        self.text_proj = torch.nn.Linear(40, 5)  # 205


def test_parameters_are_counted_per_side_with_the_frozen_text_tower_apart():
    m = _Model()
    for p in m.text.parameters():
        p.requires_grad_(False)
    got = measure.parameter_counts(m)
    assert got["video_params_m"] == pytest.approx(640e-6) and got["text_params_m"] == pytest.approx(1445e-6)
    assert got["frozen_text_params_m"] == pytest.approx(1240e-6) and got["params_m"] == pytest.approx(2085e-6)
    assert measure.parameter_counts(m, frozen_text=False)["frozen_text_params_m"] == 0  # as trained
    teacher = torch.nn.Module()
    teacher.base, teacher.motion = _Model(), torch.nn.Linear(20, 20)
    assert measure.parameter_counts(teacher)["video_params_m"] == pytest.approx(1060e-6)  # motion is video side


def test_flops_per_clip_counts_one_clip():
    lin = torch.nn.Linear(64, 32, bias=False)
    clips = np.zeros((5, 8, 64), np.float32)
    flops = measure.flops_per_clip(lambda x: lin(torch.from_numpy(x)), clips)
    assert flops == 2 * 8 * 64 * 32  # one clip of 8 rows, a multiply-add is two FLOPs


def test_throughput_is_the_median_of_passes_after_a_warm_up_on_the_same_batches(monkeypatch):
    seen = []
    clock = iter([0.0, 1.0, 10.0, 12.0, 20.0, 100.0])  # passes of 1 s, 2 s, 80 s: median 2 s
    monkeypatch.setattr(measure.time, "perf_counter", lambda: next(clock))
    frames = np.arange(70)
    rate = measure.timed_clips(lambda b: seen.append(tuple(b)), frames, batch=32, repeats=3)["clips_per_s"]
    assert rate == pytest.approx(70 / 2.0)
    passes = [seen[i:i + 3] for i in range(0, len(seen), 3)]
    assert len(passes) == 4 and all(p == passes[0] for p in passes)  # warm-up + 3, identical batches
    assert [len(b) for b in passes[0]] == [32, 32, 6]
