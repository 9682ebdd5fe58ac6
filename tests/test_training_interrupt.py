"""Ctrl-C in ``python -m training.run`` ends with one line saying what a re-run does (resume the
stage from its checkpoint, keep the stages done), not a traceback through torch; the re-run does
what it said. Before, a Ctrl-C printed some sixty lines of traceback ending in transformers'
activations and said nothing of the checkpoint."""

from __future__ import annotations

import logging

import pytest

from training import checkpoint
from training.run import main, stopped_words
from tests.test_training_run import TINY


def test_the_words_follow_what_is_on_disk(tmp_path):
    stage = tmp_path / "seed1" / "mckd"
    stage.mkdir(parents=True)
    said = stopped_words(tmp_path, (1, "mckd"))
    assert "seed 1 mckd, before its first epoch ended" in said and "trains mckd from its start" in said
    (stage / checkpoint.NAME).write_bytes(b"x")
    said = stopped_words(tmp_path, (1, "mckd"))
    assert "resumes mckd from its last finished epoch" in said and str(stage / checkpoint.NAME) in said
    (stage / checkpoint.NAME).unlink()
    (stage / "model").mkdir()
    (stage / "model" / "config.json").write_text("{}")
    assert "already trained" in stopped_words(tmp_path, (1, "mckd"))
    assert "evaluates them again" in stopped_words(tmp_path, "eval")
    assert stopped_words(None, None).startswith("stopped before training began")


@pytest.mark.slow
@pytest.mark.timeout(900)
def test_ctrl_c_mid_stage_says_the_rerun_resumes_it_and_the_rerun_does(tmp_path, monkeypatch, capsys, caplog):
    caplog.set_level(logging.INFO, logger="training")
    out = tmp_path / "run"
    args = ["--config", "training/configs/synthetic.yaml", "--set", f"output={out}",
            "--set", f"data.root={tmp_path / 'world'}", "--set", "seeds=[0]",
            "--set", "stages=[teacher,mckd,eval]"]
    for s in [*TINY, "student.epochs=2", "data.generate.n_videos=20"]:  # (half TINY's world: not the point)
        args += ["--set", s]
    real_save = checkpoint.save

    def save_then_ctrl_c(path, *a, **kw):  # Ctrl-C pressed as mckd's first epoch is saved
        real_save(path, *a, **kw)
        if path.parent.name == "mckd":
            raise KeyboardInterrupt

    monkeypatch.setattr(checkpoint, "save", save_then_ctrl_c)
    assert main(args) == 130
    err = capsys.readouterr().err
    assert "Traceback" not in err
    assert f"training: stopped while training seed 0 mckd: a re-run of the same command keeps the stages " \
           f"already trained and resumes mckd from its last finished epoch ({out / 'seed0' / 'mckd' / checkpoint.NAME})" in err
    monkeypatch.setattr(checkpoint, "save", real_save)
    caplog.clear()
    assert main(args) == 0
    assert f"resumed {out / 'seed0' / 'mckd'} at epoch 1" in caplog.text
    assert "teacher epoch" not in caplog.text and "mckd epoch 2:" in caplog.text
    assert (out / "results.md").exists()
