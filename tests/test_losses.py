"""MCKD losses against plain python-loop versions, plus the properties each loss promises."""

from __future__ import annotations

import math

import pytest
import torch

from training import losses
from training.losses import (
    discrimination_loss,
    discrimination_parts,
    distillation_loss,
    relation_distillation_loss,
    info_nce,
    ranking_loss,
)

SEEDS = [0, 1, 2, 3]
TOL = dict(rel=1e-5, abs=1e-5)


# --------------------------------------------------------------------------- naive versions


def _unit(x):
    out = []
    for v in x.tolist():
        norm = math.sqrt(sum(c * c for c in v))
        out.append([c / norm for c in v])
    return out


def _dot(u, v):
    return sum(a * b for a, b in zip(u, v))


def _cos_matrix(a, b):
    ua, ub = _unit(a), _unit(b)
    return [[_dot(u, v) for v in ub] for u in ua]


def _logsumexp(xs):
    m = max(xs)
    return m + math.log(sum(math.exp(x - m) for x in xs))


def _mp_ce(logits, pos):
    """mean over rows with positives of −mean_{j∈P_i} log softmax_j."""
    total, rows = 0.0, 0
    for i, row in enumerate(logits):
        p = [j for j in range(len(row)) if pos[i][j]]
        if not p:
            continue
        lse = _logsumexp(row)
        total += -sum(row[j] - lse for j in p) / len(p)
        rows += 1
    return total / rows if rows else 0.0


def _transpose(m):
    return [list(r) for r in zip(*m)]


def naive_info_nce(a, b, t, pos=None):
    s = [[x / t for x in row] for row in _cos_matrix(a, b)]
    if pos is None:
        pos = [[i == j for j in range(len(s[0]))] for i in range(len(s))]
    return 0.5 * (_mp_ce(s, pos) + _mp_ce(_transpose(s), _transpose(pos)))


def naive_ranking(sim, margin, hardest, pos=None):
    nt, nv = len(sim), len(sim[0])
    if pos is None:
        pos = [[i == j for j in range(nv)] for i in range(nt)]
    costs = []
    for i in range(nt):
        for j in range(nv):
            if not pos[i][j]:
                continue
            row = [max(0.0, margin + sim[i][k] - sim[i][j]) for k in range(nv) if not pos[i][k]]
            col = [max(0.0, margin + sim[k][j] - sim[i][j]) for k in range(nt) if not pos[k][j]]
            agg = (lambda c: max(c) if c else 0.0) if hardest else sum
            costs.append(agg(row) + agg(col))
    return sum(costs) / len(costs)


def _softmax(xs):
    lse = _logsumexp(xs)
    return [math.exp(x - lse) for x in xs]


def _kl_rows(t_m, s_m):
    total = 0.0
    for tr, sr in zip(t_m, s_m):
        p, q = _softmax(tr), _softmax(sr)
        total += sum(pi * (math.log(pi) - math.log(qi)) for pi, qi in zip(p, q))
    return total / len(t_m)


def naive_distillation(student, teacher, t, t2=True):
    s = [[x / t for x in r] for r in student]
    te = [[x / t for x in r] for r in teacher]
    loss = 0.5 * (_kl_rows(te, s) + _kl_rows(_transpose(te), _transpose(s)))
    return loss * t * t if t2 else loss


def naive_discrimination(text, video, ids, t):
    ut, uv = _unit(text), _unit(video)
    n = len(ids)
    tt_total, tt_rows = 0.0, 0
    for i in range(n):
        pos = [p for p in range(n) if p != i and ids[p] == ids[i]]
        if not pos:
            continue
        denom = _logsumexp([_dot(ut[i], ut[k]) / t for k in range(n) if k != i])
        tt_total += -sum(_dot(ut[i], ut[p]) / t - denom for p in pos) / len(pos)
        tt_rows += 1
    tt = tt_total / tt_rows if tt_rows else 0.0
    tv = 0.0
    for i in range(n):
        row = [_dot(ut[i], uv[j]) / t for j in range(n)]
        lse = _logsumexp(row)
        pos = [j for j in range(n) if ids[j] == ids[i]]
        tv += -sum(row[j] - lse for j in pos) / len(pos)
    return tt, tv / n


