"""The first ``seekframe index`` after ``library.json`` was lost needs no flag (issue 10, point 2):
the description is rebuilt from the tables (the model id from the indexed videos' rows, the
folders from their roots) and the model with that id is found among the local models, so the
run picks it like any normal run. When no local model has that id, the message names the model
and says how to pass it. Before, the run took the default model (the newest exported student
here) and refused: "This library was indexed with the model …, not …"."""

from __future__ import annotations

import json
import os
import time

import pytest

from core.library import VideoLibrary
from tests.cli_run import run_cli
from tests.models import save_tiny_hf_clip, save_tiny_model
from tests.videos import Segment, write_video


def _videos(tmp_path):
    videos = tmp_path / "videos"
    write_video(videos / "a.mp4", [Segment(8, "red")], seed=1)
    write_video(videos / "b.mp4", [Segment(4, "blue")], seed=2)
    return videos


def _state(lib):
    with VideoLibrary(lib, read_only=True) as library:
        return {v.path: (v.status, v.n_moments, v.epoch) for v in library.video_table.all()}


@pytest.fixture
def models_dir(tmp_path, monkeypatch):
    folder = tmp_path / "models"
    monkeypatch.setenv("SEEKFRAME_MODELS", str(folder))
    return folder


def test_index_after_a_lost_library_json_finds_the_model_by_its_id(tmp_path, capsys, models_dir):
    used = save_tiny_model(models_dir / "student-a", seed=1)
    newer = save_tiny_model(models_dir / "student-b", seed=2)  # same name, other weights
    later = time.time() + 60
    os.utime(newer / "config.json", (later, later))  # the default choice is the newer one
    videos, lib = _videos(tmp_path), tmp_path / "lib"
    code, _, err = run_cli(capsys, "index", videos, "--library", lib, "--model", used)
    assert code == 0, err
    before = _state(lib)
    (lib / "library.json").unlink()

    code, _, err = run_cli(capsys, "index", "--library", lib)  # no --model, no folder
    assert code == 0, err
    assert "0 to index" in err and "2 unchanged" in err
    assert "Loading model" not in err  # nothing to embed: the model (found by its id) is not loaded
    assert _state(lib) == before  # nothing embedded again
    meta = json.loads((lib / "library.json").read_text())
    assert meta["model_source"] == str(used)
    assert meta["extra"]["settings"]["folders"] == [str(videos)]
    code, out, _ = run_cli(capsys, "status", "--library", lib, "--json")
    assert code == 0 and json.loads(out)["problems"] == [] and json.loads(out)["moments"] == 3


def test_a_lost_model_is_named_with_how_to_pass_it(tmp_path, capsys, models_dir):
    elsewhere = save_tiny_model(tmp_path / "somewhere" / "my-model", seed=1)  # not a local model
    save_tiny_model(models_dir / "student-b", seed=2)
    videos, lib = _videos(tmp_path), tmp_path / "lib"
    assert run_cli(capsys, "index", videos, "--library", lib, "--model", elsewhere)[0] == 0
    model_id = json.loads((lib / "library.json").read_text())["model_id"]
    before = _state(lib)
    (lib / "library.json").unlink()

    for cmd in (["index", videos], ["search", "red"]):
        code, _, err = run_cli(capsys, *cmd, "--library", lib)
        assert code == 2 and "Traceback" not in err, err
        assert model_id in err and "library.json" in err and "--model DIR|HUB_ID" in err, err
    assert _state(lib) == before

    code, _, err = run_cli(capsys, "index", videos, "--library", lib, "--model", elsewhere)
    assert code == 0 and "0 to index" in err, err
    assert json.loads((lib / "library.json").read_text())["model_source"] == str(elsewhere)


def test_a_hub_model_in_the_cache_is_found_by_its_hub_id(tmp_path, capsys, models_dir, monkeypatch):
    from huggingface_hub import constants

    sha = "0123456789abcdef0123456789abcdef01234567"
    storage = tmp_path / "hub" / "models--someone--tiny-clip"
    save_tiny_hf_clip(storage / "snapshots" / sha)
    (storage / "refs").mkdir()
    (storage / "refs" / "main").write_text(sha)
    monkeypatch.setattr(constants, "HF_HUB_CACHE", str(tmp_path / "hub"))
    save_tiny_model(models_dir / "student", seed=2)  # what a library with no model would get
    videos, lib = _videos(tmp_path), tmp_path / "lib"
    assert run_cli(capsys, "index", videos, "--library", lib, "--model", "someone/tiny-clip")[0] == 0
    before = _state(lib)
    (lib / "library.json").unlink()

    code, _, err = run_cli(capsys, "index", "--library", lib)
    assert code == 0 and "0 to index" in err, err
    assert json.loads((lib / "library.json").read_text())["model_source"] == "someone/tiny-clip"
    assert _state(lib) == before


def test_the_app_finds_the_model_after_a_lost_library_json(tmp_path, capsys, models_dir):
    """The app's model order (app.engine.OpenRun) takes the model with the library's id too,
    not the default one, when library.json was lost."""
    pytest.importorskip("PySide6")
    from app.engine import OpenRun, open_library

    used = save_tiny_model(models_dir / "student-a", seed=1)
    newer = save_tiny_model(models_dir / "student-b", seed=2)
    later = time.time() + 60
    os.utime(newer / "config.json", (later, later))
    videos, lib = _videos(tmp_path), tmp_path / "lib"
    code, _, err = run_cli(capsys, "index", videos, "--library", lib, "--model", used)
    assert code == 0, err
    (lib / "library.json").unlink()
    run = OpenRun(str(lib), None, None, None)
    run.library = open_library(str(lib))[0]  # as OpenRun.steps() opens it (a writer rebuilds the json)
    try:
        assert run.candidates()[0] == str(used)
    finally:
        run.library.close()
