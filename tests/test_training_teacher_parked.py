"""The teacher a run keeps for its students waits in host memory while a stage that does not use it
trains (a student without distillation): on a GPU it sat beside that student's weights, gradients and
activations (a CLIP ViT-B/16 teacher's 600 MB) to the end of the run. A distilling stage after it gets it
back on the run's device. On a CPU the run's device is the host, so the teacher's moves stand in for it."""

from __future__ import annotations

from pathlib import Path

from tests.test_training_run import SMALL_WORLD, TINY
from training import loop, pipeline
from training.run import main


def test_the_kept_teacher_waits_in_host_memory_while_a_student_without_distillation_trains(tmp_path, monkeypatch):
    where: list[str] = []  # (where the teacher was last sent: "host" or the run's device)
    build = pipeline.build_teacher

    def built(*a, **k):
        teacher, tok = build(*a, **k)
        to, cpu = teacher.to, teacher.cpu
        teacher.to = lambda *a, **k: where.append("device") or to(*a, **k)
        teacher.cpu = lambda: where.append("host") or cpu()
        return teacher, tok

    monkeypatch.setattr(pipeline, "build_teacher", built)
    fit, placed = loop.fit, {}

    def fitted(**k):
        placed[Path(k["out_dir"]).name] = where[-1]
        return fit(**k)

    monkeypatch.setattr(loop, "fit", fitted)
    out = tmp_path / "run"
    args = ["--config", "training/configs/synthetic.yaml", "--set", f"output={out}",
            "--set", f"data.root={tmp_path / 'world'}", "--set", "seeds=[0]"]
    for s in [*TINY, *SMALL_WORLD, "train.select=last", "stages=[teacher, baseline, mckd]"]:
        args += ["--set", s]
    assert main(args) == 0
    assert placed == {"teacher": "device", "baseline": "host", "mckd": "device"}, placed
