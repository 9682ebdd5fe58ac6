"""A writing command refused before it opened a library leaves the folder as it was (found in the
session-51 audit): `seekframe index ~/Vidoes` (a typo) on a new library said the path does not
exist, but left the library's folder with a lone lock file in it. That lock file read as a library
being made, so the next `seekframe index` (no folder: re-scan) made an empty library and loaded a
model only to say "No folders to index", `seekframe forget` made one too, and `seekframe status`
then showed a library with no folder instead of "No library"."""

from __future__ import annotations

from pathlib import Path

import pytest

import core.cli
from core.library.meta import LOCK_FILE, is_library
from tests.cli_run import no_model_loaded, run_cli


@pytest.fixture
def no_model(monkeypatch):
    no_model_loaded(monkeypatch, "a model was loaded where there is no library")


def test_a_typo_leaves_no_library_folder(tmp_path, capsys, no_model):
    lib = tmp_path / "home" / "seekframe" / "library"  # (the folders above it made for it too)
    code, _, err = run_cli(capsys, "index", tmp_path / "Vidoes", "--library", lib)
    assert code == 2 and "does not exist" in err, err
    assert not (tmp_path / "home").exists(), sorted(str(p) for p in tmp_path.rglob("*"))


def test_a_refused_caption_file_leaves_no_library_folder(tmp_path, capsys, no_model):
    lib = tmp_path / "lib"
    code, _, err = run_cli(capsys, "captions-import", tmp_path / "gone.csv", "--library", lib)
    assert code == 2 and "does not exist" in err, err
    assert not lib.exists()


def test_after_a_typo_the_rescan_and_forget_find_no_library(tmp_path, capsys, no_model):
    lib = tmp_path / "lib"
    assert run_cli(capsys, "index", tmp_path / "Vidoes", "--library", lib)[0] == 2
    code, _, err = run_cli(capsys, "index", "--library", lib)
    assert code == 2 and "no library at" in err, err
    code, _, err = run_cli(capsys, "forget", tmp_path / "Vidoes", "--library", lib)
    assert code == 2 and "No library at" in err, err
    assert not is_library(lib)
    code, _, err = run_cli(capsys, "status", "--library", lib)
    assert code == 2 and "No library at" in err, err


@pytest.mark.parametrize("command", [["index"], ["forget", "Videos"]])
def test_a_lone_lock_file_no_writer_holds_is_no_library(tmp_path, capsys, no_model, command):
    lib = tmp_path / "lib"  # (as an older version's refused command left it)
    lib.mkdir()
    (lib / LOCK_FILE).write_text('{"pid": 1}')
    code, _, err = run_cli(capsys, *command, "--library", lib)
    assert code == 2 and "no library at" in err.lower(), err
    assert not is_library(lib), "a command that needs a library made an empty one"


def test_a_library_keeps_its_lock_file_after_a_typo(tmp_path, capsys, monkeypatch):
    from tests.fakes import ColourMeanEncoder

    monkeypatch.setattr(core.cli, "_load_encoder", lambda *a, **k: ColourMeanEncoder())
    lib, videos = tmp_path / "lib", tmp_path / "videos"
    videos.mkdir()
    assert run_cli(capsys, "index", videos, "--library", lib)[0] == 0
    before = sorted(p.name for p in lib.iterdir())
    assert run_cli(capsys, "index", tmp_path / "Vidoes", "--library", lib)[0] == 2
    assert sorted(p.name for p in lib.iterdir()) == before and is_library(lib)
    assert Path(lib / LOCK_FILE).exists()
