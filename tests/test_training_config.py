import json

import pytest

from core.errors import SeekframeError
from training.config import DEFAULTS, load_config
from training.report import aggregate, markdown_table, write_report


def test_yaml_merges_over_defaults_and_set_overrides(tmp_path):
    f = tmp_path / "c.yaml"
    f.write_text("name: demo\nseeds: 3\nstudent:\n  lr: 0.01\n  model: {name: s}\ndata:\n  options: {video_dir: /v}\n")
    cfg = load_config(f, ["student.lr=3e-4", "teacher.epochs=2", "stages=[eval, mckd, teacher]"])
    assert cfg["student"]["lr"] == pytest.approx(3e-4) and cfg["teacher"]["epochs"] == 2
    assert cfg["student"]["model"] == {"name": "s"} and cfg["data"]["options"] == {"video_dir": "/v"}
    assert cfg["seeds"] == [3] and cfg["output"] == "runs/demo"
    assert cfg["stages"] == ["teacher", "mckd", "eval"]  # dependency order whatever the user wrote
    assert cfg["student"]["margin"] == DEFAULTS["student"]["margin"]


@pytest.mark.parametrize("bad", ["studnt.lr=1", "student.lrr=1", "stages=[teach]", "nokey"])
def test_typos_are_refused(bad):
    with pytest.raises(SeekframeError):
        load_config(None, [bad])


def test_bad_files(tmp_path):
    (tmp_path / "list.yaml").write_text("- a\n- b\n")
    with pytest.raises(SeekframeError, match="mapping"):
        load_config(tmp_path / "list.yaml")
    with pytest.raises(SeekframeError, match="cannot read"):
        load_config(tmp_path / "missing.yaml")


def test_aggregate_and_table(tmp_path):
    per_seed = {
        0: {"baseline": {"t2v_r1": 10.0, "v2t_r1": 12.0, "rsum": 100.0}, "mckd": {"t2v_r1": 15.0}},
        1: {"baseline": {"t2v_r1": 14.0, "v2t_r1": 12.0, "rsum": 110.0}, "mckd": {"t2v_r1": 19.0}},
    }
    s = aggregate(per_seed)
    assert s["baseline"]["t2v_r1"] == {"mean": 12.0, "std": pytest.approx(2.828, abs=1e-3), "n": 2}  # sample SD
    table = markdown_table(s, "t")
    assert "| Student, ranking loss only | 12.0 ± 2.8 |" in table and "Student, MCKD | 17.0 ± 2.8" in table
    hist = {"mckd": {0: [{"epoch": 1, "loss": 2.0}, {"epoch": 2, "loss": 1.0}]}}
    write_report(tmp_path, {"name": "t"}, per_seed, hist)
    assert json.loads((tmp_path / "results.json").read_text())["summary"]["mckd"]["t2v_r1"]["mean"] == 17.0
    assert (tmp_path / "loss_curves.png").stat().st_size > 1000 and (tmp_path / "r1_per_model.png").exists()


def test_home_and_environment_variables_are_expanded_in_path_options(tmp_path, monkeypatch):
    """'root: ~/datasets/tgif' was not found, and 'output: ~/runs/x' made a folder named '~' in
    the working folder (which a later 'rm -rf ~' to clean up would have taken for the home)."""
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    monkeypatch.setenv("DATASETS", "/mnt/sets")
    f = tmp_path / "c.yaml"
    f.write_text("output: ~/runs/{name}\ndata: {root: ~/datasets/tgif, options: {video_dir: $DATASETS/gifs}}\n"
                 "student: {model: ~/models/s}\n")
    cfg = load_config(f, ["data.features=${DATASETS}/feats.h5"])
    home = str(tmp_path / "home")
    assert cfg["output"] == f"{home}/runs/run" and cfg["data"]["root"] == f"{home}/datasets/tgif"
    assert cfg["data"]["options"]["video_dir"] == "/mnt/sets/gifs" and cfg["data"]["features"] == "/mnt/sets/feats.h5"
    assert cfg["student"]["model"] == f"{home}/models/s"
    assert load_config(None, ["output=runs/x"])["output"] == "runs/x"  # (relative paths stay relative)
