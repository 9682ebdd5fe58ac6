"""The MCKD losses combined (``teacher_loss``, ``mckd_loss``: weighted sums of the parts, which parts
run, where the gradient goes) and an empty batch in every loss; each part against its plain python-loop
version is ``tests/test_losses.py``."""

from __future__ import annotations

import pytest
import torch

from tests.test_losses import SEEDS, TOL, _rand, naive_info_nce
from training.losses import (
    MCKDLossConfig,
    discrimination_loss,
    distillation_loss,
    info_nce,
    mckd_loss,
    ranking_loss,
    relation_distillation_loss,
    same_video_mask,
    teacher_loss,
)


@pytest.mark.parametrize("seed", SEEDS[:2])
def test_teacher_loss_is_weighted_sum_and_skips_zero_weights(seed):
    app, mot, txt = _rand(seed, 5, 4), _rand(seed + 1, 5, 4), _rand(seed + 2, 5, 4)
    total, parts = teacher_loss(app, mot, txt, 0.1, weights=(1.0, 0.5, 2.0))
    assert set(parts) == {"appearance_text", "motion_text", "appearance_motion"}
    assert parts["appearance_text"].item() == pytest.approx(naive_info_nce(app, txt, 0.1), **TOL)
    assert parts["motion_text"].item() == pytest.approx(naive_info_nce(mot, txt, 0.1), **TOL)
    assert parts["appearance_motion"].item() == pytest.approx(naive_info_nce(app, mot, 0.1), **TOL)
    want = parts["appearance_text"] + 0.5 * parts["motion_text"] + 2.0 * parts["appearance_motion"]
    assert total.item() == pytest.approx(want.item(), **TOL)
    _, parts = teacher_loss(app, mot, txt, 0.1, weights=(1.0, 0.0, 1.0))
    assert "motion_text" not in parts
    with pytest.raises(ValueError):
        teacher_loss(app, mot, txt, 0.1, weights=(0, 0, 0))


@pytest.mark.parametrize("seed", SEEDS[:2])
def test_teacher_loss_with_same_video_positives_matches_loop(seed):
    """Teacher.loss hands teacher_loss the same-video mask: each pair of streams against the loop
    version with that mask (only the maskless sum was checked against it)."""
    app, mot, txt = _rand(seed, 6, 4), _rand(seed + 1, 6, 4), _rand(seed + 2, 6, 4)
    pos = same_video_mask(torch.tensor([0, 0, 1, 2, 2, 3]))
    total, parts = teacher_loss(app, mot, txt, 0.1, weights=(1.0, 0.5, 2.0), positives=pos)
    naive = [naive_info_nce(a, b, 0.1, pos.tolist()) for a, b in ((app, txt), (mot, txt), (app, mot))]
    assert [parts[k].item() for k in ("appearance_text", "motion_text", "appearance_motion")] == pytest.approx(naive, **TOL)
    assert total.item() == pytest.approx(naive[0] + 0.5 * naive[1] + 2.0 * naive[2], **TOL)


