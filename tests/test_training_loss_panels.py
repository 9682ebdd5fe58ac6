"""loss_curves.png draws the teacher's total loss and the students' totals apart: they minimise different
objectives (InfoNCE terms; each row's own: MCKD's terms, the baseline's ranking) on scales of their own. Read from the figure's axes, no pixels."""

from __future__ import annotations

from training import report

HISTORIES = {
    "teacher": {0: [{"epoch": 1, "loss": 6.2, "appearance_text": 2.1}, {"epoch": 2, "loss": 5.1, "appearance_text": 1.7}]},
    "mckd": {0: [{"epoch": 1, "loss": 0.61, "rank": 0.3}, {"epoch": 2, "loss": 0.42, "rank": 0.2}]},
    "baseline": {0: [{"epoch": 1, "loss": 0.35, "rank": 0.35}, {"epoch": 2, "loss": 0.3, "rank": 0.3}]},
}


def _figure(monkeypatch, tmp_path):
    figs = []
    monkeypatch.setattr(report, "_save_figure", lambda fig, path: figs.append((fig, path.name)))
    report.plot(tmp_path, HISTORIES, {})
    return next(fig for fig, name in figs if name == "loss_curves.png")


def _stages(ax) -> set[str]:
    return {line.get_label().split(" (")[0] for line in ax.get_lines()}


def test_the_teacher_and_the_students_losses_have_panels_of_their_own(monkeypatch, tmp_path):
    fig = _figure(monkeypatch, tmp_path)
    totals = {ax.get_title(): _stages(ax) for ax in fig.axes if ax.get_lines() and "loss" in ax.get_title()}
    assert all(not ({"teacher"} & s and {"mckd", "baseline"} & s) for s in totals.values()), totals
    teacher = [t for t, s in totals.items() if s == {"teacher"}]
    students = [t for t, s in totals.items() if s == {"mckd", "baseline"}]
    assert teacher and "InfoNCE" in teacher[0]
    assert students and "own objective" in students[0] and "MCKD" not in students[0]  # (the baseline's is ranking alone)


def test_the_legend_names_every_stage(monkeypatch, tmp_path):
    fig = _figure(monkeypatch, tmp_path)
    labels = {t.get_text() for legend in fig.legends for t in legend.get_texts()}
    assert {"teacher (seed 0)", "mckd (seed 0)", "baseline (seed 0)"} <= labels
