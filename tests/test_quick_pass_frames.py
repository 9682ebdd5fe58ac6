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


def test_a_quick_moment_crosses_the_decode_pipe_as_its_one_frame(clip):
    """Each quick moment crossed the pipe as its frame ``frames_per_moment`` times (4 pickled copies
    with the real model, 8 the demo's): now the frame once."""
    from core.decode_pool import shared_pool

    spec = quick_spec(DecodeSpec(size=32, frames_per_moment=4))
    moments = [p for kind, p in shared_pool().decode(str(clip), spec, timeout_s=60) if kind == "moment"]
    assert len(moments) == 10
    for m in moments:  # (was [4, 32, 32, 3])
        assert m.frames.shape == (1, 32, 32, 3) and m.frame_times.shape == (1,), m.frames.shape
        assert m.thumb_time == m.frame_times[0]


def test_the_quick_pass_prepares_a_frame_a_moment_and_stores_todays_vectors(tmp_path, clip, encoder, monkeypatch):
    """Frame preparation (and the vision tower, on a GPU too) ran on every copy of a quick moment's
    frame; now once. Its vector is the one of the frame repeated to the model's count, as before."""
    prepared, calls = [], []
    preprocess, encode = encoder.model.preprocess, encoder.encode_moments

    def counted_preprocess(frames):
        prepared.append(int(np.prod(frames.shape[:-3])))
        return preprocess(frames)

    def kept(frames, *a, **kw):
        vecs = encode(frames, *a, **kw)
        calls.append((np.array(frames), vecs))
        return vecs

    monkeypatch.setattr(encoder.model, "preprocess", counted_preprocess)
    monkeypatch.setattr(encoder, "encode_moments", kept)
    quick = None
    with VideoLibrary(tmp_path / "lib") as lib:
        for ev in MomentIndexer(lib, encoder, IndexOptions(two_pass=True)).run([str(clip.parent)]):
            if ev.kind == "pass_started":
                quick, calls[:], prepared[:] = (list(calls), sum(prepared)), [], []
    assert quick is not None
    quick_calls, quick_prepared = quick
    assert quick_prepared == 10, quick_prepared  # a frame a moment (was 40: each of 4 copies)
    assert sum(prepared) == 40  # the full pass as before
    monkeypatch.setattr(encoder, "encode_moments", encode)
    for frames, vecs in quick_calls:  # today's: the frame repeated to the model's 4
        np.testing.assert_allclose(vecs, encode(np.repeat(frames, 4, axis=1)), atol=1e-5)


@pytest.mark.parametrize("temporal", ["mean", "transformer"])
def test_a_moment_of_one_frame_is_embedded_as_that_frame_repeated(temporal):
    """``encode_moments`` of a one-frame moment is the vector of its frame repeated to the model's
    count, whatever the pooling (a transformer's attention and positions see the count)."""
    from tests.models import tiny_model

    enc = Encoder(*tiny_model(vision="frame_cnn", temporal=temporal, image_size=32, frames_per_moment=4),
                  device="cpu")
    frames = np.random.default_rng(0).integers(0, 256, (3, 1, 32, 32, 3), dtype=np.uint8)
    np.testing.assert_allclose(enc.encode_moments(frames), enc.encode_moments(np.repeat(frames, 4, axis=1)),
                               atol=1e-5)


def test_the_real_models_one_frame_moments_keep_their_own_cues():
    """The bundled model runs its face and colour detectors on every 2nd frame of each moment
    (``detect_every``): one-frame moments side by side must not take their neighbour's cues."""
    from tests.test_real_model import REAL

    enc = Encoder.load(REAL, device="cpu")
    frames = np.zeros((4, 1, 96, 128, 3), np.uint8)
    for i, colour in enumerate([(220, 30, 30), (30, 200, 40), (30, 40, 220), (240, 240, 240)]):
        frames[i, 0, :, : 64 + 16 * i] = colour
    np.testing.assert_allclose(enc.encode_moments(frames),
                               enc.encode_moments(np.repeat(frames, enc.frames_per_moment, axis=1)), atol=1e-5)


def test_the_real_models_cues_are_picked_per_moment():
    """Its detectors see every 2nd frame counted from each moment's first: 3-frame moments of
    different colours side by side give the vectors each gives alone (the picks went across the
    batch, so the second moment's first frame took the first moment's last frame's colour)."""
    from tests.test_real_model import REAL

    enc = Encoder.load(REAL, device="cpu")
    frames = np.zeros((3, 3, 96, 128, 3), np.uint8)
    for i, colour in enumerate([(220, 30, 30), (30, 200, 40), (30, 40, 220)]):
        frames[i, :, :, : 64 + 16 * i] = colour
    alone = np.concatenate([enc.encode_moments(frames[i:i + 1]) for i in range(3)])
    np.testing.assert_allclose(enc.encode_moments(frames), alone, atol=1e-6)
    tower = enc.model.vision
    # the model's own moments pick as before: frames 0 and 2 of each 4, a one-frame moment its frame
    assert tower._picks(8, 4) == ([0, 2, 4, 6], [0, 0, 1, 1, 2, 2, 3, 3])
    assert tower._picks(3, 1) == ([0, 1, 2], [0, 1, 2])
    assert tower._picks(6, 3) == ([0, 2, 3, 5], [0, 0, 1, 2, 2, 3])
