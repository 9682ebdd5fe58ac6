"""The moment hit rate counts ties at the top pessimistically, as the retrieval metrics count them:
a collapsed model, scoring every moment alike, hits nothing. argmax took the first of the tied
moments, so such a model hit every event its first moment covered: 50% on the case below, a
number the report set beside the students' real ones."""

from __future__ import annotations

import numpy as np
import pytest

from tests.videos import Segment, write_video
from training.data.base import Split, VideoEntry
from training.evaluate import moment_hits


class _Model:
    resize = None


class Encoder:
    """Every moment and query mapped to the same vector (``same``), or to a vector of its own."""

    image_size, frames_per_moment, model = 32, 2, _Model()

    def __init__(self, same: bool):
        self.same = same

    def encode_moments(self, frames):
        n = len(frames)
        return np.ones((n, 4), np.float32) if self.same else np.eye(n, 4, dtype=np.float32)

    def encode_text(self, texts):
        return np.ones((len(texts), 4), np.float32) if self.same else np.eye(len(texts), 4, dtype=np.float32)


@pytest.fixture(scope="module")
def split(tmp_path_factory):
    folder = tmp_path_factory.mktemp("clips")
    entries = []
    for i, colour in enumerate(("red", "blue")):
        path = folder / f"v{i}.mp4"
        write_video(path, [Segment(8.0, colour)], fps=5.0)
        entries.append(VideoEntry(f"v{i}", [f"caption {i}"], str(path), events=[(0.0, 4.0, f"first of {i}")]))
    return Split("test", entries)


def test_a_collapsed_model_hits_no_moment(split):
    assert moment_hits(Encoder(same=True), split, window_s=4.0)["moment_hit_rate"] == 0.0


def test_a_model_that_tells_moments_apart_is_scored_as_before(split):
    # moment 0 (v0, 0-4 s) for query 0, moment 1 (v0, 4-8 s) for query 1: one hit of two
    got = moment_hits(Encoder(same=False), split, window_s=4.0)
    assert got == {"moment_hit_rate": 50.0, "queries": 2, "videos": 2}
