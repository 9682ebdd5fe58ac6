"""Retrieval metrics and moment hit rate against plain loops and hand-made cases."""

from __future__ import annotations

import random

import numpy as np
import pytest

from training.metrics import moment_hit_rate, retrieval_metrics, t2v_ranks, temporal_iou, v2t_ranks

# --------------------------------------------------------------------------- naive versions


def naive_t2v(sim, owner, ties):
    ranks = []
    for i, row in enumerate(sim):
        c = row[owner[i]]
        above = 0
        for j, x in enumerate(row):
            if j != owner[i] and (x >= c if ties == "pessimistic" else x > c):
                above += 1
        ranks.append(1 + above)
    return ranks


def naive_v2t(sim, owner, ties):
    """Rank every caption of v in v's sorted list (competitors: every caption not of v) and keep
    the best."""
    ranks = []
    for v in sorted(set(owner)):
        best = None
        for c in range(len(sim)):
            if owner[c] != v:
                continue
            above = 0
            for k in range(len(sim)):
                if owner[k] == v:
                    continue
                x = sim[k][v]
                if x >= sim[c][v] if ties == "pessimistic" else x > sim[c][v]:
                    above += 1
            best = 1 + above if best is None else min(best, 1 + above)
        ranks.append(best)
    return ranks


