"""`seekframe captions` labels each caption by the model card's calibration (6c12a16), raised per
library by queries about nothing: for those alone it loaded the model's text side, 1.6-2.3 -> 3.6-4.5 s
and 208 -> 375 MB a run. The captions' and moments' vectors are stored and the queries' vectors depend
on the model alone, so a run that has them from a run before (a search, or a captions run) loads
nothing, and says the same words and marks."""

from __future__ import annotations

import json
import shutil

import pytest

import core.cli_models
import core.encoders.text_side
from tests.cli_run import run_cli
from tests.videos import Segment, write_video

pytestmark = pytest.mark.slow  # (the colour model, two videos indexed: ~5 s under load)


@pytest.fixture
def library(tmp_path, capsys, colour_model):
    model = tmp_path / "model"
    shutil.copytree(colour_model, model)  # (the shared model is read-only: a calibrated card on a copy)
    (model / "card.json").write_text(json.dumps({"title": "Colours", "summary": "colours", "domain": "real",
                                                 "calibration": {"weak": 0.2, "strong": 0.5}}))
    videos, lib = tmp_path / "videos", tmp_path / "lib"
    write_video(videos / "red.mp4", [Segment(4, "red")], seed=1)
    write_video(videos / "blue.mp4", [Segment(4, "blue")], seed=2)
    assert run_cli(capsys, "index", videos, "--library", lib, "--model", model, "-q")[0] == 0
    captions = tmp_path / "captions.txt"
    captions.write_text("a red screen\na plain blue video\nthe green background\nan abstract idea\n")
    assert run_cli(capsys, "captions-import", captions, "--library", lib)[0] == 0
    return videos, lib


def _no_text_side(monkeypatch):
    def loaded(*a, **k):
        raise AssertionError("seekframe captions loaded the model's text side")

    monkeypatch.setattr(core.cli_models, "text_encoder", loaded)
    monkeypatch.setattr(core.encoders.text_side, "load_text_encoder", loaded)


def test_captions_labelled_again_without_the_text_side(library, capsys, monkeypatch):
    videos, lib = library
    clips = [f"{videos / 'red.mp4'}@1", f"{videos / 'blue.mp4'}@2"]
    first = [run_cli(capsys, "captions", clip, "--library", lib, *flag) for clip in clips for flag in ((), ("--json",))]
    assert all(code == 0 for code, _, _ in first), first
    strengths = [r.get("strength") for _, out, _ in first[1::2] for r in json.loads(out)]
    assert len(strengths) == 8 and set(strengths) <= {"strong", "weak", "none"}, strengths  # (all labelled)

    _no_text_side(monkeypatch)
    again = [run_cli(capsys, "captions", clip, "--library", lib, *flag) for clip in clips for flag in ((), ("--json",))]
    assert [(c, out) for c, out, _ in again] == [(c, out) for c, out, _ in first]  # the same words and marks


def test_a_search_before_is_enough(library, capsys, monkeypatch):
    videos, lib = library
    assert run_cli(capsys, "search", "red", "--library", lib)[0] == 0
    _no_text_side(monkeypatch)
    code, out, err = run_cli(capsys, "captions", f"{videos / 'red.mp4'}@1", "--library", lib, "--json")
    assert code == 0 and all(r.get("strength") for r in json.loads(out)), (out, err)
