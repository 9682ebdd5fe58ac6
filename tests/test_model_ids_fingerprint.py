"""``model_ids``: a remembered id stands only for the files it was computed from, and a no-op
re-scan takes a CLIP library's id at its word only when no id was ever remembered for its source."""

from __future__ import annotations

import json

from core.cli_models import DeferredEncoder
from core.encoders import Encoder, model_ids
from tests.models import save_tiny_hf_clip


def test_a_clip_folders_edited_preprocessor_config_forgets_its_remembered_id(tmp_path):
    """preprocessor_config.json gives a CLIP model's image mean/std and resize, part of its id: an
    edit kept the id remembered before it (a search would then embed with the old recipe's id)."""
    folder = save_tiny_hf_clip(tmp_path / "clip")
    first = Encoder.load(str(folder)).model_id
    assert DeferredEncoder(str(folder), load=False).model_id == first  # (remembered)
    pre = folder / "preprocessor_config.json"
    proc = json.loads(pre.read_text())
    proc["image_mean"] = [0.5, 0.5, 0.5]
    pre.write_text(json.dumps(proc))
    assert model_ids.recall(str(folder), folder) is None
    assert DeferredEncoder(str(folder), load=False).model_id is None  # (only a load tells)
