"""results.md said "what MCKD distils is weaker than what the student learns alone" wherever the
teacher's mean t2v R@1 was below the ranking-loss student's: s54's small synthetic run (120 clips,
3 epochs, 2 seeds, 24 test captions) said so of 20.8 against 29.2, two queries in 24, and on 5 seeds
the same setting puts the teacher ahead (23.3 against 20.8, its R@5 and rsum well ahead). The line now
reads the teacher's paired test against that student over the same queries (as MCKD's): weaker only
when significantly below, "not significantly ahead" (MCKD's premise not shown) when the test cannot
tell them apart, whichever mean is higher, and nothing when the teacher is significantly ahead."""

from __future__ import annotations

import json

import numpy as np

from training import report


def _ranks(hits):
    return [1 if h else 5 for h in hits]


def _claim(tmp_path, teacher_hits, baseline_hits, seeds=(0, 1)):
    rng = np.random.default_rng(0)
    mckd = rng.random(len(baseline_hits)) < 0.3
    per_query = {s: {"teacher": _ranks(teacher_hits), "baseline": _ranks(baseline_hits), "mckd": _ranks(mckd)}
                 for s in seeds}
    per_seed = {s: {r: {"t2v_r1": 100 * float(np.mean(np.asarray(q) == 1))} for r, q in rows.items()}
                for s, rows in per_query.items()}
    report.write_report(tmp_path, {"name": "t", "data": {"format": "synthetic"}}, per_seed, {}, per_query)
    md = (tmp_path / "results.md").read_text()
    saved = json.loads((tmp_path / "results.json").read_text()).get("teacher_vs_baseline")
    return next(line for line in md.splitlines() if line.startswith("The claim on this run:")), saved


def _hits(n, ones):
    out = np.zeros(n, bool)
    out[list(ones)] = True
    return out


def test_s54s_teacher_two_queries_below_is_not_said_weaker(tmp_path):
    """24 queries: the teacher hits 5, the ranking-loss student 7 (20.8 against 29.2), on 2 seeds."""
    line, saved = _claim(tmp_path, _hits(24, range(5)), _hits(24, range(2, 9)))
    assert "The teacher is not significantly ahead of the ranking-loss student here (20.8 against 29.2 t2v R@1" in line
    assert "McNemar p = " in line and "is weaker than" not in line
    assert saved["diff"] < 0 and not saved["significant"] and saved["n"] == 48 and saved["seeds"] == 2


def test_a_teacher_ahead_on_its_mean_but_not_significantly_is_said_too(tmp_path):
    line, _ = _claim(tmp_path, _hits(24, range(6)), _hits(24, range(1, 6)))  # 25.0 against 20.8
    assert "The teacher is not significantly ahead of the ranking-loss student here (25.0 against 20.8" in line


def test_a_teacher_significantly_ahead_is_not_remarked_on_and_one_significantly_below_is_weaker(tmp_path):
    line, saved = _claim(tmp_path, _hits(200, range(120)), _hits(200, range(60)))
    assert saved["significant"] and saved["diff"] > 0
    assert "teacher" not in line.lower()
    line, _ = _claim(tmp_path, _hits(200, range(60)), _hits(200, range(120)))
    assert "The teacher scores below the ranking-loss student here (30.0 against 60.0 t2v R@1" in line
    assert "significant): what MCKD distils is weaker than what the student learns alone" in line
