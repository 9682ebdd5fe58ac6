"""Uncertainty (issue 13, point 3): sample SD over seeds, paired tests of MCKD against each
baseline over queries, non-significant differences marked, error bars only from several seeds."""

from __future__ import annotations

from math import comb

import numpy as np
import pytest

from training import report
from training.stats import compare, mcnemar, paired_bootstrap


def naive_bootstrap(a, b, n_boot, seed, level=0.95):
    """The textbook loop: draw query indices, score both models on the same draw."""
    rng = np.random.default_rng(seed)
    a, b = np.asarray(a, float), np.asarray(b, float)
    diffs = []
    for _ in range(n_boot):
        idx = rng.integers(0, len(a), size=len(a))
        diffs.append(100 * (a[idx].mean() - b[idx].mean()))
    tail = (1 - level) / 2
    return 100 * (a.mean() - b.mean()), np.quantile(diffs, tail), np.quantile(diffs, 1 - tail)


def naive_mcnemar(a, b):
    n01 = sum(1 for x, y in zip(a, b) if x and not y)
    n10 = sum(1 for x, y in zip(a, b) if y and not x)
    n = n01 + n10
    if n == 0:
        return 1.0
    k = min(n01, n10)
    return min(1.0, 2 * sum(comb(n, i) * 0.5 ** n for i in range(k + 1)))


def test_paired_bootstrap_matches_the_naive_loop():
    rng = np.random.default_rng(3)
    a = rng.random(200) < 0.6
    b = rng.random(200) < 0.45
    got = paired_bootstrap(a, b, n_boot=2000, seed=7)
    diff, lo, hi = naive_bootstrap(a, b, 2000, 7)
    # the same generator calls in the same order: the same draws
    assert got["diff"] == pytest.approx(diff) and got["lo"] == pytest.approx(lo) and got["hi"] == pytest.approx(hi)
    assert got["n"] == 200 and got["lo"] < got["diff"] < got["hi"]


def test_bootstrap_significance_follows_the_interval():
    same = np.array([True, False] * 50)
    assert not paired_bootstrap(same, same)["significant"]  # identical hits: diff 0, interval [0, 0]
    better = np.ones(100, bool)
    worse = np.zeros(100, bool)
    worse[:10] = True
    r = paired_bootstrap(better, worse, n_boot=1000)
    assert r["diff"] == pytest.approx(90.0) and r["significant"] and r["lo"] > 0
    tiny = paired_bootstrap(np.array([1, 0, 1, 0, 1], bool), np.array([0, 1, 1, 0, 0], bool), n_boot=1000)
    assert not tiny["significant"]  # one query's edge in five is noise


@pytest.mark.parametrize("seed", range(5))
def test_mcnemar_matches_the_naive_binomial(seed):
    rng = np.random.default_rng(seed)
    a, b = rng.random(60) < 0.5, rng.random(60) < 0.4
    assert mcnemar(a, b)["p"] == pytest.approx(naive_mcnemar(a, b))
    scipy_stats = pytest.importorskip("scipy.stats")
    r = mcnemar(a, b)
    n = r["a_only"] + r["b_only"]
    if n:
        assert r["p"] == pytest.approx(scipy_stats.binomtest(r["a_only"], n, 0.5).pvalue)


def test_paired_tests_refuse_unpaired_input():
    with pytest.raises(ValueError, match="same length"):
        compare([True, False], [True])
    with pytest.raises(ValueError, match="no queries"):
        mcnemar([], [])


def test_sample_sd_over_seeds_and_none_for_one():
    per_seed = {0: {"mckd": {"t2v_r1": 10.0}}, 1: {"mckd": {"t2v_r1": 14.0}}, 2: {"mckd": {"t2v_r1": 12.0}}}
    assert report.aggregate(per_seed)["mckd"]["t2v_r1"]["std"] == pytest.approx(2.0)  # ddof=1 (population: 1.63)
    one = report.aggregate({0: {"mckd": {"t2v_r1": 10.0}}})
    assert one["mckd"]["t2v_r1"]["std"] is None
    table = report.markdown_table(one, "t")
    assert "| Student, MCKD | 10.0 |" in table and "±" not in table.split("\n\n")[-2]


def _ranks(hits):
    return [1 if h else 5 for h in hits]


def test_report_marks_differences_that_are_not_significant(tmp_path):
    rng = np.random.default_rng(0)
    mckd = rng.random(150) < 0.7
    per_query = {s: {"mckd": _ranks(mckd), "baseline": _ranks(np.zeros(150, bool)),
                     "no_kd": _ranks(mckd ^ (np.arange(150) < 2))} for s in (0, 1)}
    per_seed = {s: {r: {"t2v_r1": 100 * float(np.mean(np.asarray(q) == 1))} for r, q in rows.items()}
                for s, rows in per_query.items()}
    report.write_report(tmp_path, {"name": "t"}, per_seed, {}, per_query)
    md = (tmp_path / "results.md").read_text()
    line = {k: next(ln for ln in md.splitlines() if ln.startswith(f"- vs {report.ROW_NAMES[k]}")) for k in ("baseline", "no_kd")}
    assert "not significant" not in line["baseline"] and "significant" in line["baseline"]
    # 4 discordant queries, all one way: the percentile interval misses 0, exact McNemar does not
    assert "McNemar p = 0.125" in line["no_kd"] and "300 queries over 2 seed(s)" in line["no_kd"]
    assert "**not significant**" in line["no_kd"]


@pytest.mark.parametrize("seeds", [1, 3])
def test_bar_plot_draws_error_bars_only_from_several_seeds(tmp_path, monkeypatch, seeds):
    import matplotlib.axes

    drawn = []
    real = matplotlib.axes.Axes.bar
    monkeypatch.setattr(matplotlib.axes.Axes, "bar", lambda self, *a, **kw: drawn.append(kw.get("yerr")) or real(self, *a, **kw))
    per_seed = {s: {"baseline": {"t2v_r1": 10.0 + s}, "mckd": {"t2v_r1": 15.0 + s}} for s in range(seeds)}
    report.plot(tmp_path, {}, report.aggregate(per_seed))
    assert (drawn[0] is None) == (seeds == 1)


@pytest.mark.parametrize("fmt, anchor", [("msrvtt", "CLIP4Clip, ViT-B/32, meanP: **43.1**"),
                                         ("synthetic", "Published anchors: none"), ("someformat", None)])
def test_results_md_opens_with_the_benchmarks_anchors_and_the_methods_claimed_gain(tmp_path, fmt, anchor):
    per_seed = {0: {"baseline": {"t2v_r1": 40.0}, "mckd": {"t2v_r1": 47.0}}}
    report.write_report(tmp_path, {"name": "t", "data": {"format": fmt}}, per_seed, {})
    head = (tmp_path / "results.md").read_text().split("| model |")[0]
    assert (anchor in head) if anchor else ("Published anchors" not in head)
    assert "+5 to +9" in head and "ranking loss only" in head  # the gap a reproduction is held to