def naive_metrics(sim, owner, ties):
    out = {}
    for name, ranks in (("t2v", naive_t2v(sim, owner, ties)), ("v2t", naive_v2t(sim, owner, ties))):
        for k in (1, 5, 10):
            out[f"{name}_r{k}"] = 100.0 * sum(1 for r in ranks if r <= k) / len(ranks)
        s = sorted(ranks)
        n = len(s)
        out[f"{name}_medr"] = s[n // 2] if n % 2 else (s[n // 2 - 1] + s[n // 2]) / 2
        out[f"{name}_meanr"] = sum(ranks) / n
    out["rsum"] = sum(out[f"{p}_r{k}"] for p in ("t2v", "v2t") for k in (1, 5, 10))
    return out


def _case(seed, n_video=12, captions=(1, 3), quantise=False):
    rng = np.random.default_rng(seed)
    owner = np.concatenate([[v] * int(rng.integers(captions[0], captions[1] + 1))
                            for v in range(n_video)])
    sim = rng.normal(size=(len(owner), n_video))
    if quantise:  # many ties
        sim = np.round(sim)
    sim[np.arange(len(owner)), owner] += 1.0
    return sim, owner


# --------------------------------------------------------------------------- retrieval


@pytest.mark.parametrize("seed", [0, 1, 2, 3])
@pytest.mark.parametrize("ties", ["pessimistic", "optimistic"])
@pytest.mark.parametrize("quantise", [False, True])
def test_retrieval_matches_loop(seed, ties, quantise):
    sim, owner = _case(seed, quantise=quantise)
    assert t2v_ranks(sim, owner, ties).tolist() == naive_t2v(sim.tolist(), owner.tolist(), ties)
    assert v2t_ranks(sim, owner, ties)[0].tolist() == naive_v2t(sim.tolist(), owner.tolist(), ties)
    got = retrieval_metrics(sim, owner, ties)
    want = naive_metrics(sim.tolist(), owner.tolist(), ties)
    for key, value in want.items():
        assert got[key] == pytest.approx(value, abs=1e-5), key
    assert got["t2v_n"] == len(owner) and got["v2t_n"] == 12


def test_perfect_similarity():
    m = retrieval_metrics(np.eye(20), np.arange(20))
    for p in ("t2v", "v2t"):
        assert m[f"{p}_r1"] == 100.0 and m[f"{p}_medr"] == 1 and m[f"{p}_meanr"] == 1
    assert m["rsum"] == 600.0


def test_reversed_similarity():
    n = 20
    m = retrieval_metrics(-np.eye(n), np.arange(n))  # the correct item is the only one below 0
    for p in ("t2v", "v2t"):
        assert m[f"{p}_r1"] == 0.0 and m[f"{p}_r10"] == 0.0
        assert m[f"{p}_medr"] == n and m[f"{p}_meanr"] == n
    m = retrieval_metrics(-np.arange(n)[None, :].repeat(n, 0), np.arange(n))  # owner i at rank i+1
    assert m["t2v_r1"] == 5.0 and m["t2v_r5"] == 25.0 and m["t2v_r10"] == 50.0
    assert m["t2v_medr"] == 10.5 and m["t2v_meanr"] == 10.5


def test_ties_pessimistic_by_default():
    flat = np.zeros((10, 10))  # a collapsed model
    assert retrieval_metrics(flat, np.arange(10))["t2v_r1"] == 0.0
    assert t2v_ranks(flat, np.arange(10)).tolist() == [10] * 10
    assert t2v_ranks(flat, np.arange(10), ties="optimistic").tolist() == [1] * 10
    sim = np.array([[0.5, 0.5, 0.1]])
    assert t2v_ranks(sim, [0]).tolist() == [2]
    assert t2v_ranks(sim, [0], "optimistic").tolist() == [1]


def test_multi_caption_v2t_takes_best_caption():
    # video 0 has captions 0, 1, 2; video 1 has caption 3
    sim = np.array([
        [0.1, 0.0],
        [0.9, 0.0],   # video 0's best caption
        [0.2, 0.0],
        [0.5, 0.8],   # caption of video 1 scores above two of video 0's captions
    ])
    owner = np.array([0, 0, 0, 1])
    ranks, videos = v2t_ranks(sim, owner)
    assert videos.tolist() == [0, 1] and ranks.tolist() == [1, 1]
    sim[1, 0] = 0.3                 # now video 0's best caption (0.3) is below caption 3 (0.5)
    assert v2t_ranks(sim, owner)[0].tolist() == [2, 1]
    # other captions of the same video never count against it
    assert v2t_ranks(np.array([[0.9], [0.9], [0.9]]), [0, 0, 0])[0].tolist() == [1]


def test_videos_without_captions_are_left_out_of_v2t():
    sim = np.eye(3)
    m = retrieval_metrics(sim, [0, 2, 2])
    assert m["v2t_n"] == 2 and m["t2v_n"] == 3


def test_bad_inputs():
    with pytest.raises(ValueError):
        retrieval_metrics(np.array([[np.nan, 0.0]]), [0])
    with pytest.raises(ValueError):
        retrieval_metrics(np.eye(2), [0, 2])
    with pytest.raises(ValueError):
        retrieval_metrics(np.eye(2), [0])
    with pytest.raises(ValueError):
        retrieval_metrics(np.eye(2), [0, 1], ties="strict")


# --------------------------------------------------------------------------- moments


def naive_iou(a, b):
    """Integer endpoints, positive lengths: count the unit cells [k, k+1] inside each interval."""
    ca = set(range(int(a[0]), int(a[1])))
    cb = set(range(int(b[0]), int(b[1])))
    return len(ca & cb) / len(ca | cb)


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_moment_hit_rate_matches_loop(seed):
    rng = random.Random(seed)
    preds, truth = [], []
    for _ in range(60):
        s1, s2 = rng.randint(0, 20), rng.randint(0, 20)
        preds.append((rng.randint(0, 1), s1, s1 + rng.randint(1, 8)))
        truth.append((rng.randint(0, 1), s2, s2 + rng.randint(1, 8)))
    for thr in (0.3, 0.5, 0.7):
        want = sum(1 for p, t in zip(preds, truth)
                   if p[0] == t[0] and naive_iou(p[1:], t[1:]) >= thr) / len(truth)
        assert moment_hit_rate(preds, truth, thr) == pytest.approx(want)
    for p, t in zip(preds, truth):
        assert temporal_iou(p[1:], t[1:]) == pytest.approx(naive_iou(p[1:], t[1:]))


def test_moment_hit_rate_hand_cases():
    truth = [(0, 10.0, 20.0)]
    assert moment_hit_rate([(0, 10.0, 20.0)], truth) == 1.0
    assert moment_hit_rate([(1, 10.0, 20.0)], truth) == 0.0           # wrong video
    assert moment_hit_rate([(0, 12.0, 16.0)], truth) == 0.0           # IoU 0.4
    assert moment_hit_rate([(0, 12.0, 16.0)], truth, 0.4) == 1.0      # threshold inclusive
    assert moment_hit_rate([(0, 12.0, 16.0)], truth, "centre") == 1.0  # window centre in event
    assert moment_hit_rate([(0, 0.0, 40.0)], truth, "centre") == 1.0   # window holds event centre
    assert moment_hit_rate([(0, 16.0, 30.0)], truth, "centre") == 0.0  # neither centre inside
    assert moment_hit_rate([None], truth) == 0.0
    # ranked lists: hit@k
    ranked = [[(1, 10.0, 20.0), (0, 10.0, 20.0)]]
    assert moment_hit_rate(ranked, truth) == 0.0
    assert moment_hit_rate(ranked, truth, k=2) == 1.0
    two = [(0, 10.0, 20.0), (0, 50.0, 60.0)]
    assert moment_hit_rate(two, [(0, 10.0, 20.0), (0, 0.0, 4.0)]) == 0.5
    with pytest.raises(ValueError):
        moment_hit_rate([(0, 5.0, 1.0)], truth)
    with pytest.raises(ValueError):
        moment_hit_rate([], [])
    with pytest.raises(ValueError):
        moment_hit_rate([(0, 1.0, 2.0)], truth, "middle")


@pytest.mark.parametrize("ties", ["pessimistic", "optimistic"])
def test_ranks_computed_in_chunks_match_the_loop(monkeypatch, ties):
    """Large splits are ranked in chunks of rows (texts) and columns (videos): with chunks of 5,
    every boundary (a video's captions split over two chunks among them) is crossed on a small case."""
    import training.metrics as metrics

    monkeypatch.setattr(metrics, "_CHUNK", 5)
    sim, owner = _case(7, n_video=13, captions=(1, 4), quantise=True)
    assert t2v_ranks(sim, owner, ties).tolist() == naive_t2v(sim.tolist(), owner.tolist(), ties)
    assert v2t_ranks(sim, owner, ties)[0].tolist() == naive_v2t(sim.tolist(), owner.tolist(), ties)


@pytest.mark.parametrize("dtype", ["bfloat16", "float16", "float32"])
def test_torch_similarities_in_any_float_type_match_the_loop_on_their_values(dtype):
    """A similarity matrix handed over as a torch tensor (a model's output under bf16 autocast, or
    on its GPU) is scored on its own values: bf16, which numpy lacks, was a TypeError ('Got
    unsupported ScalarType BFloat16'). Its rounding ties many scores, counted pessimistically."""
    torch = pytest.importorskip("torch")
    sim, owner = _case(3, n_video=20, captions=(1, 3))
    t = torch.tensor(sim / 4, dtype=getattr(torch, dtype))
    values = t.double().numpy()
    owner_t = torch.tensor(owner)
    got = retrieval_metrics(t, owner_t)
    for key, value in naive_metrics(values.tolist(), owner.tolist(), "pessimistic").items():
        assert got[key] == pytest.approx(value, abs=1e-5), key
    assert t2v_ranks(t, owner_t).tolist() == naive_t2v(values.tolist(), owner.tolist(), "pessimistic")
