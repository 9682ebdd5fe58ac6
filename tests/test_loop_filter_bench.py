"""benchmarks/loop_filter.py measures what it says: the unfiltered decode really differs from the
filtered one (the option is not silently ignored), and PSNR is the naive formula."""

from __future__ import annotations

import sys
from pathlib import Path

import numpy as np
import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "benchmarks"))
lf = pytest.importorskip("loop_filter")


def test_psnr_matches_the_formula():
    rng = np.random.default_rng(0)
    a = rng.integers(0, 256, (8, 8, 3), dtype=np.uint8)
    b = np.clip(a.astype(int) + rng.integers(-3, 4, a.shape), 0, 255).astype(np.uint8)
    mse = sum((int(x) - int(y)) ** 2 for x, y in zip(a.ravel(), b.ravel())) / a.size
    assert lf.psnr(a, b) == pytest.approx(10 * np.log10(255 ** 2 / mse))
    assert lf.psnr(a, a) > 100


def test_a_real_h264_clip_drifts_without_the_loop_filter(shared_videos):
    row = lf.measure(shared_videos / "bird.mkv", step=10)
    sides = list(row["psnr"])
    assert sides[0] == 480 and sides[-1] == 32 and row["frames"] > 10
    lo_full, med_full = row["psnr"][480]
    assert 20 < lo_full < 60 and lo_full <= med_full  # decoded differently, yet the same picture
