"""The reporting half of one training run (``training.pipeline.Run``, whose methods these are: ``Run.evaluate``
and the rest): each stage scored once on the test split, its training history, the training videos every rank
left out, and what the data splits held, for ``training.report.write_report``."""

from __future__ import annotations

import json
import logging

import torch

from training import loop
from training.builders import text_frozen
from training.data.base import Split
from training.evaluate import PixelModel, evaluate_model, moment_hits
from training.measure import flops_per_clip, parameter_counts, timed_clips

log = logging.getLogger("training")
SPEED_CLIPS = 256  # test clips timed for encode throughput (the same clips for every model)


def evaluate(run, seed: int, trained: list[str]) -> tuple[dict, dict]:
    """({stage: metrics}, {stage: per-query t2v ranks}) on the test split, once."""
    results, ranks = {}, {}
    for stage in trained:
        if stage != "teacher":
            run.park_teacher()
        if stage == "teacher":
            model, tok = run.teacher(seed, train=False)
            view, size, resize = run.view(model, "teacher")
            measured = model
        elif run.features is not None:
            view, tok = run.student(seed, stage)
            size = resize = None
            measured = view.model
        else:
            enc = run.student(seed, stage)  # scored as the app runs it
            view, tok, size, resize = PixelModel(enc.model), enc.tokenizer, enc.image_size, enc.model.resize
            measured = enc.model
        inputs = run.inputs("test", size, resize)
        m, r = evaluate_model(view, tok, run.test, inputs, run.device, with_ranks=True)
        who = "teacher" if stage == "teacher" else "student"
        frozen = text_frozen(getattr(measured, "base", measured), run.cfg[who])
        m.update(parameter_counts(measured, frozen_text=frozen))
        encode = lambda f: view.encode_video(torch.from_numpy(f).to(run.device))  # noqa: E731
        m["mflops_per_clip"] = flops_per_clip(encode, inputs) / 1e6
        m.update(timed_clips(encode, inputs[:SPEED_CLIPS], device=run.device))
        if stage == "teacher" and model.config["learn_temperature"]:  # the kept weights' τ (results.md)
            m["learned_temperature"] = float(model.temperature().detach())
        hist = history(run, seed, stage)
        epoch = loop.selected_epoch(hist)
        if epoch is not None:
            m["selected_epoch"] = epoch
            m.update({k: h[k] for h in hist if h["epoch"] == epoch for k in loop.VAL_KEYS})
        if stage != "teacher" and run.features is None:
            m.update(moment_hits(enc, run.test) or {})
        results[stage], ranks[stage] = m, r.tolist()
        log.info("seed %d %s: %s", seed, stage, {k: round(v, 2) for k, v in m.items() if isinstance(v, float)})
    return results, ranks


def history(run, seed: int, stage: str) -> list[dict]:
    try:
        return json.loads((run.stage_dir(seed, stage) / "history.json").read_text())
    except (OSError, ValueError):
        return []


def gather_left_out(run) -> None:
    """Under torchrun (every rank calls it), the training videos other ranks found unreadable added to this
    rank's (rank 0's report and log named only its own), said once in the log."""
    for video_id, why in loop.every_ranks(dict(run.left_out_of_training)).items():
        if video_id not in run.left_out_of_training:
            run.left_out_of_training[video_id] = why
            log.warning("left out of training (by another process): %s: %s", video_id, why)


def data_summary(run) -> dict:
    """How many videos each split holds, where they come from (``Split.source``: which of the data's
    splits the test and validation splits are) and those left out with why (the report says them),
    the training videos found unreadable while training among them."""
    gone = run.left_out_of_training
    train = Split("train", [e for e in run.train.entries if e.video_id not in gone],
                  list(run.train.skipped) + list(gone.items()), run.train.source, run.train.carved)
    return {name: {"videos": len(s), "left_out": [list(x) for x in s.skipped], "from": s.source,
                   **({"carved": s.carved} if s.carved else {})}
            for name, s in (("train", train), ("val", run.val), ("test", run.test))}


def histories(run) -> dict:
    out: dict = {}
    for seed in run.cfg["seeds"]:
        for stage in run.completed(seed):
            out.setdefault(stage, {})[seed] = history(run, seed, stage)
    return out
