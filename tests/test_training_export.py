"""The exported student never silently destroys a model: an ``export.folder`` that holds a model
the run did not write there is kept (refused before anything trains, unless ``export.replace``),
and a replaced model is replaced whole. The export used to write into the folder in place: the
other model's weights and config overwritten, its other files (a label bank) left beside the
new model's."""

from __future__ import annotations

from core.encoders import Encoder
from training.export import export_pixels
from training.run import main
from tests.models import save_tiny_model
from tests.test_training_data_faults import _msrvtt
from tests.test_training_run import TINY


def test_a_model_is_replaced_whole_and_only_one_the_run_wrote(tmp_path):
    from training.export import refusal, remember

    out = tmp_path / "run"
    source = save_tiny_model(out / "seed0" / "mckd" / "model", seed=0)
    other = save_tiny_model(tmp_path / "mine", seed=1)
    (other / "labels.tsv").write_text("label\tprompt\n")  # (a file of that model alone)
    theirs = Encoder.load(other).model_id
    why = refusal(other, out, replace=False)
    assert "already holds a model this run did not write there" in why and "export.replace: true" in why
    assert refusal(other, out, replace=True) is None
    assert refusal(out / "student", out, replace=False) is None  # (the run's own folder)
    assert refusal(tmp_path / "new", out, replace=False) is None
    (tmp_path / "afile").write_text("x")
    assert "is a file" in refusal(tmp_path / "afile", out, replace=True)

    export_pixels(source, other)  # (with export.replace)
    assert sorted(p.name for p in other.iterdir()) == ["card.json", "config.json", "model.safetensors",
                                                       "tokenizer.json", "tokenizer_config.json"]
    assert Encoder.load(other).model_id == Encoder.load(source).model_id != theirs
    assert not list(tmp_path.glob(".mine.*"))  # (nothing left beside it)
    assert refusal(other, out, replace=False) is not None  # not recorded as this run's yet
    remember(other, out)
    assert refusal(other, out, replace=False) is None  # a re-run may export there again
    save_tiny_model(other, seed=2)  # someone else's model since
    assert refusal(other, out, replace=False) is not None


def test_a_run_refuses_an_export_folder_holding_another_model_before_it_trains(tmp_path, capsys):
    root = _msrvtt(tmp_path / "data")
    other = save_tiny_model(tmp_path / "mine", seed=1)
    theirs = Encoder.load(other).model_id
    args = ["--config", "training/configs/synthetic.yaml", "--set", "data.format=msrvtt",
            "--set", f"data.root={root}", "--set", f"output={tmp_path / 'out'}", "--set", "seeds=[0]",
            "--set", "stages=[teacher,mckd,eval]", "--set", "data.val_fraction=0.25",
            "--set", f"export.folder={other}"]
    for s in TINY:
        if not s.startswith("data.generate"):
            args += ["--set", s]
    assert main(args) == 2
    err = capsys.readouterr().err
    assert f"export.folder {other} already holds a model" in err and "Nothing was trained" in err
    assert not (tmp_path / "out" / "seed0").exists()
    assert Encoder.load(other).model_id == theirs


def test_an_export_cut_short_between_its_renames_gives_the_model_before_back(tmp_path):
    """Killed after the old model was moved aside and before the new one took its place: the next
    export that fails must not have deleted the model before (it is put back first)."""
    import os

    import pytest

    from training.export import replace_folder

    target = save_tiny_model(tmp_path / "mine", seed=1)
    theirs = Encoder.load(target).model_id
    os.replace(target, tmp_path / ".mine.old")  # (the state the kill left)

    def failing(folder):
        raise RuntimeError("disk full")
    with pytest.raises(RuntimeError):
        replace_folder(target, failing)
    assert Encoder.load(target).model_id == theirs
