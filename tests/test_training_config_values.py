"""Config values of the wrong type or out of range are refused by name before anything loads:
they used to load every split and probe the test videos, then stop in a traceback (``--set
data.n_frames=abc``), write the run into ``./None`` (``--set output=``), or train a teacher for
an hour before the student stage found it had no model. ``lr: 3e-4`` in a YAML file (text to
YAML 1.1) is the number."""

from __future__ import annotations

import pytest

from core.errors import SeekframeError
from training.config import load_config
from training.run import main


@pytest.mark.parametrize("bad, match", [
    ("data.n_frames=abc", r"'data\.n_frames' takes an integer, not 'abc'"),
    ("data.n_frames=0", r"'data\.n_frames' takes an integer of at least 1"),
    ("output=", r"'output' takes text, not None"),
    ("output=runs/{nme}", r"'output': \{name\} is the only field"),
    ("seeds=abc", r"'seeds' takes a list of integers"),
    ("seeds=[0, 0]", r"'seeds' names a seed twice"),
    ("student.lr=abc", r"'student\.lr' takes a number, not 'abc'"),
    ("teacher.batch_size=1", r"'teacher\.batch_size' takes an integer of at least 2"),
    ("train.num_workers=-1", r"'train\.num_workers' takes an integer of at least 0"),
    ("data.max_train=abc", r"'data\.max_train' takes an integer"),
    ("data=5", r"'data' takes a section"),
    ("data.options=5", r"'data\.options' takes a section"),
    ("precision=fp8", r"'precision' takes one of auto, fp32, bf16, fp16"),
    ("data.cache=maybe", r"'data\.cache' takes true or false"),
    ("data.augment.crop_scale=[2, 3]", r"'data\.augment': .*crop_scale"),
    ("teacher.loss_weights=[1, 2]", r"'teacher\.loss_weights' takes 3 weights"),
    ("student.kd_temperature=0", r"'student\.kd_temperature' takes a number above 0"),
])
def test_a_bad_value_is_refused_naming_its_key(bad, match):
    with pytest.raises(SeekframeError, match=match):
        load_config(None, [bad])


def test_the_command_says_a_bad_value_before_loading_any_data(tmp_path, capsys):
    args = ["--config", "training/configs/synthetic.yaml", "--set", f"output={tmp_path / 'run'}",
            "--set", f"data.root={tmp_path / 'nowhere'}"]  # (a world it would otherwise generate)
    assert main(args + ["--set", "data.n_frames=abc"]) == 2
    assert "training: config key 'data.n_frames' takes an integer, not 'abc'" in capsys.readouterr().err
    assert not (tmp_path / "nowhere").exists() and not (tmp_path / "run").exists()
    assert main(args + ["--set", "student.model="]) == 2  # refused before the teacher trains
    assert "the stage 'mckd' needs student.model" in capsys.readouterr().err
    assert not (tmp_path / "nowhere").exists()


def test_a_number_yaml_reads_as_text_is_the_number_and_one_stage_or_seed_is_a_list(tmp_path):
    f = tmp_path / "c.yaml"
    f.write_text("seeds: 3\nstages: teacher\nstudent: {lr: 3e-4, tower_lr: 1e-6}\ntrain: {grad_clip: null}\n")
    cfg = load_config(f)
    assert cfg["student"]["lr"] == 3e-4 and cfg["student"]["tower_lr"] == 1e-6
    assert cfg["seeds"] == [3] and cfg["stages"] == ["teacher"] and cfg["train"]["grad_clip"] is None


def test_a_shipped_config_is_found_by_the_name_help_lists(tmp_path, capsys):
    assert main(["--config", "synthetic", "--set", f"output={tmp_path / 'run'}", "--set", "data.n_frames=0"]) == 2
    err = capsys.readouterr().err
    assert "'data.n_frames' takes an integer of at least 1" in err  # (read: it got as far as the values)
    assert main(["--config", "no-such-config"]) == 2
    assert "cannot read config no-such-config" in capsys.readouterr().err
