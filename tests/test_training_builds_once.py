"""A training run builds its teacher once and reads each tokenizer once: it built the teacher four
times a TINY run (its stage, each distilling student, the evaluation) and read MiniLM's tokenizer 14
times (the teacher's and each student's builds, each saved student loaded, the export), the same
files each time. The kept teacher is the one on disk: a re-run, which loads it, scores the same. Trained two
epochs, validation picking the first, it holds that epoch's weights (``loop.fit`` restores them before the file is
written), not the last's: a one-epoch run could not tell them apart (s58 rv_5 #4)."""

from __future__ import annotations

import json

import pytest
import torch

from core.encoders import folder as model_folder
from tests.test_training_run import SMALL_WORLD, TINY
from training import checkpoint, loop, pipeline
from training.run import main


@pytest.mark.slow
@pytest.mark.timeout(900)
def test_a_run_builds_its_teacher_once_and_loads_each_tokenizer_once(tmp_path, monkeypatch):
    from transformers import AutoTokenizer

    teachers, tokenizers = [], []
    build = pipeline.build_teacher

    def built(*a, **k):
        teachers.append(build(*a, **k))
        return teachers[-1]

    monkeypatch.setattr(pipeline, "build_teacher", built)
    bests, trained_state = [], checkpoint.trained_state  # (the weights fit keeps as its best epoch's, each time)
    monkeypatch.setattr(checkpoint, "trained_state", lambda *a: bests.append(trained_state(*a)) or bests[-1])
    validate = pipeline.Run._validate

    def first_best(run, who, tokenizer):  # (the teacher's first epoch scores best on validation, its last worse)
        scores, asked = validate(run, who, tokenizer), []
        if who != "teacher":
            return scores
        return lambda model: asked.append(1) or {**scores(model), "t2v_r1": 100.0 - len(asked)}

    monkeypatch.setattr(pipeline.Run, "_validate", first_best)
    load = AutoTokenizer.from_pretrained.__func__
    monkeypatch.setattr(AutoTokenizer, "from_pretrained",
                        classmethod(lambda cls, where, **k: tokenizers.append(where) or load(cls, where, **k)))
    out = tmp_path / "run"
    args = ["--config", "training/configs/synthetic.yaml", "--set", f"output={out}",
            "--set", f"data.root={tmp_path / 'world'}", "--set", "seeds=[0]"]
    for s in [*TINY, *SMALL_WORLD, "teacher.epochs=2", "stages=[teacher, mckd, no_dis, eval]"]:
        args += ["--set", s]
    assert main(args) == 0
    assert len(teachers) == 1  # (trained, then the students' and the evaluation's)
    # MiniLM's package folder, and the copy each student folder saved (its files written anew, one content)
    assert len(tokenizers) == len(set(tokenizers)) <= 2, tokenizers
    first = json.loads((out / "results.json").read_text())["per_seed"]["0"]
    history = json.loads((out / "seed0" / "teacher" / "history.json").read_text())
    assert len(history) == 2 and loop.selected_epoch(history) == 1
    from safetensors.torch import load_file

    kept = {k: v.cpu() for k, v in teachers[0][0].state_dict().items()}  # (the teacher the students were taught by)
    best = bests[0]  # (the teacher's first epoch: the one validation picked)
    assert best and all(torch.equal(kept[k], v) for k, v in best.items())  # (was it the last epoch's: not equal)
    on_disk = load_file(out / "seed0" / "teacher" / "teacher.safetensors")
    assert on_disk.keys() == kept.keys() and all(torch.equal(kept[k], v) for k, v in on_disk.items())

    teachers.clear()
    assert main(args) == 0  # every stage found done: the teacher loaded from its file
    again = json.loads((out / "results.json").read_text())["per_seed"]["0"]
    assert len(teachers) == 1
    figures = ("t2v_r1", "t2v_r5", "t2v_meanr", "v2t_r1", "v2t_meanr", "rsum")
    for stage in ("teacher", "mckd", "no_dis"):
        assert {k: again[stage][k] for k in figures} == {k: first[stage][k] for k in figures}, stage
    assert model_folder._SHARED is None  # (the run's tokenizers are let go with it)


@pytest.mark.slow
def test_the_evaluation_reuses_one_teacher_for_every_seed_and_scores_the_same(tmp_path, monkeypatch):
    """With two seeds the evaluation built seed 0's teacher again (the last seed's was the one kept): now it puts
    seed 0's weights from its file into the teacher it holds. Its scores are those of a teacher built anew (an
    evaluation alone builds the first seed's and puts the second's weights into it)."""
    builds = []
    build = pipeline.build_teacher
    monkeypatch.setattr(pipeline, "build_teacher", lambda *a, **k: builds.append(1) or build(*a, **k))
    out = tmp_path / "run"
    args = ["--config", "training/configs/synthetic.yaml", "--set", f"output={out}",
            "--set", f"data.root={tmp_path / 'world'}", "--set", "seeds=[0, 1]"]
    for s in [*TINY, *SMALL_WORLD, "stages=[teacher, eval]"]:
        args += ["--set", s]
    assert main(args) == 0
    assert len(builds) == 2  # (each seed's, trained; the evaluation built none)
    first = json.loads((out / "results.json").read_text())["per_seed"]
    builds.clear()
    assert main([*args, "--set", "stages=[eval]"]) == 0
    assert len(builds) == 1  # (seed 0's, loaded from its file; seed 1's weights put into it)
    again = json.loads((out / "results.json").read_text())["per_seed"]
    figures = ("t2v_r1", "t2v_r5", "t2v_meanr", "v2t_r1", "v2t_meanr", "rsum")
    for seed in ("0", "1"):
        assert {k: again[seed]["teacher"][k] for k in figures} == {k: first[seed]["teacher"][k] for k in figures}
    assert first["0"]["teacher"]["t2v_meanr"] != first["1"]["teacher"]["t2v_meanr"]  # (two teachers scored)
