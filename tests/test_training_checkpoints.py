"""A stage's checkpoint: what an interrupted stage resumes from, and nothing more. Each finished
stage left its checkpoint behind holding the frozen MiniLM text tower twice (the model and
its best weights): 182 MB for a 5 k-parameter student, about 2.7 GB for the synthetic config."""

from __future__ import annotations

import logging

import pytest
import torch

from core.errors import SeekframeError
from training import checkpoint, loop
from training.pipeline import Run
from training.run import main
from tests.test_training_run import TINY


class _Net(torch.nn.Module):
    """A trainable head beside a frozen "pretrained" tower (built the same from the same seed)."""

    def __init__(self, pretrained_seed: int = 7):
        super().__init__()
        self.head = torch.nn.Linear(4, 4)
        gen = torch.Generator().manual_seed(pretrained_seed)
        self.tower = torch.nn.Linear(128, 128)
        with torch.no_grad():
            self.tower.weight.copy_(torch.randn(128, 128, generator=gen))
            self.tower.bias.copy_(torch.randn(128, generator=gen))
        self.tower.requires_grad_(False)

    def forward(self, x):
        return self.head(x) + self.tower(torch.ones(128))[:4] * 1e-3


class _Stop(Exception):
    pass


def _fit(out_dir, model, stop_at=None, epochs=3, scores=(10.0, 50.0, 20.0)):
    torch.manual_seed(0)
    data = [{"x": torch.randn(4)} for _ in range(16)]
    calls = []

    def step(m, batch):
        calls.append(1)
        if stop_at is not None and len(calls) == stop_at:
            raise _Stop  # the run is killed part-way through an epoch
        return (m(batch["x"]) - batch["x"]).pow(2).mean(), {}

    scores = iter(scores)  # epoch 2 is the best on validation
    return loop.fit(model=model, step_fn=step, dataset=data, collate=lambda items: {"x": torch.stack([i["x"] for i in items])},
                    cfg={"batch_size": 4, "lr": 0.05, "weight_decay": 0.01, "epochs": epochs}, train_cfg={},
                    seed=0, out_dir=out_dir, device=torch.device("cpu"),
                    validate=lambda m: {"t2v_r1": next(scores), "rsum": 0.0})


def test_an_interrupted_stage_resumes_to_the_same_weights_without_its_frozen_tower_on_disk(tmp_path):
    torch.manual_seed(1)
    straight = _Net()
    hist = _fit(tmp_path / "straight", straight)
    torch.manual_seed(1)
    model = _Net()
    with pytest.raises(_Stop):
        _fit(tmp_path / "killed", model, stop_at=6)  # in epoch 2 (4 steps an epoch)
    ckpt = tmp_path / "killed" / checkpoint.NAME
    state = checkpoint.read(ckpt)
    assert state["epoch"] == 1 and set(state["model"]) == {"head.weight", "head.bias"}
    assert set(state["best"]) == {"head.weight", "head.bias"}  # (epoch 1, the best so far)
    assert ckpt.stat().st_size < 20_000  # the 64 KB frozen tower is in neither
    torch.manual_seed(3)
    resumed = _Net()  # built again: its frozen tower comes from its "pretrained source"
    again = _fit(tmp_path / "killed", resumed, scores=(50.0, 20.0))
    assert [h["loss"] for h in again] == pytest.approx([h["loss"] for h in hist], abs=1e-6)
    assert loop.selected_epoch(again) == loop.selected_epoch(hist) == 2
    for k, v in straight.state_dict().items():
        assert torch.allclose(resumed.state_dict()[k], v, atol=1e-6), k


def test_a_resume_on_other_frozen_weights_is_refused_and_an_older_full_checkpoint_loads(tmp_path):
    model = _Net()
    with pytest.raises(_Stop):
        _fit(tmp_path, model, stop_at=6)
    with pytest.raises(SeekframeError, match="trained with other frozen weights.*--restart"):
        _fit(tmp_path, _Net(pretrained_seed=8))
    # a checkpoint written before frozen parameters were left out: the whole state, no digest
    ckpt = tmp_path / checkpoint.NAME
    state = checkpoint.read(ckpt)
    full = {**model.state_dict(), **state["model"]}
    checkpoint.write(ckpt, {**{k: v for k, v in state.items() if k != "frozen_digest"}, "model": full, "best": full})
    assert len(_fit(tmp_path, _Net())) == 3


@pytest.mark.timeout(600)
def test_a_finished_stage_leaves_no_checkpoint_and_an_interrupted_one_resumes(tmp_path, monkeypatch, caplog):
    caplog.set_level(logging.INFO, logger="training")
    out = tmp_path / "run"
    args = ["--config", "training/configs/synthetic.yaml", "--set", f"output={out}",
            "--set", f"data.root={tmp_path / 'world'}", "--set", "seeds=[0]"]
    for s in TINY + ["student.epochs=2", "stages=[no_kd]"]:
        args += ["--set", s]
    stage = out / "seed0" / "no_kd"
    validator = Run._validate

    def killed_in_epoch_2(self, who, tokenizer):  # (validation runs before each epoch's checkpoint)
        validate, epochs = validator(self, who, tokenizer), []

        def once(model):
            epochs.append(1)
            if len(epochs) == 2:
                raise _Stop
            return validate(model)
        return once

    monkeypatch.setattr(Run, "_validate", killed_in_epoch_2)
    with pytest.raises(_Stop):
        main(args)  # killed in its second epoch
    # the student's frozen MiniLM (22.7 M parameters, 91 MB) is not in it: 182 MB before
    assert (stage / checkpoint.NAME).stat().st_size < 2_000_000 and not (stage / "model").exists()
    monkeypatch.setattr(Run, "_validate", validator)
    loaded = []  # (a stage's run loaded the student it had just saved, or found, for nothing: MiniLM built again)
    monkeypatch.setattr(Run, "_load_student", lambda self, folder: loaded.append(folder))
    caplog.clear()
    assert main(args) == 0
    assert "resumed" in caplog.text and "no_kd epoch 2:" in caplog.text and "no_kd epoch 1:" not in caplog.text
    assert (stage / "model" / "config.json").exists() and not (stage / checkpoint.NAME).exists()
    # one left by a run stopped between saving the model and removing it goes at the next reuse
    (stage / checkpoint.NAME).write_bytes(b"stale")
    caplog.clear()
    assert main(args) == 0
    assert "epoch" not in caplog.text and not (stage / checkpoint.NAME).exists()
    assert loaded == []  # (no eval stage asked: nothing uses a student)
