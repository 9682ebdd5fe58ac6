"""The teacher's temperature from a run's config: fixed (as before) or learned (``teacher.learn_temperature``,
reaching ``loop.teacher_step`` through ``builders.build_teacher``); and a teacher batch holding one video twice
(an unreadable video's place taken by the next readable one) counts the copies as positives of each other."""

from __future__ import annotations

import pytest
import torch

from tests.models import tiny_config, tiny_tokenizer
from training import builders, loop, losses
from training.config import load_config

CAPTIONS = ["a red ball rolling left", "a blue square moving right", "a green circle growing",
            "a yellow ball bouncing"]


def _teacher(learn: bool, sets=()):
    cfg = load_config(None, (["teacher.learn_temperature=true"] if learn else []) + list(sets))
    cfg["teacher"]["model"] = tiny_config()
    torch.manual_seed(0)
    real, builders.load_tokenizer = builders.load_tokenizer, lambda folder, config: tiny_tokenizer()
    try:  # (the tiny text tower names no tokenizer of its own)
        teacher, _ = builders.build_teacher(cfg)
    finally:
        builders.load_tokenizer = real
    return teacher, cfg["teacher"]


def _batch(index=(0, 1, 2, 3)):
    g = torch.Generator().manual_seed(0)
    frames = torch.randint(0, 256, (len(index), 4, 32, 32, 3), generator=g, dtype=torch.uint8)
    return {"frames": frames, "caption": [CAPTIONS[i] for i in index], "index": torch.tensor(index)}


def _train(teacher, section, steps=3):
    step = loop.teacher_step(teacher, tiny_tokenizer(), torch.device("cpu"))
    opt = torch.optim.AdamW([p for p in teacher.parameters() if p.requires_grad], lr=0.05)
    parts = {}
    for _ in range(steps):
        loss, parts = step(teacher, _batch())
        opt.zero_grad()
        loss.backward()
        opt.step()
    return parts


def test_a_learned_temperature_trains_and_is_kept_in_the_history():
    teacher, section = _teacher(learn=True)
    assert teacher.config["learn_temperature"] is True
    before = float(teacher.temperature().detach())
    parts = _train(teacher, section)
    after = float(teacher.temperature().detach())
    assert after != before
    assert 0.01 <= after <= 1.0
    assert "temperature" in parts and abs(float(parts["temperature"]) - after) < 0.05


def test_a_fixed_temperature_stays_the_configs():
    teacher, section = _teacher(learn=False)
    scale = float(teacher.base.logit_scale.detach())
    parts = _train(teacher, section)
    assert "temperature" not in parts
    assert float(teacher.base.logit_scale.detach()) == scale
    assert teacher.temperature() == section["temperature"] == 0.07


def test_a_video_twice_in_a_teacher_batch_is_its_own_positive():
    teacher, section = _teacher(learn=False)
    teacher.eval()
    tok = tiny_tokenizer()
    batch = _batch((0, 1, 1, 2))  # video 1 served twice (another's place), each with its caption
    step = loop.teacher_step(teacher, tok, torch.device("cpu"))
    with torch.no_grad():
        loss, _ = step(teacher, batch)
        enc = tok(batch["caption"], padding=True, return_tensors="pt")
        out = teacher(batch["frames"], enc["input_ids"], enc["attention_mask"])
        args = (out["appearance"], out["motion"], out["text"], section["temperature"], section["loss_weights"])
        with_pos, _ = losses.teacher_loss(*args, positives=losses.same_video_mask(batch["index"]))
        as_negatives, _ = losses.teacher_loss(*args)
    assert torch.allclose(loss, with_pos)
    assert not torch.allclose(loss, as_negatives)


def test_results_md_words_the_learned_temperature():
    from training.objective_words import objective_lines
    from training.stages import teacher_shape

    cfg = load_config(None, ["teacher.learn_temperature=true"])
    per_seed = {0: {"teacher": {"t2v_r1": 20.0, "learned_temperature": 0.0613}}, 1: {"teacher": {"t2v_r1": 18.0}}}
    line = objective_lines(cfg, ["teacher"], {"teacher": "Teacher"}, per_seed)[1]
    assert "τ learned from 0.07: 0.0613 in the teacher's kept weights" in line
    fixed = load_config(None, [])
    assert "(τ 0.07)" in objective_lines(fixed, ["teacher"], {"teacher": "Teacher"}, per_seed)[1]
    # a teacher trained before the setting existed stays current (its recorded shape has no such key)
    assert "learn_temperature" not in teacher_shape(fixed, 0, {})["teacher"]
    assert teacher_shape(cfg, 0, {})["teacher"]["learn_temperature"] is True


