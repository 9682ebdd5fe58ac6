"""Per-library calibration: thresholds rise where queries about nothing score high, and follow
the library as videos are indexed."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from core.calibration import NULL_QUERIES, LibraryCalibration, calibrate
from core.encoders.card import Calibration, ModelCard
from core.library import MomentRecord, VideoLibrary, VideoRecord
from core.search import Searcher

DIM = 4


def _unit(*v):
    a = np.asarray(v, np.float32)
    return a / np.linalg.norm(a)


def test_calibrate_keeps_the_card_where_null_queries_score_low():
    card = Calibration(weak=0.3, strong=0.6)
    assert calibrate(card, [0.1, 0.2, 0.05]) == card
    assert calibrate(card, []) == card


def test_calibrate_raises_both_thresholds_above_null_queries():
    card = Calibration(weak=0.3, strong=0.6)
    tops = [0.2, 0.5, 0.55, 0.7]
    got = calibrate(card, tops)
    assert got.strong == pytest.approx(0.72)  # above every null query
    assert got.weak == pytest.approx(np.percentile(tops, 75) + 0.02)
    assert got.weak <= got.strong
    assert all(got.strength(t) != "strong" for t in tops)


def test_cache_recomputes_only_when_the_library_changes():
    calls = []

    def encode(texts):
        calls.append(list(texts))
        return np.zeros((len(texts), DIM), np.float32)

    cache = LibraryCalibration(Calibration(0.3, 0.6))
    a = cache.get("v1", encode, lambda v: 0.9)
    assert cache.get("v1", encode, lambda v: 0.9) is a and len(calls) == 1
    assert calls[0] == list(NULL_QUERIES)
    assert a.strong == pytest.approx(0.92)
    # a changed library: recomputed from its scores; the null queries' vectors (the model's
    # alone) are not embedded again
    assert cache.get("v2", encode, lambda v: 0.1) == Calibration(0.3, 0.6) and len(calls) == 1
    assert LibraryCalibration(None).get("v", encode, lambda v: 1.0) is None and len(calls) == 1


class Encoder:
    model_id = "fake-000000000000"
    source = "/models/fake"
    card = ModelCard(title="Calibrated", summary="", domain="real", calibration=Calibration(0.3, 0.6))

    def __init__(self, null_vector):
        self.null_vector = null_vector

    def encode_text(self, texts):
        table = {"clear": _unit(1, 0, 0, 0)}
        return np.stack([table.get(t, self.null_vector) for t in texts])


def _commit(lib, i, vec):
    v = VideoRecord(video_id=f"{i:016x}", path=f"/v/clip{i}.mp4", root="/v", size=10 + i, mtime=1.0 + i,
                    content_hash=f"h{i}")
    lib.moment_table.commit([(v, [MomentRecord(f"{i:016x}", 0, 0, 0.0, 4.0, 2.0, vec)])])


@pytest.fixture
def library(tmp_path):
    lib = VideoLibrary(tmp_path / "lib")
    lib.bind_model(Encoder.model_id, "/models/fake", DIM)
    _commit(lib, 0, _unit(1, 0, 0, 0))
    _commit(lib, 1, _unit(0.65, 0.76, 0, 0))
    yield lib
    lib.close(optimize=False)


def test_a_library_where_nothing_scores_high_labels_fewer_strong_matches(library):
    quiet = Searcher(library, Encoder(_unit(0, 0, 0, 1)))  # null queries score 0 here
    assert [r.strength for r in quiet.text("clear", k=2)] == ["strong", "strong"]
    # null queries score 0.7 on clip 0: clip 1 (0.65) is no better than a query about nothing
    raised = Searcher(library, Encoder(_unit(0.7, 0, 0.714, 0)))
    assert raised.library_calibration().strong == pytest.approx(0.72, abs=1e-3)
    assert [r.strength for r in raised.text("clear", k=2)] == ["strong", "none"]
    # null queries pointing at clip 1 score 1.0 there: nothing can be told from noise
    loud = Searcher(library, Encoder(_unit(0.65, 0.76, 0, 0)))
    assert loud.library_calibration().weak > 1.0
    assert [r.strength for r in loud.text("clear", k=2)] == ["none", "none"]


def test_the_calibration_follows_newly_indexed_videos(library):
    s = Searcher(library, Encoder(_unit(0, 0, 0, 1)))
    assert s.library_calibration() == Encoder.card.calibration
    assert s.calibration == Encoder.card.calibration  # benchmarks/real_footage.py reads it
    _commit(library, 2, _unit(0, 0, 0.6, 0.8))  # a clip the null queries now match at 0.8
    assert s.library_calibration().strong == pytest.approx(0.82, abs=1e-3)
