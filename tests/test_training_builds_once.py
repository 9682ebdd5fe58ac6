"""A training run builds its teacher once and reads each tokenizer once: it built the teacher four
times a TINY run (its stage, each distilling student, the evaluation) and read MiniLM's tokenizer 14
times (the teacher's and each student's builds, each saved student loaded, the export), the same
files each time. The kept teacher is the one on disk: a re-run, which loads it, scores the same."""

from __future__ import annotations

import json

import pytest

from core.encoders import folder as model_folder
from tests.test_training_run import TINY
from training import pipeline
from training.run import main


@pytest.mark.slow
@pytest.mark.timeout(900)
def test_a_run_builds_its_teacher_once_and_loads_each_tokenizer_once(tmp_path, monkeypatch):
    from transformers import AutoTokenizer

    teachers, tokenizers = [], []
    build = pipeline.build_teacher
    monkeypatch.setattr(pipeline, "build_teacher", lambda *a, **k: teachers.append(1) or build(*a, **k))
    load = AutoTokenizer.from_pretrained.__func__
    monkeypatch.setattr(AutoTokenizer, "from_pretrained",
                        classmethod(lambda cls, where, **k: tokenizers.append(where) or load(cls, where, **k)))
    out = tmp_path / "run"
    args = ["--config", "training/configs/synthetic.yaml", "--set", f"output={out}",
            "--set", f"data.root={tmp_path / 'world'}", "--set", "seeds=[0]"]
    for s in [*TINY, "data.generate.n_videos=20", "stages=[teacher, mckd, no_dis, eval]"]:
        args += ["--set", s]
    assert main(args) == 0
    assert len(teachers) == 1  # (trained, then the students' and the evaluation's)
    # MiniLM's package folder, and the copy each student folder saved (its files written anew, one content)
    assert len(tokenizers) == len(set(tokenizers)) <= 2, tokenizers
    first = json.loads((out / "results.json").read_text())["per_seed"]["0"]

    teachers.clear()
    assert main(args) == 0  # every stage found done: the teacher loaded from its file
    again = json.loads((out / "results.json").read_text())["per_seed"]["0"]
    assert len(teachers) == 1
    figures = ("t2v_r1", "t2v_r5", "t2v_meanr", "v2t_r1", "v2t_meanr", "rsum")
    for stage in ("teacher", "mckd", "no_dis"):
        assert {k: again[stage][k] for k in figures} == {k: first[stage][k] for k in figures}, stage
    assert model_folder._SHARED is None  # (the run's tokenizers are let go with it)