@pytest.mark.slow
@pytest.mark.timeout(900)
def test_results_md_gives_the_kept_teachers_own_learned_temperature(tmp_path):
    """results.md gave the mean of the kept epoch's steps (each step's τ before its update), not the τ of
    the weights kept; now the kept teacher's own, read in its test evaluation (and in results.json)."""
    import json

    from safetensors.torch import load_file

    from tests.test_training_run import TINY
    from training.run import main

    out = tmp_path / "run"
    args = ["--config", "training/configs/synthetic.yaml", "--set", f"output={out}",
            "--set", f"data.root={tmp_path / 'world'}", "--set", "seeds=[0]", "--set", "stages=[teacher, eval]",
            "--set", "teacher.learn_temperature=true", "--set", "teacher.lr=0.05"]
    for s in TINY:
        args += ["--set", s]
    assert main(args) == 0  # (one epoch: its steps' mean is not the τ after its last step)
    kept = float(losses.learned_temperature(load_file(out / "seed0" / "teacher" / "teacher.safetensors")["base.logit_scale"]))
    history = json.loads((out / "seed0" / "teacher" / "history.json").read_text())
    assert all(abs(h["temperature"] - kept) > 1e-4 for h in history)  # (no epoch's mean is the kept value)
    assert json.loads((out / "results.json").read_text())["per_seed"]["0"]["teacher"]["learned_temperature"] == \
        pytest.approx(kept)
    assert f"τ learned from 0.07: {kept:.4g} in the teacher's kept weights" in (out / "results.md").read_text()


def test_a_teacher_batch_can_hold_a_video_twice(tmp_path):
    """Why the step above needs positives: a batch's unreadable video is served as the next readable one,
    which the same batch may hold already (a guard: true of the old dataset too)."""
    from core.media import FrameSampler
    from tests.videos import Segment, write_broken_video, write_video
    from training.data.base import Split, VideoEntry
    from training.data.dataset import ClipTextDataset, collate

    good = [VideoEntry(c, [f"a {c} clip"], str(write_video(tmp_path / f"{c}.mp4", [Segment(1.0, c)], fps=10,
                                                           size=(32, 32)))) for c in ("red", "green")]
    bad = VideoEntry("bad", ["broken"], str(write_broken_video(tmp_path / "bad.mp4")))
    ds = ClipTextDataset(Split("train", [good[0], bad, good[1]]), FrameSampler(size=16), 2, train=True)
    batch = collate([ds[(i, 0)] for i in range(3)])  # (index, draw): as loop.PairedBatchSampler keys them
    assert batch["index"].tolist() == [0, 2, 2]
    assert int(losses.same_video_mask(batch["index"]).sum()) == 5  # the diagonal and green's two copies


def test_a_learned_temperature_is_kept_out_of_weight_decay():
    teacher, section = _teacher(learn=True)
    groups = loop.param_groups(teacher, 1e-3)
    scale = [g for g in groups if any(p is teacher.base.logit_scale for p in g["params"])]
    assert len(scale) == 1 and scale[0]["params"] == [teacher.base.logit_scale]
    assert scale[0]["weight_decay"] == 0.0 and scale[0]["lr"] == 1e-3
    assert sum(len(g["params"]) for g in groups) == sum(1 for p in teacher.parameters() if p.requires_grad)
    # nothing but decay moves it: no gradient of the loss, AdamW's decay alone (lr 0.1, decay 0.5)
    teacher.base.logit_scale.grad = torch.zeros(())
    opt = torch.optim.AdamW([g for g in groups if g is scale[0]], lr=0.1, weight_decay=0.5)
    before = float(teacher.base.logit_scale.detach())
    opt.step()
    assert float(teacher.base.logit_scale.detach()) == before
    fixed, _ = _teacher(learn=False)  # a fixed τ: the groups as before (old checkpoints' optimizer state fits)
    assert len(loop.param_groups(fixed, 1e-3)) == 1


def test_a_learned_temperature_starts_from_the_configs():
    """The learned τ started from the base's logit scale (0.07 for any config), the config's temperature
    unused: it now starts there (the scale set to log(1/τ), as open_clip starts it), and a starting τ outside
    the bounds the learned one is held in is refused with the config key named."""
    import math

    from core.errors import SeekframeError

    teacher, _ = _teacher(learn=True, sets=["teacher.temperature=0.2"])
    assert float(teacher.temperature().detach()) == pytest.approx(0.2)
    assert float(teacher.base.logit_scale.detach()) == pytest.approx(math.log(5.0))
    for bad in ("0.005", "2"):
        with pytest.raises(SeekframeError, match="teacher.temperature"):
            load_config(None, ["teacher.learn_temperature=true", f"teacher.temperature={bad}"])
    assert load_config(None, ["teacher.temperature=2"])["teacher"]["temperature"] == 2  # fixed: any τ > 0
