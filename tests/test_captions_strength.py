"""`seekframe captions` says how well each caption describes the clip, as a search says it of its
results: a caption's vector against a moment's is a text query's score, so the model card's
calibration reads it the same way. Before, every caption the library held was listed under
"Captions that describe it:", one about nothing at -0.06 among them (s53 search audit, the bundled
real-footage model on real footage)."""

from __future__ import annotations

import json

import numpy as np
import pytest

from core.encoders.card import Calibration, ModelCard
from tests.cli_run import run_cli, use_encoder
from tests.fakes import ColourMeanEncoder
from tests.videos import Segment, write_video

WORDS = {"red": [1.0, 0.0, 0.0, 1.0], "green": [0.0, 1.0, 0.0, 0.0]}


class CalibratedColours(ColourMeanEncoder):
    """The colour-mean fake with a calibrated card; a text is its colour word's vector (any other
    text, the calibration's queries about nothing among them: green's)."""

    card = ModelCard(title="Calibrated colours", summary="", domain="real", calibration=Calibration(0.3, 0.6))

    def encode_text(self, texts, batch_size=16):
        rows = [WORDS["red"] if "red" in t else WORDS["green"] for t in texts]
        v = np.asarray(rows, np.float32)
        return v / np.linalg.norm(v, axis=1, keepdims=True)


@pytest.fixture
def library(tmp_path, capsys, monkeypatch):
    use_encoder(monkeypatch, CalibratedColours)
    videos, lib = tmp_path / "videos", tmp_path / "lib"
    write_video(videos / "red.mp4", [Segment(4, "red")], seed=1)
    write_video(videos / "blue.mp4", [Segment(4, "blue")], seed=2)
    assert run_cli(capsys, "index", videos, "--library", lib)[0] == 0
    captions = tmp_path / "captions.txt"
    captions.write_text("a red screen\na green field\n")
    assert run_cli(capsys, "captions-import", captions, "--library", lib)[0] == 0
    return videos, lib


def test_each_caption_says_how_well_it_describes_the_clip(library, capsys):
    videos, lib = library
    code, out, err = run_cli(capsys, "captions", f"{videos / 'red.mp4'}@1", "--library", lib)
    lines = out.splitlines()
    assert code == 0 and lines[0] == "Captions that describe it:", out
    assert lines[1].endswith("a red screen"), lines  # (a strong match: no mark)
    assert lines[2].endswith("a green field  (poor match)"), lines  # (it was listed as describing it, unmarked)

    code, out, _ = run_cli(capsys, "captions", f"{videos / 'red.mp4'}@1", "--library", lib, "--json")
    assert {r["text"]: r["strength"] for r in json.loads(out)} == {"a red screen": "strong", "a green field": "none"}


def test_a_clip_no_caption_describes_says_so(library, capsys):
    videos, lib = library
    code, out, _ = run_cli(capsys, "captions", videos / "blue.mp4", "--library", lib)
    lines = out.splitlines()
    assert code == 0 and lines[0] == "No caption describes it well; the closest:", out
    assert len(lines) == 3 and all(line.endswith(("  (weak match)", "  (poor match)")) for line in lines[1:]), lines


class OtherModel(CalibratedColours):
    """Another model than the library's (``--model OTHER``, or the library's model folder updated in place)."""

    model_id = "other-0123456789ab"


def test_captions_are_listed_where_the_loaded_model_is_not_the_librarys(library, capsys, monkeypatch):
    """Captions need no model: a loaded model of another id leaves them unlabelled, listed as before
    the labels came (Searcher refused it: 'indexed with model …, but … is loaded')."""
    videos, lib = library
    use_encoder(monkeypatch, OtherModel)
    code, out, err = run_cli(capsys, "captions", f"{videos / 'red.mp4'}@1", "--library", lib)
    lines = out.splitlines()
    assert code == 0 and lines[0] == "Captions that describe it:", (out, err)
    assert lines[1].endswith("]  a red screen") and lines[2].endswith("]  a green field"), lines  # (unmarked)
