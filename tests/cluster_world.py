"""What the Ray cluster tests (tests/test_cluster.py, tests/test_cluster_faults.py) share: clips to
index, a library's content to compare with a local run's, and a local 2-CPU Ray cluster per module
(``cluster``: import it into a test module, ``# noqa: F401``)."""

from __future__ import annotations

import os
from pathlib import Path

import numpy as np
import pytest

from core.library import VideoLibrary
from tests.cli_proc import ROOT
from tests.videos import COLORS, Segment, write_video


def write_clips(folder: Path, n: int, seconds: float = 8) -> Path:
    names = list(COLORS)
    for i in range(n):
        write_video(folder / f"clip{i:02d}.mp4", [Segment(seconds / 2, names[i % len(names)]),
                                                  Segment(seconds / 2, names[(i + 3) % len(names)], square="white")],
                    seed=i)
    return folder


def library_content(lib: Path) -> dict:
    """What a library holds: per file its status, reason, duration and moments (times, vector)."""
    with VideoLibrary(lib, read_only=True) as library:
        return {Path(v.path).name: (v.status, v.error, round(v.duration, 3), v.n_moments,
                                    [(m.index, m.start, m.end, m.thumb_time, m.vector) for m in library.moment_table.of(v.video_id)])
                for v in library.video_table.all()}


def same_content(a: dict, b: dict) -> None:
    assert a.keys() == b.keys()
    for name in a:
        (*head_a, ma), (*head_b, mb) = a[name], b[name]
        assert head_a == head_b, name
        assert [m[:4] for m in ma] == [m[:4] for m in mb], name
        for x, y in zip(ma, mb):
            np.testing.assert_allclose(x[4], y[4], atol=1e-5)


@pytest.fixture(scope="module")
def cluster():
    """A local Ray cluster of 2 CPUs; its workers import this checkout (tests.ray_faults)."""
    ray = pytest.importorskip("ray", reason="Ray is not installed (pip install -e '.[cluster]')")
    old = os.environ.get("PYTHONPATH")
    os.environ["PYTHONPATH"] = os.pathsep.join(p for p in (str(ROOT), old) if p)
    ray.init(num_cpus=2, include_dashboard=False, log_to_driver=False)
    try:
        yield ray
    finally:
        ray.shutdown()
        if old is None:
            os.environ.pop("PYTHONPATH", None)
        else:
            os.environ["PYTHONPATH"] = old
