"""The bundled real-footage model finds a face in view by the words people type about it. Its card
says it sees whether a face is in view, but the s53 audit found "face", "faces", "a man facing the
camera" and "someone looking at the camera" ranking a road with cars (car-detection.mp4) with or
above the two signers of ../shared/videos, whose frontal faces its detector finds: the face row of
its label bank held four prompts far from those words (0.61 cosine to "face"), and a detected face
pointed at it no more than at the person row. The rows and weights changed, so did the model's id:
the build before is kept (``core.earlier_builds``), so a library indexed with it still searches,
and ``seekframe index --reindex`` moves it to this build (captions and notes are kept)."""

from __future__ import annotations

import numpy as np
import pytest

from core.errors import ModelMismatchError, SeekframeError
from core.library import CaptionRecord, MomentRecord, VideoLibrary, VideoRecord
from core.media import FrameSampler
from core.moments import MomentSegmenter
from core.paths import bundled_models_dir
from tests.models import bundled_encoder

REAL = bundled_models_dir() / "real"
FACE_WORDS = ("face", "faces", "a face", "a person's face", "a man facing the camera",
              "someone looking at the camera")
NONSENSE = ("xyzzy plugh", "purple elephant algebra recipe", "quarterly tax invoice footnote")
BEFORE_S53 = "seekframe-everyday-41a9ee532142"  # the bundled model's id until the face words


@pytest.fixture(scope="module")
def real_encoder():
    return bundled_encoder("real")  # (loaded once per test process)


@pytest.fixture(scope="module")
def shared_moments(real_encoder):
    """Each shared video's moments as indexing makes them (4 s windows, the model's frames)."""
    from tests.conftest import SHARED_VIDEOS

    if not SHARED_VIDEOS.is_dir() or not any(SHARED_VIDEOS.glob("*.mp4")):
        pytest.skip("../shared/videos is not present")
    shared_videos = SHARED_VIDEOS
    seg = MomentSegmenter(window_s=4.0, frames_per_moment=real_encoder.frames_per_moment)
    out = {}
    for name in ("again.mkv", "bird.mkv", "bottle-detection.mp4", "car-detection.mp4"):
        frames = [m.frames for m in seg.segment(str(shared_videos / name), FrameSampler(size=real_encoder.image_size))]
        out[name] = real_encoder.encode_moments(np.stack(frames))
    return out


def _best_video(real_encoder, moments, text):
    q = real_encoder.encode_text([text])[0]
    scores = {name: float((v @ q).max()) for name, v in moments.items()}
    return max(scores, key=scores.get), scores


@pytest.mark.parametrize("text", FACE_WORDS)
def test_face_words_find_a_signer_before_the_cars_and_bottles(real_encoder, shared_moments, text):
    best, scores = _best_video(real_encoder, shared_moments, text)
    assert best in ("again.mkv", "bird.mkv"), scores


def test_nonsense_does_not_match_the_faces(real_encoder, shared_moments):
    weak = real_encoder.card.calibration.weak
    for text in NONSENSE:
        _, scores = _best_video(real_encoder, shared_moments, text)
        assert scores["again.mkv"] < weak and scores["bird.mkv"] < weak, (text, scores)


def test_the_face_row_is_near_the_words_people_type(real_encoder):
    """Without the shared videos: what a detected face points at is close to those words."""
    pool = real_encoder.model.temporal
    row = pool.bank[int(pool.config["face_row"])].numpy()
    near = real_encoder.encode_text(list(FACE_WORDS)) @ (row / np.linalg.norm(row))
    assert near.mean() >= 0.7, dict(zip(FACE_WORDS, near.round(3)))  # (0.67 before)
    assert pool.config["face_weight"] > pool.config["person_weight"]


def test_a_library_of_the_model_before_still_searches_and_reindex_keeps_its_notes(real_encoder, tmp_path):
    """The build before the face words is kept (core.earlier_builds): a library indexed with it
    searches with it at once; re-indexing moves it to this build, its note kept."""
    from core.earlier_builds import kept_ids
    from core.encoders.text_side import load_text_encoder
    from core.model_choice import choose_model
    from core.search import Searcher

    assert real_encoder.model_id != BEFORE_S53 and BEFORE_S53 in kept_ids("real")
    lib = VideoLibrary(tmp_path / "lib")
    try:
        lib.bind_model(BEFORE_S53, str(REAL), real_encoder.embed_dim)
        v = np.zeros(real_encoder.embed_dim, np.float32)
        v[0] = 1.0
        video = VideoRecord(video_id="0" * 16, path="/media/a.mp4", root="/media", size=1, mtime=1.0,
                            content_hash="h")
        lib.moment_table.commit([(video, [MomentRecord("0" * 16, 0, 0, 0.0, 4.0, 2.0, v)])])
        lib.caption_table.add([CaptionRecord("my friend signing", "note", v, video_id="0" * 16)])
        before = load_text_encoder(choose_model(None, lib.meta.model_source, lib.root, lib.meta.model_id))
        assert before.model_id == BEFORE_S53
        assert [r.video_id for r in Searcher(lib, before).text("a face", k=1)] == ["0" * 16]
        with pytest.raises(SeekframeError, match="earlier build .*`seekframe index --reindex` moves it"):
            Searcher(lib, real_encoder)
        with pytest.raises(ModelMismatchError, match="`seekframe index --reindex` moves it"):
            lib.bind_model(real_encoder.model_id, str(REAL), real_encoder.embed_dim)
        kept = lib.reset_for_model(real_encoder.model_id, str(REAL), real_encoder.embed_dim)
        assert [c.text for c in kept] == ["my friend signing"]
    finally:
        lib.close(optimize=False)
