"""The quick pass embeds one frame a moment (issue 12, point 2: "searchable first"): it took each
keyframe of a moment's window, up to ``frames_per_moment``, so a file with a keyframe a second (a
phone's, a camera's) cost the quick pass as much embedding as the full one, and a 2-hour video's
quick pass was hardly quicker than its full pass (s54 F). Its moments stay the full pass's windows."""

from __future__ import annotations

import numpy as np
import pytest

from core.decode_pool import DecodeSpec, decode_file
from core.encoders import Encoder
from core.index_passes import quick_spec
from core.indexer import IndexOptions, MomentIndexer
from core.library import VideoLibrary
from tests.test_decode_modes import write_clip


@pytest.fixture(scope="module")
def encoder(colour_model):  # noqa: F811
    return Encoder.load(colour_model)


@pytest.fixture
def clip(tmp_path):  # a keyframe a second, 10 moments of 4 s
    path = tmp_path / "videos" / "phone.mp4"
    path.parent.mkdir()
    write_clip(path, seconds=40.0, fps=10.0, gop=10, bframes=0, size=(64, 48))
    return path


def runs(frames: np.ndarray) -> int:
    """Frames a tower computes for one moment's [T, ...] (``core.encoders.frame_runs``: each run of
    equal frames once)."""
    return 1 + sum(not np.array_equal(a, b) for a, b in zip(frames[1:], frames[:-1]))


def test_a_quick_moment_is_one_frame_at_its_middle(clip):
    _, moments = decode_file(str(clip), quick_spec(DecodeSpec(size=32, frames_per_moment=4)))
    moments = list(moments)
    assert [(m.start, m.end) for m in moments] == [(4.0 * i, 4.0 * i + 4) for i in range(10)]
    for m in moments:  # (was 4 keyframes of its window)
        assert runs(m.frames) == 1 and len(set(m.frame_times.tolist())) == 1, m.frame_times
        assert abs(m.thumb_time - (m.start + m.end) / 2) <= 1.0 + 1e-6


def test_the_quick_pass_embeds_a_frame_a_moment_through_the_indexer(tmp_path, clip, encoder, monkeypatch):
    embedded = []  # (frames computed, moments) of each encode_moments call
    encode = encoder.encode_moments

    def counted(frames, *a, **kw):
        embedded.append((sum(runs(f) for f in frames), len(frames)))
        return encode(frames, *a, **kw)

    monkeypatch.setattr(encoder, "encode_moments", counted)
    quick = None
    with VideoLibrary(tmp_path / "lib") as lib:
        for ev in MomentIndexer(lib, encoder, IndexOptions(two_pass=True)).run([str(clip.parent)]):
            if ev.kind == "pass_started":
                quick, embedded[:] = list(embedded), []
        vid = lib.video_table.all()[0]
        assert vid.status == "done" and not vid.quick and vid.n_moments == 10
    assert quick is not None
    q_frames, q_moments = map(sum, zip(*quick))
    f_frames, f_moments = map(sum, zip(*embedded))
    assert q_moments == f_moments == 10
    assert q_frames == 10, quick  # one a moment (was 40: a keyframe a second, 4 a moment)
    assert f_frames == 40  # the full pass as before
