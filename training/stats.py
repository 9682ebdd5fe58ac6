"""Paired comparison of two models scored on the same queries: pure numpy.

``a`` and ``b`` are per-query hits (True where the model's top result is the query's video:
R@1 = 100 * mean(hits)), in the same query order. With several seeds, the per-seed query lists
are concatenated (each (seed, query) pair is one paired observation).
"""

from __future__ import annotations

from math import comb

import numpy as np


def _pair(a, b) -> tuple[np.ndarray, np.ndarray]:
    a, b = np.asarray(a, dtype=bool).reshape(-1), np.asarray(b, dtype=bool).reshape(-1)
    if a.shape != b.shape:
        raise ValueError(f"paired hits must have the same length ({a.size} vs {b.size})")
    if a.size == 0:
        raise ValueError("no queries")
    return a, b


def paired_bootstrap(a, b, n_boot: int = 10000, level: float = 0.95, seed: int = 0) -> dict:
    """``{"diff", "lo", "hi", "n", "significant"}``: R@1 of a minus R@1 of b (points) and the
    ``level`` percentile interval over ``n_boot`` resamples of the queries (with replacement, the
    same draw for both models)."""
    a, b = _pair(a, b)
    d = a.astype(np.float64) - b.astype(np.float64)
    rng = np.random.default_rng(seed)
    means = np.array([d[rng.integers(0, d.size, size=d.size)].mean() for _ in range(n_boot)])
    tail = (1 - level) / 2
    lo_, hi_ = np.quantile(means, [tail, 1 - tail])
    out = {"diff": 100 * float(d.mean()), "lo": 100 * float(lo_), "hi": 100 * float(hi_), "n": int(d.size)}
    out["significant"] = bool(out["lo"] > 0 or out["hi"] < 0)
    return out


def mcnemar(a, b) -> dict:
    """``{"a_only", "b_only", "p"}``: the discordant counts (a hit where b missed, and the
    reverse) and the exact two-sided binomial p-value of those counts against 1/2."""
    a, b = _pair(a, b)
    a_only, b_only = int(np.sum(a & ~b)), int(np.sum(~a & b))
    n = a_only + b_only
    k = min(a_only, b_only)
    tail = sum(comb(n, i) for i in range(k + 1))  # exact integers: no overflow, no rounding
    p = min(1.0, 2 * tail / 2 ** n)
    return {"a_only": a_only, "b_only": b_only, "p": float(p)}


def compare(a, b, n_boot: int = 10000, seed: int = 0, alpha: float = 0.05) -> dict:
    """Both tests of a against b: the bootstrap's keys plus ``mcnemar_p``; ``significant`` when
    the interval excludes 0 and ``mcnemar_p < alpha`` (with few discordant queries the percentile
    interval is too narrow, and the exact test is the one to trust)."""
    out = paired_bootstrap(a, b, n_boot=n_boot, seed=seed)
    out["mcnemar_p"] = mcnemar(a, b)["p"]
    out["significant"] = bool(out["significant"] and out["mcnemar_p"] < alpha)
    return out
