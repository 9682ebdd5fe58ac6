"""Retrieval metrics, pure numpy.

``sim [n_text, n_video]``: one row per caption (query), one column per video (the layout of
``training.losses``). ``text_owner[i]`` is the column of caption i's video (as
``Split.flat_captions()`` returns it).

Ranks start at 1. TIES are PESSIMISTIC by default: every wrong item scoring >= the correct one is
counted above it, so a collapsed model that scores everything equally gets the worst rank, never
R@1 = 100. ``ties="optimistic"`` counts only wrong items scoring strictly higher.
Non-finite similarities raise ValueError (a NaN model must not produce a score). A torch tensor
is read as it is, on any device and in any float type (bf16 and fp16 too), in float64.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

RECALL_KS = (1, 5, 10)
_CHUNK = 2048


def _numpy(x):
    """A torch tensor's values (any device; bf16, which numpy lacks, read as float64), else ``x``."""
    if hasattr(x, "detach") and hasattr(x, "double"):  # (no torch import: numpy callers stay light)
        return x.detach().cpu().double().numpy() if x.is_floating_point() else x.detach().cpu().numpy()
    return x


def _check(sim, text_owner, ties: str) -> tuple[np.ndarray, np.ndarray]:
    if ties not in ("pessimistic", "optimistic"):
        raise ValueError("ties must be 'pessimistic' or 'optimistic'")
    sim = np.asarray(_numpy(sim), dtype=np.float64)
    owner = np.asarray(_numpy(text_owner)).astype(np.int64).reshape(-1)
    if sim.ndim != 2:
        raise ValueError(f"sim must be [n_text, n_video], got shape {sim.shape}")
    if owner.shape[0] != sim.shape[0]:
        raise ValueError(f"text_owner has {owner.shape[0]} entries for {sim.shape[0]} texts")
    if owner.size and (owner.min() < 0 or owner.max() >= sim.shape[1]):
        raise ValueError("text_owner names a video outside the similarity matrix")
    if not np.isfinite(sim).all():
        raise ValueError("similarity matrix has NaN or infinite values")
    return sim, owner


def _beats(x: np.ndarray, ref: np.ndarray, ties: str) -> np.ndarray:
    return x >= ref if ties == "pessimistic" else x > ref


def t2v_ranks(sim, text_owner, ties: str = "pessimistic") -> np.ndarray:
    """For each text i: 1 + #{videos j ≠ owner(i) that beat sim[i, owner(i)]}."""
    sim, owner = _check(sim, text_owner, ties)
    ranks = np.empty(sim.shape[0], dtype=np.int64)
    for lo in range(0, sim.shape[0], _CHUNK):
        s, o = sim[lo:lo + _CHUNK], owner[lo:lo + _CHUNK]
        correct = s[np.arange(len(o)), o][:, None]
        wrong = np.ones_like(s, dtype=bool)
        wrong[np.arange(len(o)), o] = False
        ranks[lo:lo + _CHUNK] = 1 + (_beats(s, correct, ties) & wrong).sum(axis=1)
    return ranks


def v2t_ranks(sim, text_owner, ties: str = "pessimistic") -> tuple[np.ndarray, np.ndarray]:
    """Multi-caption video→text ranks: for each video v that has captions, its BEST-ranked
    caption::

        best_v = max_{c : owner(c) = v} sim[c, v]
        rank_v = 1 + #{captions k with owner(k) ≠ v that beat best_v}

    Returns (ranks, videos); videos without captions are left out."""
    sim, owner = _check(sim, text_owner, ties)
    videos = np.unique(owner)
    ranks = np.empty(len(videos), dtype=np.int64)
    for lo in range(0, len(videos), _CHUNK):
        vs = videos[lo:lo + _CHUNK]
        cols = sim[:, vs]                          # [n_text, c]
        own = owner[:, None] == vs[None, :]
        best = np.where(own, cols, -np.inf).max(axis=0)
        ranks[lo:lo + _CHUNK] = 1 + (_beats(cols, best[None, :], ties) & ~own).sum(axis=0)
    return ranks, videos


