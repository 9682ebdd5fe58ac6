"""``model_ids``: a remembered id stands only for the files it was computed from, and a no-op
re-scan takes a CLIP library's id at its word only when no id was ever remembered for its source."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

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


def test_a_noop_rescan_loads_a_clip_model_whose_files_changed_since_its_id_was_remembered(tmp_path):
    """The library's CLIP folder replaced in place by another CLIP model: the re-scan with nothing
    new said 'Nothing new to index' (exit 0), the library's id taken at its word though the id
    remembered for that folder was another files'; it loads the model and refuses, as before 1cfb29b."""
    import shutil

    from core import cli
    from tests.videos import Segment, write_video

    folder = save_tiny_hf_clip(tmp_path / "clip", seed=0)
    write_video(tmp_path / "vids" / "red.mp4", [Segment(1, "red")])
    lib = tmp_path / "lib"
    assert cli.main(["--library", str(lib), "--model", str(folder), "index", str(tmp_path / "vids")]) == 0
    bound = json.loads((lib / "library.json").read_text())["model_id"]
    shutil.rmtree(folder)
    save_tiny_hf_clip(tmp_path / "clip", seed=1)  # another model, the same folder
    assert model_ids.seen(str(folder), folder) and model_ids.recall(str(folder), folder) is None
    assert cli.main(["--library", str(lib), "index"]) == 2  # (the model differs from the library's)
    assert json.loads((lib / "library.json").read_text())["model_id"] == bound


def test_an_id_read_off_the_files_is_not_read_again_while_they_stay_where_the_cache_cannot_be_written(
        tmp_path, monkeypatch):
    """A cache folder that cannot be written (here under a file) keeps no id: each status read and
    search hashed the model's tensors again (``file_ids.derive``, 0.25 s for the demo model). The id
    is read once a process for the same files, and again once they change."""
    import os
    import shutil

    from core.encoders import file_ids
    from core.model_choice import bundled_demo_model

    demo = bundled_demo_model()
    if demo is None:
        pytest.skip("no bundled demo model")
    folder = Path(shutil.copytree(demo, tmp_path / "demo"))
    (tmp_path / "a-file").write_text("")
    monkeypatch.setenv("SEEKFRAME_CACHE", str(tmp_path / "a-file" / "cache"))
    monkeypatch.setattr(model_ids, "_DERIVED", {}, raising=False)  # (none read before this test)
    reads = []
    derive = file_ids.derive
    monkeypatch.setattr(file_ids, "derive", lambda f: reads.append(f) or derive(f))

    first = model_ids.known(str(folder), folder)
    assert first and first == model_ids.known(str(folder), folder) == model_ids.known(str(folder), folder)
    assert len(reads) == 1 and model_ids.recall(str(folder), folder) is None  # (nothing could be remembered)
    weights = folder / "model.safetensors"
    os.utime(weights, ns=(weights.stat().st_atime_ns, weights.stat().st_mtime_ns + 10**9))  # (its files change)
    assert model_ids.known(str(folder), folder) == first and len(reads) == 2