def test_mckd_loss_combines_and_switches_parts():
    text, video = _rand(0, 6, 8), _rand(1, 6, 8)
    ids = torch.tensor([0, 0, 1, 2, 3, 3])
    pos = ids[:, None] == ids[None, :]
    tn, vn = torch.nn.functional.normalize(text, dim=-1), torch.nn.functional.normalize(video, dim=-1)
    s = tn @ vn.T
    teacher = torch.tanh(_rand(2, 6, 6))
    cfg = {"rank_weight": 1.0, "kd_weight": 0.7, "kd_temperature": 0.2, "dis_weight": 0.3,
           "dis_temperature": 0.1}
    total, parts = mckd_loss(s, teacher, text, video, ids, cfg)
    rank = ranking_loss(s, 0.2, True, pos)
    kd = distillation_loss(s, teacher, 0.2, t2_scaling=False)  # λ_kd alone sets the strength
    dis = discrimination_loss(text, video, ids, 0.1)
    assert total.item() == pytest.approx((rank + 0.7 * kd + 0.3 * dis).item(), **TOL)
    assert set(parts) == {"rank", "kd", "dis", "dis_text", "dis_cross"}
    # the intra-modal relation terms, from the teacher's embeddings (its sim is derived from them)
    t_text, t_video = _rand(3, 6, 5), _rand(4, 6, 5)
    t_sim = torch.nn.functional.normalize(t_text, dim=-1) @ torch.nn.functional.normalize(t_video, dim=-1).T
    tn5, vn5 = torch.nn.functional.normalize(t_text, dim=-1), torch.nn.functional.normalize(t_video, dim=-1)
    cfg2 = {**cfg, "kd_video_weight": 0.5, "kd_text_weight": 0.25}
    total, parts = mckd_loss(s, None, text, video, ids, cfg2, teacher_text=tn5, teacher_video=vn5)
    want = (rank + 0.7 * distillation_loss(s, t_sim, 0.2, t2_scaling=False) + 0.3 * dis
            + 0.5 * relation_distillation_loss(video, t_video, 0.2, exclude=pos)
            + 0.25 * relation_distillation_loss(text, t_text, 0.2, exclude=pos))
    assert total.item() == pytest.approx(want.item(), **TOL)
    assert {"kd_video", "kd_text"} <= set(parts)
    with pytest.raises(ValueError, match="teacher"):
        mckd_loss(s, teacher, text, video, ids, cfg2)
    # kd off: teacher_sim may be None and the part is not computed
    total, parts = mckd_loss(s, None, text, video, ids, MCKDLossConfig(kd_weight=0.0))
    assert "kd" not in parts
    assert total.item() == pytest.approx((rank + discrimination_loss(text, video, ids, 0.05)).item(), **TOL)
    with pytest.raises(ValueError):
        mckd_loss(s, None, text, video, ids, {"kd_weight": 1.0})
    with pytest.raises(ValueError):
        mckd_loss(s, teacher, text, video, ids, {"rank_weight": 0, "kd_weight": 0, "dis_weight": 0})
    with pytest.raises(ValueError):
        mckd_loss(s, teacher, text, video, ids, {"lambda_kd": 1.0})


def test_mckd_gradient_reaches_student_not_teacher():
    text = _rand(0, 4, 8).requires_grad_()
    video = _rand(1, 4, 8).requires_grad_()
    teacher = torch.tanh(_rand(2, 4, 4)).requires_grad_()
    s = torch.nn.functional.normalize(text, dim=-1) @ torch.nn.functional.normalize(video, dim=-1).T
    total, _ = mckd_loss(s, teacher, text, video, None, None)
    total.backward()
    assert text.grad.abs().sum() > 0 and video.grad.abs().sum() > 0
    assert teacher.grad is None


def test_an_empty_batch_costs_zero_in_every_loss_and_backpropagates():
    """Every loss of an empty batch is 0 and still connected to the graph, as ranking, relation and
    discrimination already were: info_nce, distillation (and so teacher_loss and mckd_loss) gave
    NaN, cross-entropy's and KL's mean over no rows, which poisons a sum of losses."""
    e = torch.zeros(0, 8, requires_grad=True)
    sim = torch.zeros(0, 0, requires_grad=True)
    ids = torch.zeros(0, dtype=torch.long)
    got = {
        "info_nce": info_nce(e, e, 0.1),
        "info_nce masked": info_nce(e, e, 0.1, torch.zeros(0, 0, dtype=torch.bool)),
        "ranking": ranking_loss(sim),
        "distillation": distillation_loss(sim, torch.zeros(0, 0), 0.1),
        "relation": relation_distillation_loss(e, torch.zeros(0, 4), 0.1),
        "discrimination": discrimination_loss(e, e, ids, 0.1),
        "teacher": teacher_loss(e, e, e, 0.07)[0],
        "mckd": mckd_loss(sim, None, e, e, ids, teacher_text=torch.zeros(0, 4), teacher_video=torch.zeros(0, 4))[0],
    }
    for name, loss in got.items():
        assert loss.item() == 0.0, name
        loss.backward()  # connected: an all-empty step still runs
