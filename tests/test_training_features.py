"""The pre-extracted features regime end to end: extract features with a model's vision tower,
train teacher and student on the features alone, export a student the app runs on pixels, and
check that on pixels it computes exactly what it was trained on."""

from __future__ import annotations

import json

import numpy as np
import pytest
import torch

from core.encoders import Encoder
from core.errors import SeekframeError
from core.media import FrameSampler
from tests.models import save_tiny_hf_clip
from tests.test_training_run import TINY
from training import extract
from training.data import synthetic
from training.export import export_features
from training.run import main


@pytest.fixture(scope="module")
def world(tmp_path_factory):
    root = tmp_path_factory.mktemp("world")
    synthetic.generate(root, n_videos=30, seed=3)
    return root


def _run_args(out, world, feats, extra=()):
    args = ["--config", "training/configs/synthetic.yaml", "--set", f"output={out}",
            "--set", f"data.root={world}", "--set", "data.generate.n_videos=30",
            "--set", "data.generate.seed=3", "--set", "seeds=[0]",
            "--set", f"data.features={feats}", "--set", "stages=[teacher, mckd, eval]"]
    for s in TINY + list(extra):
        if not s.startswith("data.generate.n_videos"):
            args += ["--set", s]
    return args


@pytest.mark.slow
def test_features_regime_trains_and_exports_a_student_that_reads_pixels(tmp_path, world):
    clip = save_tiny_hf_clip(tmp_path / "clip", image_size=32, projection_dim=24)
    feats = tmp_path / "feats"
    assert extract.main(["--config", "training/configs/synthetic.yaml", "--model", str(clip),
                         "--out", str(feats), "--frames", "4", "--set", f"data.root={world}",
                         "--set", "data.generate.n_videos=30", "--set", "data.generate.seed=3"]) == 0
    files = sorted(feats.glob("video*.npy"))
    assert len(files) == 30 and np.load(files[0]).shape == (4, 24)
    assert json.loads((feats / "extractor.json").read_text())["model"] == str(clip)
    mtime = files[0].stat().st_mtime_ns  # a second extraction keeps what is there
    assert extract.main(["--config", "training/configs/synthetic.yaml", "--model", str(clip),
                         "--out", str(feats), "--frames", "4", "--set", f"data.root={world}",
                         "--set", "data.generate.n_videos=30", "--set", "data.generate.seed=3"]) == 0
    assert files[0].stat().st_mtime_ns == mtime

    out = tmp_path / "run"
    assert main(_run_args(out, world, feats)) == 0
    results = json.loads((out / "results.json").read_text())["per_seed"]["0"]
    assert {"teacher", "mckd"} <= set(results) and 0 <= results["mckd"]["t2v_r1"] <= 100

    # The exported student runs the extractor's vision tower on pixels, then its own layers.
    exported = Encoder.load(out / "student")
    assert exported.image_size == 32 and exported.embed_dim == 32
    cfg = json.loads((out / "student" / "config.json").read_text())
    assert cfg["vision"]["type"] == "clip_vision" and cfg["vision"]["pretrained"] == str(clip)
    entry = synthetic.load(world, "test").entries[0]
    frames = FrameSampler(size=32).uniform(entry.path, 4, entry.start, entry.end).frames
    on_pixels = exported.encode_moments(frames[None])[0]
    from core.encoders import load_model

    trained, _, _ = load_model(out / "seed0" / "mckd" / "model")
    with torch.no_grad():
        on_feats = trained.pool_frames(torch.from_numpy(np.load(feats / f"{entry.video_id}.npy"))[None])[0]
    assert np.allclose(on_pixels, on_feats.numpy(), atol=1e-4)


def test_features_student_without_extractor_is_not_exported_silently(tmp_path):
    with pytest.raises(SeekframeError, match="feature_extractor"):
        export_features(tmp_path / "model", tmp_path / "out", None)


def test_features_is_not_an_annotation_format(tmp_path):
    assert main(["--config", "training/configs/synthetic.yaml", "--set", f"output={tmp_path}",
                 "--set", "data.format=features"]) == 2
