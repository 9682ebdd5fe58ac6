"""Evaluation: text↔video retrieval on a split, and moment hit rate on multi-event videos.

Students are scored on frames decoded at their own size the way the app decodes them, through
their model's own ``preprocess`` (what ``core.encoders.Encoder`` runs), so a number here is a
number a user gets."""

from __future__ import annotations

import numpy as np
import torch

from core.media import FrameSampler
from core.moments import MomentSegmenter
from training.data.base import Split
from training.metrics import moment_hit_rate, retrieval_metrics, t2v_ranks


@torch.inference_mode()
def _encode_texts(tokenizer, encode, texts, max_length, device, batch_size=128) -> np.ndarray:
    out = []
    for i in range(0, len(texts), batch_size):
        enc = tokenizer(texts[i : i + batch_size], padding=True, truncation=True, max_length=max_length,
                        return_tensors="pt")
        out.append(encode(enc["input_ids"].to(device), enc["attention_mask"].to(device)).float().cpu().numpy())
    return np.concatenate(out) if out else np.zeros((0, 0), np.float32)


def test_inputs(dataset) -> np.ndarray:
    """All test clips' video inputs (eval mode: deterministic): uint8 frames [n, T, H, W, 3], or
    float32 pre-extracted features [n, T, D] for a features dataset."""
    key = "features" if len(dataset) and "features" in dataset[0] else "frames"
    return np.stack([np.asarray(dataset[i][key]) for i in range(len(dataset))])


class _StudentView(torch.nn.Module):
    """A student (core's ``VideoTextModel``) seen through the teacher's interface."""

    def __init__(self, model):
        super().__init__()
        self.model = model
        self.text_max_length = model.text_max_length

    def encode_text(self, input_ids, attention_mask=None) -> torch.Tensor:
        return self.model.encode_text(input_ids, attention_mask)


class FeatureStudent(_StudentView):
    """A student trained on pre-extracted features: ``encode_video(features [B,T,D])``."""

    def encode_video(self, feats: torch.Tensor) -> torch.Tensor:
        return self.model.pool_frames(feats.to(self.model.logit_scale.dtype))


class PixelModel(_StudentView):
    """A pixel student: uint8 frames [B,T,H,W,3] → ``preprocess`` → ``encode_video``."""

    def encode_video(self, frames: torch.Tensor) -> torch.Tensor:
        return self.model.encode_video(self.model.preprocess(frames))


@torch.inference_mode()
def evaluate_model(model, tokenizer, split: Split, inputs: np.ndarray, device, batch_size=16,
                   with_ranks: bool = False):
    """Retrieval metrics of anything with ``encode_video`` (uint8 frames or features, as a
    tensor), ``encode_text(ids, mask)`` and ``text_max_length``: the teacher, a FeatureStudent,
    a PixelModel. ``with_ranks``: also each caption's text→video rank (``t2v_ranks``), for
    paired significance tests."""
    was_training = model.training
    model.eval()
    vids = []
    for i in range(0, len(inputs), batch_size):
        x = torch.from_numpy(inputs[i : i + batch_size]).to(device)
        vids.append(model.encode_video(x).float().cpu().numpy())
    videos = np.concatenate(vids)
    texts, owner = split.flat_captions()
    text = _encode_texts(tokenizer, model.encode_text, texts, model.text_max_length, device)
    model.train(was_training)
    sim = text @ videos.T
    metrics = retrieval_metrics(sim, owner)
    return (metrics, t2v_ranks(sim, owner)) if with_ranks else metrics


def moment_hits(encoder, split: Split, window_s: float = 4.0) -> dict | None:
    """For multi-event test videos: does each event's caption find its own moment among all
    their moments (cut and embedded as the app's indexer does)?"""
    multi = [e for e in split.entries if e.events and e.path]
    if not multi:
        return None
    sampler = FrameSampler(size=encoder.image_size, resize=encoder.model.resize)  # as the app decodes
    segmenter = MomentSegmenter(window_s=window_s, frames_per_moment=encoder.frames_per_moment)
    spans, frames = [], []
    for vi, entry in enumerate(multi):
        for m in segmenter.segment(entry.path, sampler):
            spans.append((vi, m.start, m.end))
            frames.append(m.frames)
    vectors = encoder.encode_moments(np.stack(frames))
    queries = [(vi, s, e, text) for vi, entry in enumerate(multi) for s, e, text in entry.events]
    sims = encoder.encode_text([q[3] for q in queries]) @ vectors.T
    if not np.isfinite(sims).all():
        raise ValueError("moment similarities have NaN or infinite values")  # (as retrieval_metrics says)
    truth = [(vi, s, e) for vi, s, e, _ in queries]
    predicted = [_top_moment(row, spans, t) for row, t in zip(sims, truth)]
    return {"moment_hit_rate": 100.0 * moment_hit_rate(predicted, truth), "queries": len(queries),
            "videos": len(multi)}


def _top_moment(row: np.ndarray, spans: list, truth) -> tuple:
    """A query's top moment, ties at the top counted PESSIMISTICALLY as ``retrieval_metrics`` counts
    them: of the moments scoring as high as the best, one that misses ``truth`` where any does (argmax
    took the first, so a collapsed model scoring every moment alike hit every event its first moment
    covered)."""
    tied = np.flatnonzero(row >= row.max())
    return next((spans[i] for i in tied if moment_hit_rate([spans[i]], [truth]) == 0.0), spans[int(tied[0])])