def _ids(seed, n):
    g = torch.Generator().manual_seed(seed)
    return torch.randint(0, max(1, n // 2), (n,), generator=g)


def _rand(seed, *shape):
    g = torch.Generator().manual_seed(seed)
    return torch.randn(*shape, generator=g, dtype=torch.float64)


# --------------------------------------------------------------------------- info_nce


@pytest.mark.parametrize("seed", SEEDS)
@pytest.mark.parametrize("masked", [False, True])
def test_info_nce_matches_loop(seed, masked):
    a, b = _rand(seed, 7, 5), _rand(seed + 100, 7, 5)
    pos = None
    if masked:
        ids = _ids(seed, 7)
        pos = ids[:, None] == ids[None, :]
    got = info_nce(a, b, 0.1, pos).item()
    want = naive_info_nce(a, b, 0.1, None if pos is None else pos.tolist())
    assert got == pytest.approx(want, **TOL)


@pytest.mark.parametrize("seed", SEEDS)
def test_info_nce_rectangular_mask_with_empty_rows(seed):
    a, b = _rand(seed, 5, 4), _rand(seed + 7, 3, 4)
    g = torch.Generator().manual_seed(seed)
    pos = torch.rand(5, 3, generator=g) < 0.4
    pos[0] = False  # a row without positives is skipped
    got = info_nce(a, b, 0.2, pos).item()
    assert got == pytest.approx(naive_info_nce(a, b, 0.2, pos.tolist()), **TOL)


def test_info_nce_identity_mask_equals_plain():
    a, b = _rand(0, 6, 8), _rand(1, 6, 8)
    assert info_nce(a, b, 0.07).item() == pytest.approx(
        info_nce(a, b, 0.07, torch.eye(6, dtype=torch.bool)).item(), **TOL)


def test_info_nce_lower_when_pairs_align():
    a = _rand(0, 8, 16)
    aligned = a + 0.05 * _rand(1, 8, 16)
    assert info_nce(a, aligned, 0.1) < info_nce(a, _rand(2, 8, 16), 0.1)


def test_info_nce_tensor_temperature_gets_gradient():
    scale = torch.tensor(math.log(1 / 0.07), requires_grad=True)
    info_nce(_rand(0, 4, 3), _rand(1, 4, 3), 1 / scale.exp()).backward()
    assert scale.grad is not None and torch.isfinite(scale.grad)


@pytest.mark.parametrize("tau", [0.0, -0.1, float("nan")])
def test_a_tensor_temperature_not_above_zero_is_refused_as_a_float_is(tau):
    """A 0-d tensor temperature of 0 or less was taken as it was: logits divided by 0 (inf, then NaN
    losses) or by a negative τ (the softmax turned upside down, rewarding the wrong pairs), silently."""
    for fn in (lambda t: info_nce(_rand(0, 3, 2), _rand(1, 3, 2), t),
               lambda t: distillation_loss(torch.tanh(_rand(0, 3, 3)), torch.tanh(_rand(1, 3, 3)), t)):
        with pytest.raises(ValueError, match="temperature must be > 0"):
            fn(torch.tensor(tau))
        with pytest.raises(ValueError, match="temperature must be > 0"):
            fn(tau)


def test_a_tensor_temperature_on_a_device_is_not_read():
    """Reading a GPU tensor's value waits for the device at every step: a temperature not on the CPU
    is passed on unread (a meta tensor stands for it here: reading its value raises)."""
    tau = torch.tensor(0.1, device="meta")
    assert losses._temperature(tau).device.type == "meta"


def test_a_learned_temperature_stays_within_open_clips_bounds():
    """``learned_temperature`` clamps the logit scale to [0, ln 100]: τ within [0.01, 1] whatever the
    scale learned (-1000: exp underflows, τ was infinite; 50: τ was 2e-22)."""
    taus = [float(losses.learned_temperature(torch.tensor(s))) for s in (-1000.0, -3.0, 0.0, math.log(1 / 0.07), 50.0)]
    assert taus[0] == taus[1] == taus[2] == 1.0 and taus[3] == pytest.approx(0.07)
    assert taus[4] == pytest.approx(0.01)
    scale = torch.tensor(math.log(1 / 0.07), requires_grad=True)
    info_nce(_rand(0, 4, 3), _rand(1, 4, 3), losses.learned_temperature(scale)).backward()
    assert scale.grad is not None and torch.isfinite(scale.grad) and scale.grad != 0


def test_bad_temperature_and_shapes():
    with pytest.raises(ValueError):
        info_nce(_rand(0, 3, 2), _rand(1, 3, 2), 0.0)
    with pytest.raises(ValueError):
        info_nce(_rand(0, 3, 2), _rand(1, 4, 2), 0.1)  # non-square needs a mask


# --------------------------------------------------------------------------- ranking


@pytest.mark.parametrize("seed", SEEDS)
@pytest.mark.parametrize("hardest", [True, False])
@pytest.mark.parametrize("masked", [False, True])
def test_ranking_matches_loop(seed, hardest, masked):
    sim = torch.tanh(_rand(seed, 6, 6))
    pos = None
    if masked:
        ids = _ids(seed, 6)
        pos = ids[:, None] == ids[None, :]
    got = ranking_loss(sim, 0.2, hardest, pos).item()
    want = naive_ranking(sim.tolist(), 0.2, hardest, None if pos is None else pos.tolist())
    assert got == pytest.approx(want, **TOL)


def test_ranking_zero_when_positives_beat_negatives_by_margin():
    sim = torch.full((5, 5), 0.5, dtype=torch.float64)
    sim.fill_diagonal_(0.75)                      # gap 0.25 > margin 0.2
    assert ranking_loss(sim, 0.2).item() == 0.0
    assert ranking_loss(sim, 0.2, hardest=False).item() == 0.0
    assert ranking_loss(sim, 0.3).item() > 0.0    # gap < margin costs


def test_ranking_same_video_captions_are_not_negatives():
    ids = torch.tensor([0, 0, 1])
    sim = torch.tensor([[0.9, 0.9, 0.1], [0.9, 0.9, 0.1], [0.1, 0.1, 0.9]], dtype=torch.float64)
    assert ranking_loss(sim, 0.2).item() > 0.0                  # diagonal-only: (0,1) is a negative
    assert ranking_loss(sim, 0.2, positives=ids[:, None] == ids[None, :]).item() == 0.0


# --------------------------------------------------------------------------- distillation


@pytest.mark.parametrize("seed", SEEDS)
@pytest.mark.parametrize("t2", [True, False])
def test_distillation_matches_loop(seed, t2):
    s, t = torch.tanh(_rand(seed, 5, 5)), torch.tanh(_rand(seed + 50, 5, 5))
    got = distillation_loss(s, t, 0.1, t2_scaling=t2).item()
    assert got == pytest.approx(naive_distillation(s.tolist(), t.tolist(), 0.1, t2), **TOL)


@pytest.mark.parametrize("seed", SEEDS)
def test_distillation_one_direction_matches_loop_on_a_rectangular_matrix(seed):
    """rows: text→video only (each caption's softmax over the videos); cols: video→text only."""
    s, t = torch.tanh(_rand(seed, 4, 6)), torch.tanh(_rand(seed + 50, 4, 6))
    te = [[x / 0.2 for x in r] for r in t.tolist()]
    st = [[x / 0.2 for x in r] for r in s.tolist()]
    rows = _kl_rows(te, st)
    cols = _kl_rows(_transpose(te), _transpose(st))
    assert distillation_loss(s, t, 0.2, "rows", t2_scaling=False).item() == pytest.approx(rows, **TOL)
    assert distillation_loss(s, t, 0.2, "cols", t2_scaling=False).item() == pytest.approx(cols, **TOL)
    assert distillation_loss(s, t, 0.2, "both", t2_scaling=False).item() == pytest.approx((rows + cols) / 2, **TOL)


@pytest.mark.parametrize("hardest", [True, False])
def test_ranking_with_tied_negatives_matches_loop(hardest):
    """Tied similarities (a collapsed model, quantised scores): every tied negative costs the margin."""
    sim = torch.round(_rand(0, 6, 6) * 2) / 2
    sim[2] = 0.5  # a caption scoring every video the same
    ids = torch.tensor([0, 0, 1, 2, 3, 3])
    pos = ids[:, None] == ids[None, :]
    got = ranking_loss(sim, 0.2, hardest, pos).item()
    assert got == pytest.approx(naive_ranking(sim.tolist(), 0.2, hardest, pos.tolist()), **TOL)
    flat = torch.zeros(5, 5, dtype=torch.float64)
    assert ranking_loss(flat, 0.2, hardest).item() == pytest.approx(2 * 0.2 * (1 if hardest else 4), **TOL)


def test_distillation_zero_iff_equal_up_to_shift():
    t = torch.tanh(_rand(0, 6, 6))
    assert distillation_loss(t.clone(), t, 0.1).item() == pytest.approx(0.0, abs=1e-12)
    assert distillation_loss(t + 0.3, t, 0.1).item() == pytest.approx(0.0, abs=1e-12)
    row_shift = t + torch.arange(6, dtype=t.dtype)[:, None] * 0.1
    assert distillation_loss(row_shift, t, 0.1, directions="rows").item() == pytest.approx(0.0, abs=1e-12)
    assert distillation_loss(row_shift, t, 0.1, directions="cols").item() > 1e-6
    assert distillation_loss(row_shift, t, 0.1).item() > 1e-6
    assert distillation_loss(torch.tanh(_rand(1, 6, 6)), t, 0.1).item() > 1e-6


def test_distillation_gradient_reaches_student_only():
    s = torch.tanh(_rand(0, 4, 4)).requires_grad_()
    t = torch.tanh(_rand(1, 4, 4)).requires_grad_()
    distillation_loss(s, t, 0.5).backward()
    assert s.grad is not None and s.grad.abs().sum() > 0
    assert t.grad is None


def naive_relation_distillation(student, teacher, t, exclude=None):
    us, ut = _unit(student), _unit(teacher)
    n, total, rows = len(student), 0.0, 0
    for i in range(n):
        keep = [j for j in range(n) if j != i and not (exclude and exclude[i][j])]
        if not keep:
            continue
        p = _softmax([_dot(ut[i], ut[j]) / t for j in keep])
        q = _softmax([_dot(us[i], us[j]) / t for j in keep])
        total += sum(pi * (math.log(pi) - math.log(qi)) for pi, qi in zip(p, q))
        rows += 1
    return total / rows


@pytest.mark.parametrize("seed", SEEDS)
def test_relation_distillation_matches_loop(seed):
    s, t = _rand(seed, 6, 5), _rand(seed + 3, 6, 9)  # widths differ: only similarities meet
    assert relation_distillation_loss(s, t, 0.1).item() == pytest.approx(
        naive_relation_distillation(s, t, 0.1), **TOL)
    ids = torch.tensor([0, 0, 1, 2, 2, 3])
    same = ids[:, None] == ids[None, :]
    assert relation_distillation_loss(s, t, 0.2, exclude=same).item() == pytest.approx(
        naive_relation_distillation(s, t, 0.2, same.tolist()), **TOL)


def test_relation_distillation_zero_for_the_same_structure_and_teacher_detached():
    t = _rand(0, 5, 4)
    rot = torch.linalg.qr(_rand(1, 4, 4))[0]  # a rotation keeps every cosine
    assert relation_distillation_loss(t @ rot, t, 0.1).item() == pytest.approx(0.0, abs=1e-9)
    s = _rand(2, 5, 4).requires_grad_()
    tt = t.clone().requires_grad_()
    loss = relation_distillation_loss(s, tt, 0.1)
    assert loss.item() > 1e-4
    loss.backward()
    assert s.grad.abs().sum() > 0 and tt.grad is None
    everything = torch.ones(5, 5, dtype=torch.bool)
    assert relation_distillation_loss(s, tt, 0.1, exclude=everything).item() == 0.0


# --------------------------------------------------------------------------- discrimination


@pytest.mark.parametrize("seed", SEEDS)
@pytest.mark.parametrize("unique", [False, True])
def test_discrimination_matches_loop(seed, unique):
    text, video = _rand(seed, 8, 6), _rand(seed + 9, 8, 6)
    ids = torch.arange(8) if unique else _ids(seed, 8)
    tt, tv = discrimination_parts(text, video, ids, 0.1)
    want_tt, want_tv = naive_discrimination(text, video, ids.tolist(), 0.1)
    assert tt.item() == pytest.approx(want_tt, **TOL)
    assert tv.item() == pytest.approx(want_tv, **TOL)
    total = discrimination_loss(text, video, ids, 0.1, text_weight=0.5, cross_weight=2.0)
    assert total.item() == pytest.approx(0.5 * want_tt + 2.0 * want_tv, **TOL)


def test_discrimination_without_same_video_pairs_is_cross_modal_only_and_finite():
    text = _rand(0, 4, 5).requires_grad_()
    video = _rand(1, 4, 5)
    tt, tv = discrimination_parts(text, video, torch.arange(4), 0.1)
    assert tt.item() == 0.0
    (tt + tv).backward()
    assert torch.isfinite(text.grad).all() and text.grad.abs().sum() > 0


def test_discrimination_lower_when_same_video_texts_cluster():
    ids = torch.tensor([0, 0, 1, 1, 2, 2])
    centres = _rand(0, 3, 16)
    video = centres[ids]
    clustered = centres[ids] + 0.05 * _rand(1, 6, 16)
    scattered = _rand(2, 6, 16)
    assert discrimination_loss(clustered, video, ids, 0.1) < discrimination_loss(scattered, video, ids, 0.1)
    tt_c, _ = discrimination_parts(clustered, video, ids, 0.1)
    tt_s, _ = discrimination_parts(scattered, video, ids, 0.1)
    assert tt_c < tt_s
