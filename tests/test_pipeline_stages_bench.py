"""benchmarks/pipeline_stages.py times what indexing does: the decode stage gives the moments the
indexer's decode processes give, batches group moments as Encoder does, and every stage row
counts the frames it was handed (its CUDA rows run where a GPU is)."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import numpy as np
import pytest
import torch

from core.decode_pool import decode_file
from core.encoders import Encoder
from core.indexer import IndexOptions, decode_spec
from tests.models import save_tiny_model
from tests.test_decode_modes import write_clip

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "benchmarks"))
ps = pytest.importorskip("pipeline_stages")


def test_batches_are_runs_of_one_shape_up_to_the_size():
    shapes = [(2, 4, 4, 3)] * 5 + [(2, 6, 6, 3)] * 2 + [(2, 4, 4, 3)]
    moments = [np.full(s, i, np.uint8) for i, s in enumerate(shapes)]
    got = ps.batches(moments, 3)
    assert [b.shape[0] for b in got] == [3, 2, 2, 1]  # never across a change of shape
    assert [int(m[0, 0, 0, 0]) for b in got for m in b] == list(range(8))  # every moment once, in order


@pytest.fixture(scope="module")
def tiny(tmp_path_factory):
    root = tmp_path_factory.mktemp("stages")
    (root / "videos").mkdir()
    write_clip(root / "videos" / "a.mp4", seconds=5.0, gop=30)
    write_clip(root / "videos" / "b.mp4", seconds=3.0, gop=60)
    return root, Encoder.load(save_tiny_model(root / "model"), device="cpu")


def test_the_decode_stage_gives_the_moments_indexing_decodes(tiny):
    root, enc = tiny
    videos = sorted((root / "videos").iterdir())
    row, moments = ps.decode_stage(enc, videos)
    want = [m.frames for p in videos for m in decode_file(str(p), decode_spec(enc, IndexOptions()))[1]]
    assert len(moments) == len(want) >= 2
    assert all(np.array_equal(a, b) for a, b in zip(moments, want))
    assert row["frames"] == sum(len(m) for m in want) == len(want) * enc.frames_per_moment
    assert row["variant"] == "software 2" and row["frames_per_s"] > 0


def test_each_device_row_counts_the_frames_it_ran(tiny):
    root, enc = tiny
    _, moments = ps.decode_stage(enc, sorted((root / "videos").iterdir()))
    rows = ps.device_stages(enc, moments, batch=2, precisions=["fp32", "bf16"], repeat=1)
    assert [(r["stage"], r["variant"]) for r in rows] == [
        ("embed", "fp32, batch 2"), ("encode_moments", "fp32, batch 2, from host"),
        ("embed", "bf16, batch 2"), ("encode_moments", "bf16, batch 2, from host")]
    assert all(r["frames"] == len(moments) * enc.frames_per_moment and r["seconds"] > 0 for r in rows)


def test_the_run_writes_its_table_and_json(tiny, tmp_path, monkeypatch):
    root, _ = tiny
    monkeypatch.setattr(ps, "OUT", tmp_path)
    result = ps.main(["--models", str(root / "model"), "--videos", str(root / "videos"), "--repeat", "1",
                      "--tag", "t"])
    saved = json.loads((tmp_path / "pipeline_stages-t.json").read_text())
    assert saved["rows"] == result["rows"] and saved["meta"]["videos"] == ["a.mp4", "b.mp4"]
    assert [r["stage"] for r in saved["rows"]] == ["decode", "embed", "encode_moments"]
    assert "| decode |" in (tmp_path / "pipeline_stages-t.md").read_text()


@pytest.mark.gpu
@pytest.mark.skipif(not torch.cuda.is_available(), reason="needs a CUDA GPU")
def test_on_cuda_both_transfers_and_every_precision_are_timed(tiny):
    root, enc = tiny
    _, moments = ps.decode_stage(enc, sorted((root / "videos").iterdir()))
    gpu = Encoder(enc.model, enc.tokenizer, device="cuda")
    rows = ps.device_stages(gpu, moments, batch=2, precisions=["fp32", "fp16", "bf16"], repeat=1)
    assert [r["variant"] for r in rows[:2]] == ["pageable", "pinned, non_blocking"]
    assert len(rows) == 2 + 2 * 3


def test_random_weights_build_the_shipped_architecture_without_its_packages(monkeypatch):
    import core.encoders.model as model
    from core.encoders.model import VisionOnlyModel

    monkeypatch.setattr(model, "resolve_pretrained", lambda ref: pytest.fail(f"read {ref}"))
    enc = ps.load("real", "cpu", random_weights=True)  # (a device machine without the model's packages)
    assert isinstance(enc.model, VisionOnlyModel) and enc.frames_per_moment == 4 and enc.image_size == 224
    x = np.zeros((1, 4, 224, 224, 3), np.uint8)
    assert enc.encode_moments(x).shape == (1, 384)
