"""The app holds its model as two sides loaded alone once the model's id is known (remembered, or
read off a Seekframe folder's files: a first start too): no transformers import, the text side
ready before the first query, and the same results as the whole model."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from app import engine
from core.encoders import Encoder
from core.encoders.model import VideoTextModel, VisionOnlyModel
from core.library import VideoLibrary
from core.search import Searcher
from tests.cli_proc import indexed_folder

ROOT = Path(__file__).resolve().parents[2]
DEMO = ROOT / "core" / "resources" / "models" / "demo"


@pytest.mark.slow  # (a tiny model built (its tokenizer imports transformers) and indexed: 17-23 s under load)
def test_a_returning_start_searches_as_the_whole_model(tmp_path):
    model, _videos, lib = indexed_folder(tmp_path)  # (`seekframe index` loaded it whole: id remembered)
    whole = Encoder.load(model)
    sides = engine.load_encoder(str(model))
    assert isinstance(whole.model, VideoTextModel) and isinstance(sides.model, VisionOnlyModel)
    assert sides.__dict__.get("_text") is not None  # loaded with the model, not at the first query
    with VideoLibrary(lib, read_only=True) as library:
        for query in ("a red square", "blue and yellow"):
            a, b = Searcher(library, whole).text(query, k=5), Searcher(library, sides).text(query, k=5)
            assert [(h.video_id, h.start) for h in a] == [(h.video_id, h.start) for h in b]
            assert [round(h.score, 4) for h in a] == [round(h.score, 4) for h in b]


def test_a_first_start_loads_the_sides_with_the_whole_models_id():
    sides = engine.load_encoder(str(DEMO))  # (each test's cache is new: the id read off the files)
    assert isinstance(sides.model, VisionOnlyModel) and sides.model_id == Encoder.load(DEMO).model_id


CHILD = r"""
import sys
from app import engine
enc = engine.load_encoder(sys.argv[1])
enc.encode_text(["a red ball"])
print(type(enc.model).__name__, "transformers" in sys.modules)
"""


@pytest.mark.slow  # two fresh interpreters
def test_a_first_or_returning_start_never_imports_transformers(tmp_path):
    env = dict(os.environ, PYTHONPATH=str(ROOT), SEEKFRAME_CACHE=str(tmp_path / "cache"))
    runs = [subprocess.run([sys.executable, "-c", CHILD, str(DEMO)], capture_output=True, text=True, env=env,
                           cwd=ROOT, timeout=300) for _ in range(2)]
    assert all(r.returncode == 0 for r in runs), runs[-1].stderr
    assert [r.stdout.split() for r in runs] == [["VisionOnlyModel", "False"]] * 2
