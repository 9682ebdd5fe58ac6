"""MCKD losses: small pure functions on tensors (no model code).

Conventions used by every function here:

* A similarity matrix ``sim`` has one ROW per text (query) and one COLUMN per video:
  ``sim[i, j] = text_i · video_j`` (as in ``training.metrics`` and ``Teacher.similarity``).
* ``positives`` is a bool matrix of the same shape: ``positives[i, j]`` is True when pair (i, j)
  belongs together (e.g. two captions of one video in a batch). It is used exactly as given; the
  diagonal is NOT added for you (a same-video mask built from ids, ``ids[:, None] == ids[None, :]``,
  contains it anyway). Without ``positives`` the diagonal of a square matrix is the only positive.
  Rows (or columns) without any positive contribute nothing.
* Temperatures are floats > 0 or 0-d tensors. A tensor on the CPU is checked > 0 as a float is; one
  on a GPU is not read (that would wait for the device at every step): make it where it is learned
  with ``learned_temperature``, which keeps it within [0.01, 1] as open_clip clamps its logit scale.
* Losses are means (independent of batch size); parts dicts hold DETACHED 0-d tensors, so logging
  them does not force a device sync until ``.item()``. An empty batch costs 0 (still connected to
  the graph), never NaN, in every function here.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, fields

import torch
import torch.nn.functional as F

Temperature = float | torch.Tensor


MAX_LOGIT_SCALE = math.log(100)  # a learned temperature is never below 0.01 (open_clip's bound)


def learned_temperature(logit_scale: torch.Tensor) -> torch.Tensor:
    """The temperature ``1 / exp(logit_scale)`` of a learned logit scale, the scale clamped to
    [0, ln 100] (τ within [0.01, 1], > 0 by construction, no check on the device needed): a scale
    that grew past ln 100 would sharpen the softmax towards one-hot; one far below 0 made τ huge,
    and its exp underflowing to 0 made τ infinite. Gradients stop at either bound, as in open_clip."""
    return 1.0 / logit_scale.clamp(0.0, MAX_LOGIT_SCALE).exp()


def _temperature(t: Temperature) -> Temperature:
    if isinstance(t, torch.Tensor):
        if t.numel() != 1:
            raise ValueError("temperature must be a scalar")
        if t.device.type == "cpu" and not bool(t.detach().reshape(()) > 0):  # (no device to wait for)
            raise ValueError(f"temperature must be > 0, got {float(t)}")
        return t.reshape(())
    t = float(t)
    if not t > 0:
        raise ValueError(f"temperature must be > 0, got {t}")
    return t


def _cosine(a: torch.Tensor, b: torch.Tensor) -> torch.Tensor:
    return F.normalize(a, dim=-1) @ F.normalize(b, dim=-1).T


def _check_mask(positives: torch.Tensor | None, shape: torch.Size, device) -> torch.Tensor:
    if positives is None:
        if shape[0] != shape[1]:
            raise ValueError(f"a non-square matrix {tuple(shape)} needs a positives mask")
        return torch.eye(shape[0], dtype=torch.bool, device=device)
    if positives.shape != shape:
        raise ValueError(f"positives mask {tuple(positives.shape)} does not match {tuple(shape)}")
    return positives.to(device=device, dtype=torch.bool)


def _zero(*like: torch.Tensor) -> torch.Tensor:
    """A zero that stays connected to the graph (so .backward() works on an all-skipped loss)."""
    return sum(x.masked_fill(~torch.isfinite(x), 0.0).sum() for x in like) * 0.0


def multi_positive_ce(logits: torch.Tensor, positives: torch.Tensor) -> torch.Tensor:
    """Row-wise multi-positive cross-entropy::

        L = mean over rows i with P_i ≠ ∅ of  −(1/|P_i|) Σ_{j∈P_i} log softmax_j(logits_i)

    where ``P_i = {j : positives[i, j]}``. With ``positives = I`` this is plain cross-entropy
    with diagonal labels."""
    rows = positives.any(dim=1)
    if not bool(rows.any()):
        return _zero(logits)
    logits, pos = logits[rows], positives[rows]
    log_prob = logits.log_softmax(dim=1)
    per_row = -torch.where(pos, log_prob, torch.zeros_like(log_prob)).sum(1) / pos.sum(1)
    return per_row.mean()


def info_nce(a: torch.Tensor, b: torch.Tensor, temperature: Temperature,
             positives: torch.Tensor | None = None) -> torch.Tensor:
    """Symmetric InfoNCE between two views ``a [Na, d]`` and ``b [Nb, d]``::

        s_ij = cos(a_i, b_j) / τ
        L = ½ [ CE_rows(s) + CE_cols(s) ]      (a→b over each row, b→a over each column)

    CE is ``multi_positive_ce`` (plain cross-entropy with diagonal positives). Minimising it
    maximises a lower bound on the mutual information I(a; b) (log N − L)."""
    t = _temperature(temperature)
    logits = _cosine(a, b) / t
    if logits.numel() == 0:  # an empty batch: nothing to contrast (cross_entropy's mean of nothing is NaN)
        return _zero(logits)
    if positives is None:
        if logits.shape[0] != logits.shape[1]:
            raise ValueError("info_nce without a positives mask needs as many a's as b's")
        labels = torch.arange(logits.shape[0], device=logits.device)
        return 0.5 * (F.cross_entropy(logits, labels) + F.cross_entropy(logits.T, labels))
    pos = _check_mask(positives, logits.shape, logits.device)
    return 0.5 * (multi_positive_ce(logits, pos) + multi_positive_ce(logits.T, pos.T))


def ranking_loss(sim: torch.Tensor, margin: float = 0.2, hardest: bool = True,
                 positives: torch.Tensor | None = None) -> torch.Tensor:
    """Bidirectional hinge ranking loss (VSE++) on a similarity matrix ``sim [Nt, Nv]``.

    For every positive pair (i, j), with N_row = {k : ¬pos[i, k]} (videos that are negatives for
    text i) and N_col = {k : ¬pos[k, j]} (texts that are negatives for video j)::

        row(i, j) = max_{k∈N_row} [m + s_ik − s_ij]_+     (hardest=True; Σ over k when False)
        col(i, j) = max_{k∈N_col} [m + s_kj − s_ij]_+
        L = mean over positive pairs of  row(i, j) + col(i, j)

    An empty negative set costs 0. ``sim`` is plain cosine similarity (the margin is in cosine
    units), not logits. Memory: O(#positives × max(Nt, Nv))."""
    pos = _check_mask(positives, sim.shape, sim.device)
    ii, jj = pos.nonzero(as_tuple=True)
    if ii.numel() == 0:
        return _zero(sim)
    s_pos = sim[ii, jj].unsqueeze(1)                         # [P, 1]
    row_cost = (margin + sim[ii] - s_pos).clamp(min=0)       # [P, Nv]
    col_cost = (margin + sim[:, jj].T - s_pos).clamp(min=0)  # [P, Nt]
    row_cost = row_cost.masked_fill(pos[ii], 0.0)
    col_cost = col_cost.masked_fill(pos[:, jj].T, 0.0)
    if hardest:  # costs are ≥ 0 and masked ones are 0, so max picks the hardest negative
        per_pair = row_cost.max(dim=1).values + col_cost.max(dim=1).values
    else:
        per_pair = row_cost.sum(dim=1) + col_cost.sum(dim=1)
    return per_pair.mean()


def distillation_loss(student_sim: torch.Tensor, teacher_sim: torch.Tensor,
                      temperature: Temperature, directions: str = "both",
                      t2_scaling: bool = True) -> torch.Tensor:
    """Relational (inter-instance) knowledge distillation of a similarity matrix::

        p^T_i = softmax(teacher_i / τ),  p^S_i = softmax(student_i / τ)      (rows: text→video)
        KL_rows = mean_i Σ_j p^T_ij (log p^T_ij − log p^S_ij)
        KL_cols = the same over columns (video→text)
        L = τ² · ½ (KL_rows + KL_cols)          (directions="both"; "rows" / "cols" for one)

    The teacher is detached: gradients reach the student only. The τ² factor (Hinton et al.)
    keeps the gradient, (p^S − p^T)/τ per entry, comparable across temperatures τ ≥ 1; for
    cosine similarities and τ < 1 it shrinks the loss (×0.0025 at τ = 0.05): ``t2_scaling=False``.

    Row loss is zero iff each student row equals the teacher row up to an additive constant
    (row shift); with both directions, iff student − teacher is one constant everywhere."""
    if student_sim.shape != teacher_sim.shape:
        raise ValueError(f"student {tuple(student_sim.shape)} vs teacher {tuple(teacher_sim.shape)}")
    if directions not in ("both", "rows", "cols"):
        raise ValueError("directions must be 'both', 'rows' or 'cols'")
    t = _temperature(temperature)
    if student_sim.numel() == 0:  # an empty batch: no distribution to match (a mean of nothing is NaN)
        return _zero(student_sim)
    wide = torch.float32 if student_sim.device.type == "mps" else torch.float64  # (MPS has no float64)
    tw = t.to(wide) if isinstance(t, torch.Tensor) else t
    s = student_sim.to(wide) / tw
    tt = teacher_sim.detach().to(student_sim.dtype).to(wide) / tw

    def kl(dim: int) -> torch.Tensor:
        return _kl(s, tt, dim).mean()

    if directions == "rows":
        loss = kl(1)
    elif directions == "cols":
        loss = kl(0)
    else:
        loss = 0.5 * (kl(1) + kl(0))
    return (loss * (tw * tw) if t2_scaling else loss).to(student_sim.dtype)


def _kl(s: torch.Tensor, tt: torch.Tensor, dim: int) -> torch.Tensor:
    """KL(softmax(tt) ‖ softmax(s)) along ``dim``. At a high temperature the logits differ by
    little (1e-5 at τ = 1e4) and the log-softmax difference loses the KL (about their square) to
    rounding: 6% off in float32 at τ = 1e3, below zero at 1e4, which τ² then multiplies. Where every
    gap c (teacher minus student logit, centred under the teacher's softmax) is under 1, the KL is
    taken as log Σ p^T e^(−c) = log1p(Σ p^T (expm1(−c) + c)), which keeps it; elsewhere as before."""
    log_t, log_s = tt.log_softmax(dim=dim), s.log_softmax(dim=dim)
    p = log_t.exp()
    apart = (p * (log_t - log_s)).sum(dim=dim)
    gap = tt - s
    c = gap - (p * gap).sum(dim=dim, keepdim=True)
    near = c.abs().amax(dim=dim) < 1.0
    c = c.clamp(-1.0, 1.0)  # (rows taken apart: finite, so their zero gradient stays zero)
    close = torch.log1p((p * (torch.expm1(-c) + c)).sum(dim=dim))
    return torch.where(near, close, apart)


def relation_distillation_loss(student: torch.Tensor, teacher: torch.Tensor, temperature: Temperature,
                               exclude: torch.Tensor | None = None) -> torch.Tensor:
    """Intra-modal inter-instance distillation: how each item relates to the OTHER items of the
    batch (video–video, or text–text), from the teacher's embedding space to the student's::

        s_ij = cos(student_i, student_j) / τ,   t_ij = cos(teacher_i, teacher_j) / τ
        L = mean over rows i with a kept entry of  Σ_{j kept} p^T_ij (log p^T_ij − log p^S_ij)

    where the softmaxes run over the kept entries of row i: the diagonal and every pair in
    ``exclude`` (bool [B, B], e.g. two copies of one video in a paired batch) are left out. The
    two widths may differ (only similarities meet); the teacher is detached."""
    if student.shape[0] != teacher.shape[0]:
        raise ValueError(f"student has {student.shape[0]} items, teacher {teacher.shape[0]}")
    t = _temperature(temperature)
    n = student.shape[0]
    drop = torch.eye(n, dtype=torch.bool, device=student.device)
    if exclude is not None:
        if exclude.shape != (n, n):
            raise ValueError(f"exclude mask {tuple(exclude.shape)} does not match {n} items")
        drop = drop | exclude.to(device=student.device, dtype=torch.bool)
    rows = ~drop.all(dim=1)
    if not bool(rows.any()):
        return _zero(student)
    s = (_cosine(student, student) / t).masked_fill(drop, float("-inf"))[rows]
    tt = (_cosine(teacher.detach().to(student.dtype), teacher.detach().to(student.dtype)) / t)
    tt = tt.masked_fill(drop, float("-inf"))[rows]
    log_s, log_t = s.log_softmax(dim=1), tt.log_softmax(dim=1)
    keep = ~drop[rows]
    kl = torch.where(keep, log_t.exp() * (log_t - log_s), torch.zeros_like(log_s))
    return kl.sum(dim=1).mean()


def discrimination_parts(text: torch.Tensor, video: torch.Tensor, video_ids: torch.Tensor,
                         temperature: Temperature) -> tuple[torch.Tensor, torch.Tensor]:
    """The two terms of ``discrimination_loss``: (text–text, text→video).

    text–text (supervised contrastive over texts), with c_ik = cos(t_i, t_k)/τ,
    P_i = {p ≠ i : id_p = id_i}::

        L_tt = mean over i with P_i ≠ ∅ of  −(1/|P_i|) Σ_{p∈P_i} log( e^{c_ip} / Σ_{k≠i} e^{c_ik} )

    A batch where no video has two captions has no text–text positives: L_tt is then 0.

    text→video, with x_ij = cos(t_i, v_j)/τ and Q_i = {j : id_j = id_i} (its own video and any
    other copy of the same video)::

        L_tv = mean_i −(1/|Q_i|) Σ_{j∈Q_i} log softmax_j(x_i)
    """
    t = _temperature(temperature)
    ids = video_ids.to(text.device).reshape(-1)
    if ids.numel() != text.shape[0] or video.shape[0] != text.shape[0]:
        raise ValueError("text, video and video_ids must have the same batch size")
    same = ids[:, None] == ids[None, :]
    eye = torch.eye(len(ids), dtype=torch.bool, device=text.device)
    tn = F.normalize(text, dim=-1)
    tt_logits = (tn @ tn.T / t).masked_fill(eye, float("-inf"))  # k ≠ i in the denominator
    tt = multi_positive_ce(tt_logits, same & ~eye)                # rows kept have a finite entry
    tv = multi_positive_ce(tn @ F.normalize(video, dim=-1).T / t, same)
    return tt, tv


def discrimination_loss(text: torch.Tensor, video: torch.Tensor, video_ids: torch.Tensor,
                        temperature: Temperature, text_weight: float = 1.0,
                        cross_weight: float = 1.0) -> torch.Tensor:
    """Explicit discrimination: texts of different videos are pushed apart and toward their own
    video. ``L = text_weight · L_tt + cross_weight · L_tv`` (see ``discrimination_parts``)."""
    tt, tv = discrimination_parts(text, video, video_ids, temperature)
    return text_weight * tt + cross_weight * tv


def teacher_loss(appearance: torch.Tensor, motion: torch.Tensor, text: torch.Tensor,
                 temperature: Temperature, weights: Sequence[float] = (1.0, 1.0, 1.0),
                 positives: torch.Tensor | None = None) -> tuple[torch.Tensor, dict]:
    """Multimodal contrastive learning of the teacher: symmetric InfoNCE between every
    co-occurring pair of modalities::

        L = w_at · NCE(appearance, text) + w_mt · NCE(motion, text) + w_am · NCE(appearance, motion)

    ``weights = (w_at, w_mt, w_am)``; a weight of 0 skips that term. ``positives`` (e.g. the
    same-video mask) applies to all three. Returns (loss, parts), parts keyed ``appearance_text
    motion_text appearance_motion`` (the terms computed, unweighted)."""
    if len(weights) != 3:
        raise ValueError("weights must be (appearance_text, motion_text, appearance_motion)")
    pairs = {"appearance_text": (appearance, text), "motion_text": (motion, text),
             "appearance_motion": (appearance, motion)}
    total, parts = None, {}
    for (name, (a, b)), w in zip(pairs.items(), weights):
        if w == 0:
            continue
        term = info_nce(a, b, temperature, positives)
        parts[name] = term.detach()
        total = w * term if total is None else total + w * term
    if total is None:
        raise ValueError("teacher_loss: every weight is 0")
    return total, parts


@dataclass
class MCKDLossConfig:
    """Settings of the student's MCKD objective; a weight of 0 switches a part off (not computed)."""

    rank_weight: float = 1.0
    margin: float = 0.2
    hardest: bool = True
    kd_weight: float = 1.0          # λ_kd: cross-modal, the text–video similarity rows/columns
    kd_temperature: float = 0.1
    kd_directions: str = "both"
    kd_t2_scaling: bool = False     # off: τ² would shrink cosine KD (see distillation_loss)
    kd_video_weight: float = 0.0    # intra-modal: video–video relations of the batch
    kd_text_weight: float = 0.0     # intra-modal: text–text relations of the batch
    dis_weight: float = 1.0         # λ_dis
    dis_temperature: float = 0.05
    dis_text_weight: float = 1.0
    dis_cross_weight: float = 1.0

    @classmethod
    def from_dict(cls, d: Mapping | None) -> MCKDLossConfig:
        d = dict(d or {})
        known = {f.name for f in fields(cls)}
        unknown = sorted(set(d) - known)
        if unknown:
            raise ValueError(f"unknown MCKD loss keys: {', '.join(unknown)}; known: {', '.join(sorted(known))}")
        return cls(**d)


def same_video_mask(video_ids: torch.Tensor) -> torch.Tensor:
    """``mask[i, j] = video_ids[i] == video_ids[j]`` (bool [B, B])."""
    ids = video_ids.reshape(-1)
    return ids[:, None] == ids[None, :]


def mckd_loss(student_sim: torch.Tensor, teacher_sim: torch.Tensor | None, text: torch.Tensor,
              video: torch.Tensor, video_ids: torch.Tensor | None,
              cfg: MCKDLossConfig | Mapping | None = None, teacher_text: torch.Tensor | None = None,
              teacher_video: torch.Tensor | None = None) -> tuple[torch.Tensor, dict]:
    """The student's objective::

        L = w_rank · ranking(S, same-video positives)
          + λ_kd  · distillation(S, T)                         (cross-modal inter-instance)
          + λ_v   · relation(video, teacher_video)  + λ_t · relation(text, teacher_text)
          + λ_dis · discrimination(text, video, video_ids)

    ``student_sim [B, B]``: the student's cosine similarities; ``teacher_sim``: the teacher's (None
    when λ_kd = 0, or computed from ``teacher_text @ teacher_video.T``); ``text``/``video``: the
    student's embeddings [B, d]; ``teacher_text``/``teacher_video``: the teacher's, needed by the
    relation terms; ``video_ids [B]``: each pair's video (None = all different). Returns (loss,
    parts), parts keyed ``rank kd kd_video kd_text dis_text dis_cross dis`` (those computed,
    unweighted)."""
    c = cfg if isinstance(cfg, MCKDLossConfig) else MCKDLossConfig.from_dict(cfg)
    if teacher_sim is None and teacher_text is not None and teacher_video is not None:
        teacher_sim = teacher_text @ teacher_video.T
    b = student_sim.shape[0]
    if video_ids is None:
        video_ids = torch.arange(b, device=student_sim.device)
    pos = same_video_mask(video_ids.to(student_sim.device))
    total, parts = None, {}

    def add(w: float, term: torch.Tensor) -> None:
        nonlocal total
        total = w * term if total is None else total + w * term

    if c.rank_weight:
        term = ranking_loss(student_sim, c.margin, c.hardest, pos)
        parts["rank"] = term.detach()
        add(c.rank_weight, term)
    if c.kd_weight:
        if teacher_sim is None:
            raise ValueError("mckd_loss: kd_weight > 0 needs teacher_sim")
        term = distillation_loss(student_sim, teacher_sim, c.kd_temperature, c.kd_directions,
                                 c.kd_t2_scaling)
        parts["kd"] = term.detach()
        add(c.kd_weight, term)
    for name, w, mine, theirs in (("kd_video", c.kd_video_weight, video, teacher_video),
                                  ("kd_text", c.kd_text_weight, text, teacher_text)):
        if w:
            if theirs is None:
                raise ValueError(f"mckd_loss: {name}_weight > 0 needs the teacher's embeddings")
            term = relation_distillation_loss(mine, theirs, c.kd_temperature, exclude=pos)
            parts[name] = term.detach()
            add(w, term)
    if c.dis_weight:
        tt, tv = discrimination_parts(text, video, video_ids, c.dis_temperature)
        term = c.dis_text_weight * tt + c.dis_cross_weight * tv
        parts.update(dis_text=tt.detach(), dis_cross=tv.detach(), dis=term.detach())
        add(c.dis_weight, term)
    if total is None:
        raise ValueError("mckd_loss: every part is switched off")
    return total, parts
