"""A stage's checkpoint is a safetensors file, never a pickle: resuming an interrupted stage
unpickles nothing (``torch.load(weights_only=True)``'s restricted unpickler has had holes,
CVE-2025-32434), and an earlier version's pickled ``checkpoint.pt`` is never read."""

from __future__ import annotations

import logging
import pickle

import pytest
import torch

from core.errors import SeekframeError
from training import checkpoint, loop
from tests.test_training_checkpoints import _Net, _Stop, _fit


def _trained():
    torch.manual_seed(0)
    model = torch.nn.Sequential(torch.nn.Linear(3, 5), torch.nn.BatchNorm1d(5), torch.nn.Linear(5, 2))
    opt = torch.optim.AdamW(model.parameters(), lr=0.1, betas=(0.8, 0.95))
    sched = torch.optim.lr_scheduler.LambdaLR(opt, lambda s: 1.0 / (1 + s))
    for _ in range(3):
        model(torch.randn(8, 3)).pow(2).mean().backward()
        opt.step(), sched.step(), opt.zero_grad()
    return model, opt, sched


def _no_unpickling(monkeypatch):
    def refuse(*a, **k):
        raise AssertionError("a checkpoint was unpickled")
    monkeypatch.setattr(torch, "load", refuse)
    monkeypatch.setattr(pickle, "load", refuse)
    monkeypatch.setattr(pickle, "loads", refuse)


def test_a_checkpoint_is_safetensors_and_resumes_the_same_optimizer_without_unpickling(tmp_path, monkeypatch):
    from safetensors import safe_open

    model, opt, sched = _trained()
    history = [{"epoch": 1, "loss": 0.5, "val_t2v_r1": float("nan")}]
    best = checkpoint.trained_state(model, set())
    path = tmp_path / checkpoint.NAME
    checkpoint.save(path, model, opt, 1, history, sched, best)
    assert path.name.endswith(".safetensors")
    with safe_open(str(path), framework="pt") as f:  # (a zip of pickles fails here)
        assert "state/model/0.weight" in f.keys()
    _no_unpickling(monkeypatch)
    torch.manual_seed(5)
    again = torch.nn.Sequential(torch.nn.Linear(3, 5), torch.nn.BatchNorm1d(5), torch.nn.Linear(5, 2))
    opt2 = torch.optim.AdamW(again.parameters(), lr=0.1, betas=(0.8, 0.95))
    sched2 = torch.optim.lr_scheduler.LambdaLR(opt2, lambda s: 1.0 / (1 + s))
    epoch, hist, best2 = checkpoint.load(path, again, opt2, sched2)
    assert epoch == 1 and hist[0]["loss"] == 0.5 and set(best2) == set(best)
    for k, v in model.state_dict().items():
        assert torch.equal(again.state_dict()[k], v), k
    assert sched2.last_epoch == sched.last_epoch == 3
    assert opt2.state_dict()["param_groups"][0]["betas"] == (0.8, 0.95)
    x = torch.randn(8, 3)
    for m, o in ((model, opt), (again, opt2)):  # the same next step: the Adam moments came back
        m(x).pow(2).mean().backward()
        o.step()
    for k, v in model.state_dict().items():
        assert torch.equal(again.state_dict()[k], v), k


def test_an_interrupted_stage_resumes_from_safetensors_with_nothing_unpickled(tmp_path, monkeypatch):
    torch.manual_seed(1)
    straight = _fit(tmp_path / "straight", _Net())
    torch.manual_seed(1)
    with pytest.raises(_Stop):
        _fit(tmp_path / "killed", _Net(), stop_at=6)
    assert (tmp_path / "killed" / checkpoint.NAME).exists()
    assert not (tmp_path / "killed" / "checkpoint.pt").exists()
    _no_unpickling(monkeypatch)
    again = _fit(tmp_path / "killed", _Net(), scores=(50.0, 20.0))
    assert [h["loss"] for h in again] == pytest.approx([h["loss"] for h in straight], abs=1e-6)
    assert loop.selected_epoch(again) == 2


class _Trap:
    def __reduce__(self):
        return (open, ("/nonexistent-dir/unpickled", "w"))


def test_an_earlier_pickled_checkpoint_is_never_read_and_goes_with_the_stage(tmp_path, caplog):
    caplog.set_level(logging.WARNING, logger="training")
    stage = tmp_path / "stage"
    stage.mkdir()
    torch.save({"epoch": 2, "trap": _Trap()}, stage / "checkpoint.pt")
    history = _fit(stage, _Net())  # trained from its start: its 3 epochs, no error from the trap
    assert [h["epoch"] for h in history] == [1, 2, 3]
    assert "checkpoint.pt" in caplog.text and "not read" in caplog.text
    checkpoint.drop(stage)
    assert not (stage / "checkpoint.pt").exists() and not (stage / checkpoint.NAME).exists()


def test_only_rank_0_says_the_pickled_checkpoint_is_not_read(tmp_path, caplog, monkeypatch):
    """Under torchrun every rank logged the pickled checkpoint's warning (s54 end review): only the
    process that writes the shared files says it, as with the other shared files' words."""
    caplog.set_level(logging.WARNING, logger="training")
    torch.save({"epoch": 2}, tmp_path / "checkpoint.pt")
    monkeypatch.setattr(loop, "distributed", lambda: (1, 1))  # (rank 1: its first step is reached)
    with pytest.raises(_Stop):
        _fit(tmp_path, _Net(), stop_at=1)
    assert "not read" not in caplog.text


def test_a_damaged_checkpoint_is_refused_with_what_to_do(tmp_path):
    path = tmp_path / checkpoint.NAME
    path.write_bytes(b"\x10\x00\x00\x00\x00\x00\x00\x00{\"a\": 1}")
    with pytest.raises(SeekframeError, match="cannot be read.*--restart STAGE"):
        checkpoint.load(path, _Net(), torch.optim.AdamW(_Net().parameters()))


def test_a_checkpoint_copies_no_tensor_twice_and_still_writes_shared_ones(tmp_path, monkeypatch):
    """Every tensor was copied to the CPU and then cloned again, every epoch, for the weights, the best
    weights and both AdamW moments (s54 end review): peak memory about twice the checkpoint's size.
    On the CPU, trained_state's fresh copies and the optimizer's moments are now written as they are;
    a tensor that shares storage with one already taken (a view, the same one twice) is still cloned,
    as safetensors refuses shared storage."""
    model, opt, sched = _trained()
    state = {"model": checkpoint.trained_state(model, set()), "optimizer": opt.state_dict(), "epoch": 1}
    clones = []
    real_clone = torch.Tensor.clone
    monkeypatch.setattr(torch.Tensor, "clone", lambda self, *a, **k: clones.append(1) or real_clone(self, *a, **k))
    checkpoint.write(tmp_path / "a.safetensors", state)
    assert clones == []
    base = torch.arange(10.0)
    checkpoint.write(tmp_path / "b.safetensors", {"x": base, "again": base, "tail": base[6:], "head": base[:3]})
    assert len(clones) == 3
    monkeypatch.undo()
    back = checkpoint.read(tmp_path / "b.safetensors")
    assert torch.equal(back["again"], base) and back["tail"].tolist() == [6.0, 7.0, 8.0, 9.0]
    assert back["head"].tolist() == [0.0, 1.0, 2.0]
    read = checkpoint.read(tmp_path / "a.safetensors")
    for k, v in state["model"].items():
        assert torch.equal(read["model"][k], v), k
    for i, moments in state["optimizer"]["state"].items():
        assert all(torch.equal(read["optimizer"]["state"][i][n], t) for n, t in moments.items())
