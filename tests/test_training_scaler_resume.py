"""fp16's loss scaler (``torch.amp.GradScaler``) resumes with its stage: a checkpoint keeps its scale
and growth count, so an interrupted fp16 stage goes on at the scale it had reached, not at a fresh
65536 that overflows and skips steps until it has backed off again. (A CPU scaler stands in for the
CUDA one here: the same class and state.)"""

from __future__ import annotations

import pickle
from contextlib import nullcontext

import pytest
import torch

from training import checkpoint, loop
from tests.test_training_checkpoints import _Net, _Stop, _fit


def _scalers(monkeypatch) -> list:
    """Make ``fit`` run with a (CPU) loss scaler that doubles its scale every 3 good steps; the list
    gets each scaler made."""
    made = []

    def autocast_for(device, precision="auto"):
        made.append(torch.amp.GradScaler("cpu", init_scale=1024.0, growth_interval=3))
        return nullcontext(), made[-1]
    monkeypatch.setattr(loop, "autocast_for", autocast_for)
    return made


def test_an_interrupted_fp16_stage_resumes_at_the_loss_scale_it_had_reached(tmp_path, monkeypatch):
    made = _scalers(monkeypatch)
    torch.manual_seed(1)
    straight = _fit(tmp_path / "straight", _Net())  # 3 epochs of 4 steps
    whole = made[-1].state_dict()
    assert whole["scale"] == 1024.0 * 2 ** 4  # (12 good steps, doubled every 3)
    torch.manual_seed(1)
    with pytest.raises(_Stop):
        _fit(tmp_path / "killed", _Net(), stop_at=6)  # in epoch 2: epoch 1's 4 steps are in the checkpoint
    kept = checkpoint.read(tmp_path / "killed" / checkpoint.NAME).get("scaler")
    again = _fit(tmp_path / "killed", _Net(), scores=(50.0, 20.0))
    assert [h["loss"] for h in again] == pytest.approx([h["loss"] for h in straight], abs=1e-6)
    assert made[-1].state_dict() == whole  # a fresh scaler would end at 4096, two doublings short
    assert kept["scale"] == 2048.0 and kept["_growth_tracker"] == 1


def test_the_scale_a_stage_backed_off_to_comes_back_and_nothing_is_unpickled(tmp_path, monkeypatch):
    model = torch.nn.Linear(3, 2)
    opt = torch.optim.AdamW(model.parameters(), lr=0.1)
    scaler = torch.amp.GradScaler("cpu", init_scale=65536.0, growth_interval=2000)
    for bad in (True, True, False):  # two overflowing steps (skipped, the scale halved), one good
        loss = model(torch.randn(4, 3)).pow(2).mean() * (float("inf") if bad else 1.0)
        opt.zero_grad()
        scaler.scale(loss).backward()
        scaler.step(opt)
        scaler.update()
    assert scaler.get_scale() == 16384.0
    path = tmp_path / checkpoint.NAME
    checkpoint.save(path, model, opt, 1, [], scaler=scaler)
    monkeypatch.setattr(pickle, "loads", lambda *a, **k: pytest.fail("unpickled"))
    fresh = torch.amp.GradScaler("cpu", growth_interval=2000)
    checkpoint.load(path, torch.nn.Linear(3, 2), torch.optim.AdamW(torch.nn.Linear(3, 2).parameters()), scaler=fresh)
    assert fresh.state_dict() == scaler.state_dict()


def test_a_checkpoint_without_a_scale_leaves_the_scaler_fresh_and_bf16_ignores_one(tmp_path):
    model = torch.nn.Linear(3, 2)
    opt = torch.optim.AdamW(model.parameters())
    older = tmp_path / "older" / checkpoint.NAME  # fp32/bf16, or written before the scale was kept
    older.parent.mkdir()
    checkpoint.save(older, model, opt, 1, [])
    assert checkpoint.read(older)["scaler"] is None
    fresh = torch.amp.GradScaler("cpu", init_scale=512.0)
    assert checkpoint.load(older, model, opt, scaler=fresh)[0] == 1
    assert fresh.get_scale() == 512.0
    scaled = tmp_path / "fp16" / checkpoint.NAME
    scaled.parent.mkdir()
    checkpoint.save(scaled, model, opt, 2, [], scaler=torch.amp.GradScaler("cpu", init_scale=8.0))
    assert checkpoint.load(scaled, model, opt, scaler=None)[0] == 2  # (no scaler in hand: nothing to set)
