"""results.md named each row's models and inputs but not what each row was trained to minimise: MCKD's
terms (the teacher's InfoNCE, the ranking loss, the distillation of the teacher's batch similarity
structure, the discrimination term) and their weights were in config.json only, so a reader could not
tell from the results what 'MCKD without distillation' left out, or at what weight. And one seed said
'One seed: no spread over seeds over 1 seed(s)'."""

from __future__ import annotations

from training.config import load_config
from training.report import write_report

PER_SEED = {0: {row: {"t2v_r1": 10.0} for row in ("teacher", "mckd", "baseline", "no_kd", "no_dis")}}


def _objectives(tmp_path, cfg) -> dict[str, str]:
    write_report(tmp_path, cfg, PER_SEED, {})
    md = (tmp_path / "results.md").read_text()
    head = md[md.index("Objectives ("):md.index("| model |")]
    return {line[2:].split(": ", 1)[0]: line.split(": ", 1)[1] for line in head.splitlines() if line.startswith("- ")}


def test_every_rows_terms_are_said_with_their_weights(tmp_path):
    cfg = load_config("training/configs/synthetic.yaml", ["student.dis_weight=0.5", "student.kd_weight=0.7",
                                                          "student.margin=0.3", "teacher.loss_weights=[1.0, 0.5, 0.0]"])
    said = _objectives(tmp_path, cfg)
    teacher = said["Teacher (multimodal contrastive)"]
    assert "InfoNCE" in teacher and "τ 0.07" in teacher and "1 × appearance–text + 0.5 × motion–text" in teacher
    assert "appearance–motion off" in teacher
    mckd = said["Student, MCKD"]
    assert mckd.startswith("1 × ranking (margin 0.3, the hardest negative")
    assert "0.7 × distillation of the teacher's text–video similarities of the batch" in mckd and "τ 0.1" in mckd
    assert "0.5 × discrimination (τ 0.07" in mckd and "intra-modal relation terms" in mckd
    assert said["Student, ranking loss only"] == (
        "1 × ranking (margin 0.3, the hardest negative, both directions); distillation, discrimination off.")
    assert "distillation off" in said["MCKD without distillation"] and "0.5 × discrimination" in said["MCKD without distillation"]
    no_dis = said["MCKD without discrimination"]
    assert "0.7 × distillation" in no_dis and no_dis.endswith("discrimination off.")


def test_intra_modal_relation_terms_are_said_when_weighted(tmp_path):
    cfg = load_config("training/configs/synthetic.yaml", ["student.kd_video_weight=0.25"])
    mckd = _objectives(tmp_path, cfg)["Student, MCKD"]
    assert "0.25 × distillation of how each video relates to the batch's other videos" in mckd
    assert "intra-modal relation terms" not in mckd


def test_one_seed_is_said_once(tmp_path):
    write_report(tmp_path, {"name": "t"}, PER_SEED, {})
    md = (tmp_path / "results.md").read_text()
    assert "One seed: no spread over seeds. Recalls" in md and "seed(s)" not in md.split("| model |")[1].split("\n\n")[-1]
    assert "Objectives" not in md  # (a config without the sections says none)
