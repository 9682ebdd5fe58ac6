"""Videos like a whole video are ranked by their moments as a set (``core.search_videos``): a
full copy first, a cut of it next, a long video that merely holds it after (s53 search audit: a
2 h video of bottles with 2 min of cars came 2nd for the car video, ahead of its re-encoded copy,
by its one moment nearest the car video's mean)."""

from __future__ import annotations

import numpy as np
import pytest

from core.clirefs import ClipRef
from core.library import MomentRecord, VideoLibrary, VideoRecord
from core.search import Searcher
from core.search_videos import set_similarity

DIM = 8


def unit(*pairs) -> np.ndarray:
    v = np.zeros(DIM, np.float32)
    for i, x in pairs:
        v[i] = x
    return v / np.linalg.norm(v)


A, B, C, D = (unit((i, 1.0)) for i in range(4))
MIXED = unit((0, 1.0), (1, 1.0), (2, 1.0), (3, 1.0))  # a moment like the query's mean vector
BOTTLE = unit((5, 1.0))


def noisy(v):
    return unit(*[(i, x) for i, x in enumerate(v) if x], (7, 0.3))


VIDEOS = {  # name: its moments' vectors, in order
    "query.mp4": [A, B, C, D],
    "copy re-encoded.mp4": [noisy(A), noisy(B), noisy(C), noisy(D)],
    "cut.mp4": [A, B],
    "long with the clip.mp4": [BOTTLE] * 40 + [MIXED, A, B, C, D] + [BOTTLE] * 40,
    "other.mp4": [unit((6, 1.0)), BOTTLE],
}


@pytest.fixture(scope="module")
def library(tmp_path_factory):
    root = tmp_path_factory.mktemp("whole") / "lib"
    with VideoLibrary(root) as lib:
        lib.bind_model("fake-0123456789ab", "fake", DIM)
        batch = []
        for i, (name, vecs) in enumerate(VIDEOS.items()):
            rec = VideoRecord(video_id=f"{i + 1:016x}", path=f"/videos/{name}", root="/videos", size=1000 + i,
                              mtime=1.0, content_hash=f"hash{i}", duration=4.0 * len(vecs),
                              model_id="fake-0123456789ab")
            batch.append((rec, [MomentRecord(rec.video_id, 0, j, 4.0 * j, 4.0 * (j + 1), 4.0 * j + 2, v)
                                for j, v in enumerate(vecs)]))
        lib.moment_table.commit(batch)
    return root


def _names(results):
    return [r.path.rsplit("/", 1)[1] for r in results]


@pytest.mark.parametrize("matrix", [True, False])
def test_full_copy_first_then_cut_then_a_video_that_holds_it(library, matrix, monkeypatch):
    if not matrix:  # (an ANN-searched library: no in-memory matrix, one moment search a probe)
        monkeypatch.setattr("core.library.moment_search.MomentSearch.best_videos", lambda *a: None)
    with VideoLibrary(library, read_only=True) as lib:
        results = Searcher(lib, None, fold_copies=True).similar_clips(ClipRef("0000000000000001"), k=10)
    names = _names(results)
    assert names[:3] == ["copy re-encoded.mp4", "cut.mp4", "long with the clip.mp4"]
    assert "query.mp4" not in names
    long = results[2]
    assert long.start >= 40 * 4.0 and long.end <= 45 * 4.0  # shown at the part that matches


def test_moments_per_video_off_and_one_moment_unchanged(library):
    """``--moments`` (one result a moment) and a moment's similar clips search moments as before."""
    with VideoLibrary(library, read_only=True) as lib:
        s = Searcher(lib, None, fold_copies=True)
        first = lib.moment_table.of("0000000000000001")[0].moment_id
        by_moment = s.similar_clips(ClipRef("0000000000000001", first), k=3)
        assert by_moment[0].score == pytest.approx(1.0) and by_moment[0].path.endswith(("cut.mp4", "clip.mp4"))
        moments = s.similar_clips(ClipRef("0000000000000001"), k=1, per_video=False)
        assert moments[0].score == pytest.approx(1.0) and moments[0].path.endswith("long with the clip.mp4")


def test_set_similarity_is_symmetric_chamfer():
    q = np.stack([A, B])
    assert set_similarity(q, np.stack([A, B]))[0] == pytest.approx(1.0)
    assert set_similarity(q, np.stack([A]))[0] == pytest.approx((0.5 + 1.0) / 2)
    assert set_similarity(q, np.stack([C, A]))[1] == 1  # the other's row that matches best


def test_of_videos_reads_those_not_in_the_search_matrix(library):
    """Read from the table (no search has filled the matrix yet): the same moments as ``of``."""
    with VideoLibrary(library, read_only=True) as lib:
        got = lib.moment_table.of_videos(["0000000000000004", "0000000000000003", "00000000000000ff"])
        assert set(got) == {"0000000000000004", "0000000000000003"}
        assert [m.moment_id for m in got["0000000000000004"]] == \
            [m.moment_id for m in lib.moment_table.of("0000000000000004")]
        assert len(got["0000000000000004"]) == 85


def test_the_matrix_answers_the_probes_only_in_step_with_the_tables(tmp_path):
    """The probes' one pass over the in-memory matrix read its private fields outside the read lock and
    trusted 'a search just before' to have synced it: a commit since then went unseen."""
    rng = np.random.default_rng(4)
    with VideoLibrary(tmp_path / "lib") as lib:
        lib.bind_model("fake-0123456789ab", "fake", DIM)
        lib.moment_table.commit([(_rec(i), [MomentRecord(_vid(i), 0, j, j, j + 1, j, v) for j, v in
                                            enumerate(rng.normal(size=(5, DIM)))]) for i in range(3)])
        ms = lib.moment_search
        probes = rng.normal(size=(2, DIM)).astype(np.float32)
        assert ms.best_videos(probes, 2) is None  # (no search yet: no matrix)
        ms.search(probes[0], 1)
        assert len(ms.best_videos(probes, 2)) == 4  # (2 videos for each probe)
        assert set(ms.best_videos(probes, 3, exclude_video_ids=[_vid(0)])) == {_vid(1), _vid(2)}
        assert set(ms.best_videos(probes, 3, video_ids=[_vid(2)])) == {_vid(2)}
        lib.moment_table.commit([(_rec(3), [MomentRecord(_vid(3), 0, 0, 0, 1, 0, rng.normal(size=DIM))])])
        assert ms.best_videos(probes, 2) is None  # (the matrix is behind the commit: each probe searched)


def _vid(i: int) -> str:
    return f"{i + 1:016x}"


def _rec(i: int) -> VideoRecord:
    return VideoRecord(video_id=_vid(i), path=f"/videos/v{i}.mp4", root="/videos", size=1000 + i, mtime=1.0,
                       content_hash=f"hash{i}", duration=20.0, model_id="fake-0123456789ab")
