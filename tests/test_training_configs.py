"""Every shipped run config loads and describes models and data the code can build, without
downloading anything: a typo in a config is found here, not hours into a GPU run."""

from __future__ import annotations

import importlib
import inspect
from pathlib import Path

import pytest
import torch

from core.encoders import normalize_config
from core.encoders.sources import is_hub_id
from tests.models import tiny_config
from training import loop
from training.config import load_config
from training.precomputed import PRECOMPUTED, on_features
from training.teacher import Teacher, normalize_teacher_config

CONFIGS = sorted((Path(__file__).resolve().parent.parent / "training" / "configs").glob("*.yaml"))


def test_the_benchmark_configs_are_shipped():
    names = {p.stem for p in CONFIGS}
    assert {"synthetic", "demo", "msrvtt-clip", "msrvtt-features", "msvd", "vatex", "tgif"} <= names


@pytest.mark.parametrize("path", CONFIGS, ids=lambda p: p.stem)
def test_config_is_buildable(path):
    cfg = load_config(path)
    data = cfg["data"]
    module = importlib.import_module(f"training.data.{data['format']}")
    inspect.signature(module.load).bind(data["root"], data["train_split"], **data["options"])
    inspect.signature(module.load).bind(data["root"], data["test_split"], **data["options"])
    for who in ("teacher", "student"):
        spec = cfg[who]["model"]
        if isinstance(spec, str):
            assert is_hub_id(spec) or Path(spec).exists(), f"{who}.model {spec!r}"
            continue
        if data["features"]:
            assert spec["vision"]["type"] == PRECOMPUTED or "dim" in (spec["vision"].get("config") or {})
            spec = on_features(spec, int(spec["vision"]["config"]["dim"]))
        normalize_config(spec)  # refuses unknown tower types, bad sizes, …
        for side in ("vision", "text"):
            ref = spec[side].get("pretrained")
            assert ref is None or ref.startswith("package:") or is_hub_id(ref), ref
    normalize_teacher_config({"model": cfg["teacher"]["model"], "motion": cfg["teacher"]["motion"],
                              "temperature": cfg["teacher"]["temperature"],
                              "loss_weights": cfg["teacher"]["loss_weights"]})
    assert cfg["export"]["stage"] in cfg["stages"]


def test_pretrained_towers_learn_at_their_own_rate():
    from core.encoders import build_model

    spec = tiny_config(text="minilm")
    model = build_model(spec)
    groups = loop.param_groups(model, 1e-3, 1e-6)
    by_lr = {g["lr"]: {id(p) for p in g["params"]} for g in groups}
    assert by_lr[1e-6] == {id(p) for p in model.text.parameters()}
    assert {id(p) for p in model.vision.parameters()} <= by_lr[1e-3]
    assert {id(p) for p in model.text_proj.parameters()} <= by_lr[1e-3]
    # the teacher's base towers too; its motion stream is new
    teacher = Teacher({"base": spec})
    groups = loop.param_groups(teacher, 1e-3, 1e-6)
    slow = next(g for g in groups if g["lr"] == 1e-6)
    assert {id(p) for p in slow["params"]} == {id(p) for p in teacher.base.text.parameters()}
    # no tower_lr: one group; frozen parameters are never handed to the optimizer
    for p in model.text.parameters():
        p.requires_grad_(False)
    groups = loop.param_groups(model, 1e-3, None)
    assert len(groups) == 1 and not any(p.requires_grad is False for p in groups[0]["params"])
    assert sum(p.numel() for p in groups[0]["params"]) == sum(
        p.numel() for p in model.parameters() if p.requires_grad)
    torch.optim.AdamW(loop.param_groups(model, 1e-3, 1e-6), lr=1e-3)  # valid optimizer groups


def test_help_lists_every_config_with_its_run_time_and_every_stage(capsys):
    from training.run import STAGES, main

    with pytest.raises(SystemExit):
        main(["--help"])
    out = capsys.readouterr().out
    for path in CONFIGS:
        assert f"\n  {path.stem} " in out
    runtimes = [ln.split("run time:", 1)[1].strip() for ln in out.splitlines() if "run time:" in ln]
    assert len(runtimes) == len(CONFIGS) and "not measured" not in runtimes  # measured or estimated
    assert all(f"\n  {stage} " in out for stage in STAGES)
    assert "results.md" in out and "--restart" in out
