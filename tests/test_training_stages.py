"""Resume that never lies (issue 13, point 2): a stage folder is reused only for the settings,
data and teacher it was trained for; otherwise the run refuses, naming what changed, or retrains
it under --restart, and never writes a config.json claiming settings that were not trained."""

from __future__ import annotations

import json
import logging

import pytest

from tests.test_training_run import TINY
from training import stages
from training.data.base import Split, VideoEntry
from training.run import main


def _shape(**over):
    cfg = {"student": {"epochs": 2, "kd_weight": 1.0, "kd_temperature": 0.1, "kd_video_weight": 0.0,
                       "kd_text_weight": 0.0, "dis_weight": 0.5, "dis_temperature": 0.07, "lr": 1e-3},
           "train": {"grad_clip": 1.0, "num_workers": 0, "log_every": 10}, "precision": "auto"}
    for key, value in over.items():
        section, name = key.split("__")
        cfg[section][name] = value
    data = {"root": "/w", "splits": {"train": "abc"}}
    return stages.student_shape(cfg, "mckd", 0, data, True, True, "teacher-digest")


def test_an_unchanged_stage_is_reused_and_a_changed_one_refused(tmp_path):
    d = tmp_path / "seed0" / "mckd"
    assert stages.claim(d, _shape(), restart=False) is False  # nothing there: train it
    (d / "checkpoint.pt").write_bytes(b"x")
    assert stages.claim(d, _shape(), restart=False) is True  # same settings: reuse / resume
    with pytest.raises(stages.StaleStage) as err:
        stages.claim(d, _shape(student__epochs=60, student__kd_weight=5.0), restart=False)
    msg = str(err.value)
    assert "student.epochs: 2 → 60" in msg and "student.kd_weight: 1.0 → 5.0" in msg and "--restart mckd" in msg
    assert (d / "checkpoint.pt").exists()  # refusing deletes nothing
    assert stages.claim(d, _shape(student__epochs=60), restart=True) is False  # restart: cleared
    assert not (d / "checkpoint.pt").exists() and stages.matches(d, _shape(student__epochs=60))


def test_data_and_teacher_changes_are_named(tmp_path):
    d = tmp_path / "s"
    stages.claim(d, _shape(), restart=False)
    (d / "history.json").write_text("[]")
    other = _shape()
    other["data"]["splits"]["train"] = "def"
    other["data"]["root"] = "/elsewhere"
    other["teacher_weights"] = "new"
    reason = stages.stale_reason(d, other)
    assert "data.root: /w → /elsewhere" in reason and "data.splits.train (its content)" in reason
    assert "teacher_weights (the teacher was retrained)" in reason


def test_outputs_without_a_record_are_stale(tmp_path):
    (tmp_path / "model").mkdir()
    assert "no record" in stages.stale_reason(tmp_path, _shape())
    with pytest.raises(stages.StaleStage):
        stages.claim(tmp_path, _shape(), restart=False)


def test_a_variant_ignores_the_terms_it_leaves_out():
    cfg = {"student": {"kd_weight": 1.0, "kd_temperature": 0.1, "kd_video_weight": 0.0, "kd_text_weight": 0.0,
                       "dis_weight": 0.5, "dis_temperature": 0.07}, "train": {}, "precision": "auto"}
    base = stages.student_shape(cfg, "baseline", 0, {}, False, False, None)
    cfg["student"]["kd_weight"] = 5.0
    cfg["student"]["dis_weight"] = 2.0
    assert stages.student_shape(cfg, "baseline", 0, {}, False, False, None) == base  # the baseline is not stale
    assert stages.student_shape(cfg, "mckd", 0, {}, True, True, "t") != stages.student_shape(
        {**cfg, "student": {**cfg["student"], "kd_weight": 1.0}}, "mckd", 0, {}, True, True, "t")


def test_split_digest_sees_captions_and_files(tmp_path):
    clip = tmp_path / "a.mp4"
    clip.write_bytes(b"12345")
    split = Split("train", [VideoEntry("a", ["a red ball"], str(clip))])
    before = stages.split_digest(split)
    assert stages.split_digest(Split("train", [VideoEntry("a", ["a blue ball"], str(clip))])) != before
    clip.write_bytes(b"123456")  # the clip was replaced
    assert stages.split_digest(split) != before


@pytest.mark.slow
@pytest.mark.timeout(1500)  # trains twice and generates a second world on a shared machine
def test_stale_resume_is_refused_or_retrained(tmp_path, capsys, caplog):
    """The issue's case: a folder trained for a tiny config, re-run with other epochs, kd_weight
    or data root, reported the old models and wrote a config claiming the new settings."""
    caplog.set_level(logging.INFO, logger="training")  # what trained, per call
    out = tmp_path / "run"
    base = ["--config", "training/configs/synthetic.yaml", "--set", f"output={out}", "--set", "seeds=[0]",
            "--set", "stages=[teacher, mckd, eval]"]
    for s in [*TINY, "data.generate.n_videos=20"]:  # (half TINY's world: its size is not the point here)
        base += ["--set", s]
    args = base + ["--set", f"data.root={tmp_path / 'world'}"]
    assert main(args) == 0
    assert "teacher epoch 1:" in caplog.text and "mckd epoch 1:" in caplog.text
    first = json.loads((out / "results.json").read_text())["per_seed"]["0"]["mckd"]

    caplog.clear()
    assert main(args) == 0  # unchanged: reused (evaluated again), nothing trained
    assert "epoch 1:" not in caplog.text and "seed 0 mckd:" in caplog.text
    results = (out / "results.json").read_text()
    assert json.loads(results)["per_seed"]["0"]["mckd"]["t2v_r1"] == first["t2v_r1"]
    config = (out / "config.json").read_text()

    capsys.readouterr()
    caplog.clear()
    for change, named in ([["--set", "student.epochs=3"], "student.epochs: 1 → 3"],
                          [["--set", "student.kd_weight=5"], "student.kd_weight: 1.0 → 5"],
                          [["--set", "teacher.epochs=2"], "teacher.epochs: 1 → 2"],
                          [["--set", f"data.root={tmp_path / 'world2'}"], "data.root"]):
        assert main(args + change) == 2
        err = capsys.readouterr().err
        assert err.startswith("training: ") and named in err and "--restart" in err and "epoch 1:" not in caplog.text
        assert (out / "results.json").read_text() == results  # nothing claimed
        assert (out / "config.json").read_text() == config

    # a retrained teacher makes the student that distilled from it stale too
    assert main(args + ["--restart", "teacher"]) == 2
    assert "teacher_weights" in capsys.readouterr().err

    caplog.clear()
    assert main(args + ["--set", "student.kd_weight=5", "--restart", "mckd"]) == 0
    assert "mckd epoch 1:" in caplog.text and "teacher epoch" not in caplog.text  # only the restarted stage trained
    assert json.loads((out / "config.json").read_text())["student"]["kd_weight"] == 5
    record = json.loads((out / "seed0" / "mckd" / "stage.json").read_text())
    assert record["shape"]["student"]["kd_weight"] == 5
