"""What each row of results.md was trained to minimise, from the run's config: the teacher's InfoNCE
terms and, for each student row, MCKD's terms as ``loop.mckd_objective`` builds them for that stage
(ranking, distillation of the teacher's batch similarity structure, discrimination), each with its
weight and temperature, and the terms the row leaves out said so."""

from __future__ import annotations

from training.config import STUDENT_VARIANTS

TEACHER_TERMS = ("appearance–text", "motion–text", "appearance–motion")  # losses.teacher_loss's pairs


def _w(x: float) -> str:
    return f"{float(x):g}"


def learned_taus(per_seed: dict | None) -> dict[int, float]:
    """{seed: the learned τ of the teacher kept} (its weights' own, ``learned_temperature`` in its test
    metrics, ``Run.evaluate``: the epoch chosen on validation, or the last); none for a fixed τ."""
    return {int(seed): float(rows["teacher"]["learned_temperature"]) for seed, rows in sorted((per_seed or {}).items())
            if "learned_temperature" in (rows.get("teacher") or {})}


def _tau(section: dict, learned: dict[int, float] | None) -> str:
    if not section.get("learn_temperature"):
        return f"τ {_w(section['temperature'])}"
    if not learned:
        return f"τ learned, from {_w(section['temperature'])}"
    seeds = "" if len(learned) == 1 else f" (seeds {', '.join(map(str, learned))})"
    return (f"τ learned from {_w(section['temperature'])}: {', '.join(f'{t:.4g}' for t in learned.values())} "
            f"in the teacher's kept weights{seeds}")


def teacher_words(section: dict, learned: dict[int, float] | None = None) -> str:
    """The teacher's objective (the config's ``teacher`` section): InfoNCE of each pair of streams;
    ``learned``: its learned τ per seed (``learned_taus``) when ``learn_temperature``."""
    weights = list(section.get("loss_weights") or (1.0, 1.0, 1.0))
    terms = [f"{_w(w)} × {name}" for name, w in zip(TEACHER_TERMS, weights) if w]
    off = [name for name, w in zip(TEACHER_TERMS, weights) if not w]
    return (f"InfoNCE in both directions over the batch ({_tau(section, learned)}): {' + '.join(terms)}"
            + (f"; {', '.join(off)} off (weight 0)" if off else ""))


def student_words(section: dict, stage: str) -> str:
    """A student row's objective: the config's ``student`` section with the terms ``stage`` leaves out off."""
    from training.loop import mckd_objective

    c = mckd_objective(section, *STUDENT_VARIANTS[stage])
    hardest = "the hardest negative" if c.hardest else "every negative"
    terms = [f"{_w(c.rank_weight)} × ranking (margin {_w(c.margin)}, {hardest}, both directions)"]
    off = []
    if c.kd_weight:
        terms.append(f"{_w(c.kd_weight)} × distillation of the teacher's text–video similarities of the batch "
                     f"(KL of its softmaxed rows and columns, τ {_w(c.kd_temperature)})")
    else:
        off.append("distillation")
    relations = [f"{_w(w)} × distillation of how each {what} relates to the batch's other {what}s "
                 f"(τ {_w(c.kd_temperature)})" for what, w in (("video", c.kd_video_weight), ("caption", c.kd_text_weight)) if w]
    terms += relations
    if c.kd_weight and not relations:
        off.append("the intra-modal relation terms (kd_video_weight, kd_text_weight 0)")
    if c.dis_weight:
        terms.append(f"{_w(c.dis_weight)} × discrimination (τ {_w(c.dis_temperature)}: "
                     f"{_w(c.dis_text_weight)} × caption–caption + {_w(c.dis_cross_weight)} × caption–video)")
    else:
        off.append("discrimination")
    return " + ".join(terms) + (f"; {', '.join(off)} off" if off else "")


def objective_lines(cfg: dict, rows: list[str], names: dict[str, str], per_seed: dict | None = None) -> list[str]:
    """results.md's lines on the objectives of ``rows`` (the table's, named by ``names``); ``per_seed``
    (each seed's test metrics, ``Run.evaluate``) gives a learned temperature's value."""
    out = []
    for row in rows:
        if row == "teacher" and isinstance(cfg.get("teacher"), dict) and "temperature" in cfg["teacher"]:
            out.append(f"- {names[row]}: {teacher_words(cfg['teacher'], learned_taus(per_seed))}.")
        elif row in STUDENT_VARIANTS and isinstance(cfg.get("student"), dict) and "margin" in cfg["student"]:
            out.append(f"- {names[row]}: {student_words(cfg['student'], row)}.")
    return ["Objectives (weight × term; τ: a term's temperature):", *out, ""] if out else []
