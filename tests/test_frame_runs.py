"""Repeated frames go through a tower once (core.encoders.frame_runs): the same vectors as the
whole batch, fewer frames computed. Quick-pass moments repeat one keyframe; short ones repeat
their last frame."""

from __future__ import annotations

import numpy as np
import pytest
import torch

import core.encoders.frame_runs as fr
from core.encoders import Encoder
from core.paths import bundled_models_dir
from tests.models import tiny_model


def naive_runs(frames):
    first, run = [], []
    for i in range(len(frames)):
        if i == 0 or not torch.equal(frames[i], frames[i - 1]):
            first.append(i)
        run.append(len(first) - 1)
    return first, run


def test_runs_match_the_naive_scan():
    rng = np.random.default_rng(0)
    with torch.inference_mode():
        for _ in range(200):
            codes = rng.integers(0, 3, rng.integers(1, 12))
            frames = torch.stack([torch.full((2, 3), float(c)) for c in codes])
            first, run = naive_runs(frames)
            got = fr.frame_runs(frames)
            if len(first) == len(frames):
                assert got is None
            else:
                assert got[0].tolist() == first and got[1].tolist() == run


def test_no_runs_while_training():
    frames = torch.zeros(4, 3)
    with torch.enable_grad():
        assert fr.frame_runs(frames) is None
    with torch.inference_mode():
        assert fr.frame_runs(frames) is not None


def moments(rng, size, frames=4):
    """Moments as the decoders give them: one keyframe repeated (a quick pass), a short moment's
    last frame repeated, all distinct, and a frame shared with the moment before."""
    a, b, c, d, e = (rng.integers(0, 256, (size, size, 3), dtype=np.uint8) for _ in range(5))
    quick = [a] * frames
    short = [b] + [c] * (frames - 1)
    distinct = [rng.integers(0, 256, (size, size, 3), dtype=np.uint8) for _ in range(frames)]
    shared = [distinct[-1]] * 2 + [d, e][: frames - 2]
    return np.stack([np.stack(m) for m in (quick, short, distinct, shared)])


def vectors_both_ways(enc, frames, monkeypatch):
    with_runs = enc.encode_moments(frames)
    with monkeypatch.context() as m:
        m.setattr(fr, "frame_runs", lambda frames: None)
        plain = enc.encode_moments(frames)
    return with_runs, plain


@pytest.mark.parametrize("vision", ["frame_cnn", "clip_vision"])
def test_a_per_frame_tower_computes_each_run_once(monkeypatch, vision):
    model, tok = tiny_model(vision=vision)
    enc = Encoder(model.eval(), tok, device="cpu")
    frames = moments(np.random.default_rng(1), 32)
    seen = []
    model.vision.register_forward_hook(lambda mod, args, out: seen.append(args[0].shape[0]))
    with_runs, plain = vectors_both_ways(enc, frames, monkeypatch)
    np.testing.assert_allclose(with_runs, plain, atol=1e-6)
    # runs: quick 1, short 2, distinct 4, shared 2 (its first two frames continue the run of the
    # distinct moment's last); without runs every frame
    assert seen == [1 + 2 + 4 + 2, 16]


@pytest.mark.slow
def test_the_real_model_computes_each_run_once(monkeypatch):
    """The imagenet_cnn tower is not per-frame (its frame cues are taken every detect_every-th
    frame and repeated): it runs its net per run, and scores a repeated pick once."""
    enc = Encoder.load(bundled_models_dir() / "real", device="cpu")
    tower = enc.model.vision
    assert tower.detect_every == 2 and enc.frames_per_moment == 4 and tower.detectors
    frames = moments(np.random.default_rng(2), enc.image_size, enc.frames_per_moment)
    with torch.inference_mode():
        fused = tower._inference_net()  # the copy inference runs
    seen, scored = [], []
    fused.register_forward_hook(lambda mod, args, out: seen.append(args[0].shape[0]))
    score = type(tower._face).score
    monkeypatch.setattr(type(tower._face), "score", lambda self, g: scored.append(1) or score(self, g))
    with_runs, plain = vectors_both_ways(enc, frames, monkeypatch)
    np.testing.assert_allclose(with_runs, plain, atol=1e-5)
    assert seen == [9, 16]  # the four moments in one pass: runs 1 + 2 + 4 + 2, or every frame
    # picks (frames 0 and 2 of each moment): a a | b c | x0 x2 | x3 d: the quick moment's second
    # pick repeats its first, so 7 scores of 8 (the picks' own check: both ways)
    assert len(scored) == 2 * 7
