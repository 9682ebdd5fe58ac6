"""A re-run whose data.generate differs from the generated world its stages were trained on is refused
before the world is written: it was written anew over the one there (minutes for the shipped config's
2000 clips) and only then refused, 'Nothing was trained or reused', the world the stages learned from
gone."""

from __future__ import annotations

from pathlib import Path

from training import stages
from training.config import load_config
from training.run import main
from tests.test_training_run import TINY


def _trained_on(out: Path, root: Path, generate: dict) -> Path:
    folder = out / "seed0" / "teacher"
    stages.write_record(folder, {"stage": "teacher", "seed": 0, "data": {
        "format": "synthetic", "root": str(root.resolve()), "generate": generate}})
    return folder


def test_a_changed_world_is_refused_before_it_is_written(tmp_path, capsys):
    out, root = tmp_path / "run", tmp_path / "world"
    folder = _trained_on(out, root, {"n_videos": 40, "seed": 0})
    args = ["--config", "training/configs/synthetic.yaml", "--set", f"output={out}", "--set", f"data.root={root}",
            "--set", "seeds=[0]"]
    for s in [*TINY, "data.generate.n_videos=24"]:
        args += ["--set", s]
    assert main(args) == 2
    err = capsys.readouterr().err
    assert (f"training: {folder}: the 'teacher' stage (seed 0) was trained on the generated world in {root} made "
            "with other settings (data.generate.n_videos: 40 → 24). Nothing was generated, trained or reused.") in err
    assert not root.exists()  # nothing written there


def test_only_a_world_of_other_settings_in_the_same_root_is_a_change(tmp_path):
    root = tmp_path / "world"
    cfg = load_config("training/configs/synthetic.yaml", [f"data.root={root}", "data.generate.n_videos=40"])
    same = _trained_on(tmp_path / "a", root, cfg["data"]["generate"])
    assert stages.world_change(same, cfg) is None
    elsewhere = _trained_on(tmp_path / "b", tmp_path / "another", {"n_videos": 10, "seed": 0})
    assert stages.world_change(elsewhere, cfg) is None
    other = _trained_on(tmp_path / "c", root, {**cfg["data"]["generate"], "seed": 5})
    assert stages.world_change(other, cfg) == "data.generate.seed: 5 → 0"
    assert stages.world_change(tmp_path / "nothing", cfg) is None