def _summary(ranks: np.ndarray, prefix: str) -> dict[str, float]:
    out = {f"{prefix}_r{k}": float(100.0 * np.mean(ranks <= k)) for k in RECALL_KS}
    out[f"{prefix}_medr"] = float(np.median(ranks))
    out[f"{prefix}_meanr"] = float(np.mean(ranks))
    out[f"{prefix}_n"] = int(len(ranks))
    return out


def retrieval_metrics(sim, text_owner, ties: str = "pessimistic") -> dict[str, float]:
    """Text→video and video→text retrieval metrics.

    Keys: ``t2v_r1 t2v_r5 t2v_r10`` (percent), ``t2v_medr`` (median rank, MdR), ``t2v_meanr``
    (mean rank, MnR), ``t2v_n`` (queries); the same with ``v2t_`` (queries = videos with
    captions, see ``v2t_ranks``); ``rsum`` = the sum of the six recalls."""
    sim, owner = _check(sim, text_owner, ties)
    if sim.shape[0] == 0:
        raise ValueError("no texts to evaluate")
    out = _summary(t2v_ranks(sim, owner, ties), "t2v")
    out.update(_summary(v2t_ranks(sim, owner, ties)[0], "v2t"))
    out["rsum"] = float(sum(out[f"{p}_r{k}"] for p in ("t2v", "v2t") for k in RECALL_KS))
    return out


Moment = tuple[int, float, float]  # (video index, start s, end s)


def temporal_iou(a: tuple[float, float], b: tuple[float, float]) -> float:
    """|a ∩ b| / |a ∪ b| of closed intervals; two identical points give 1, other zero unions 0."""
    (s1, e1), (s2, e2) = a, b
    inter = max(0.0, min(e1, e2) - max(s1, s2))
    union = max(e1, e2) - min(s1, s2)
    if union <= 0:
        return 1.0 if (s1, e1) == (s2, e2) else 0.0
    return inter / union


def _centre_hit(p: tuple[float, float], t: tuple[float, float]) -> bool:
    pc, tc = (p[0] + p[1]) / 2, (t[0] + t[1]) / 2
    return p[0] <= tc <= p[1] or t[0] <= pc <= t[1]


def _check_moment(m, what: str) -> tuple[int, float, float]:
    v, s, e = m
    if not e >= s:
        raise ValueError(f"{what} moment {m!r} ends before it starts")
    return int(v), float(s), float(e)


def moment_hit_rate(predicted: Sequence, truth: Sequence[Moment],
                    iou_threshold: float | str = 0.5, k: int = 1) -> float:
    """Fraction, in [0, 1], of queries whose top predicted moment lands on the true event.

    ``predicted[q]``: query q's top moment ``(video_idx, start, end)``, a ranked list of such
    moments (the best ``k`` count: hit@k), or None (a miss); ``truth[q]``: its true moment. A HIT
    is the true video AND, with a number ``iou_threshold``, temporal IoU >= it; with ``"centre"``
    (or ``"center"``, ``"contains centre"``), either interval contains the other's centre (fit
    for fixed-length search windows against events of any length).
    """
    if len(predicted) != len(truth):
        raise ValueError(f"{len(predicted)} predictions for {len(truth)} queries")
    if not truth:
        raise ValueError("no queries")
    if k < 1:
        raise ValueError("k must be >= 1")
    centre = isinstance(iou_threshold, str)
    if centre and iou_threshold not in ("centre", "center", "contains centre", "contains center"):
        raise ValueError("iou_threshold must be a number or 'centre'")
    hits = 0
    for pred, true in zip(predicted, truth):
        tv, ts, te = _check_moment(true, "true")
        if pred is None:
            continue
        cands = [pred] if len(pred) and np.isscalar(pred[0]) else list(pred)[:k]
        for cand in cands:
            pv, ps, pe = _check_moment(cand, "predicted")
            if pv != tv:
                continue
            ok = (_centre_hit((ps, pe), (ts, te)) if centre
                  else temporal_iou((ps, pe), (ts, te)) >= float(iou_threshold))
            if ok:
                hits += 1
                break
    return hits / len(truth)
