"""Every size in a model config is bounded: a damaged config fails with a clear message before
anything is allocated (issue 10, point 6)."""

from __future__ import annotations

import copy
import json

import pytest

from core.encoders import Encoder, normalize_config
from core.encoders.registry import check_limits
from core.errors import ModelError
from core.paths import bundled_models_dir


def _real_config():
    return json.loads((bundled_models_dir() / "real" / "config.json").read_text())


def _demo_config():
    return json.loads((bundled_models_dir() / "demo" / "config.json").read_text())


def test_shipped_configs_are_within_limits():
    for cfg in (_real_config(), _demo_config()):
        check_limits(cfg)
        normalize_config(cfg)


@pytest.mark.parametrize("mutate, names", [
    (lambda c: c.update(frames_per_moment=100000), "frames_per_moment"),
    (lambda c: c.update(image_size=65536), "image_size"),
    (lambda c: c.update(embed_dim=10**7), "embed_dim"),
    (lambda c: c["text"]["config"].update(hidden_size=10**6), "hidden_size"),
    (lambda c: c["text"]["config"].update(num_hidden_layers=10**4), "num_hidden_layers"),
    (lambda c: c["vision"]["config"].update(channels=[16, 10**6]), "channels"),
    (lambda c: c["temporal"].update(max_frames=10**8), "max_frames"),
    (lambda c: c["temporal"].update(mlp_ratio=float("nan")), "mlp_ratio"),
])
def test_an_oversized_demo_config_is_refused_with_the_key(mutate, names):
    cfg = copy.deepcopy(_demo_config())
    mutate(cfg)
    with pytest.raises(ModelError, match=names):
        normalize_config(cfg)


def test_an_oversized_label_bank_is_refused():
    cfg = _real_config()
    cfg["temporal"]["config"]["bank_rows"] = 10**9
    with pytest.raises(ModelError, match="bank_rows.*outside the sane range"):
        normalize_config(cfg)


def test_loading_a_folder_with_a_huge_frame_count_fails_fast(tmp_path):
    import shutil

    folder = tmp_path / "m"
    shutil.copytree(bundled_models_dir() / "demo", folder)
    cfg = _demo_config()
    cfg["frames_per_moment"] = 100000
    (folder / "config.json").write_text(json.dumps(cfg))
    with pytest.raises(ModelError, match="'frames_per_moment' is 100000, outside"):
        Encoder.load(folder)
