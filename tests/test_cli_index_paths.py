"""What `seekframe index` and `captions-import` accept as paths (issue 11, point 9): a path that
does not exist was taken, called "offline" and stored as a library folder. Now it is refused
with exit code 2, before LanceDB or a model is loaded, unless it is already one of the
library's folders (an unmounted drive: offline, as before)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

import core.cli
from core.library import VideoLibrary
from core.library.meta import is_library
from tests.cli_run import no_model_loaded, run_cli

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture
def no_model(monkeypatch):
    no_model_loaded(monkeypatch, "a model was loaded for a path that was refused")


def _folders(lib) -> list[str]:
    with VideoLibrary(lib, read_only=True) as opened:
        return list(opened.meta.settings.folders or [])


def test_a_path_that_does_not_exist_is_refused_and_not_stored(tmp_path, capsys, no_model):
    lib, typo = tmp_path / "lib", tmp_path / "Vidoes"
    code, _, err = run_cli(capsys, "index", typo, "--library", lib)
    assert code == 2 and f"{typo} does not exist" in err and "Traceback" not in err, err
    assert not is_library(lib), "a refused index created a library"


def test_a_missing_path_next_to_a_real_one_refuses_the_whole_run(tmp_path, capsys, monkeypatch):
    from tests.fakes import ColourMeanEncoder

    monkeypatch.setattr(core.cli, "_load_encoder", lambda *a, **k: ColourMeanEncoder())
    lib, real = tmp_path / "lib", tmp_path / "videos"
    real.mkdir()
    assert run_cli(capsys, "index", real, "--library", lib)[0] == 0
    code, _, err = run_cli(capsys, "index", real, tmp_path / "typo", "--library", lib)
    assert code == 2 and "typo does not exist" in err
    assert _folders(lib) == [str(real)]


def test_a_missing_library_folder_is_still_offline(tmp_path, capsys, monkeypatch):
    from tests.fakes import ColourMeanEncoder

    monkeypatch.setattr(core.cli, "_load_encoder", lambda *a, **k: ColourMeanEncoder())
    lib, drive = tmp_path / "lib", tmp_path / "usb"
    drive.mkdir()
    assert run_cli(capsys, "index", drive, "--library", lib)[0] == 0
    drive.rmdir()  # the drive is unmounted
    code, _, err = run_cli(capsys, "index", drive, "--library", lib)
    assert code == 0 and f"offline: {drive}" in err, err
    assert _folders(lib) == [str(drive)]


def test_a_file_that_is_no_video_is_refused(tmp_path, capsys, no_model):
    notes = tmp_path / "notes.txt"
    notes.write_text("hello")
    code, _, err = run_cli(capsys, "index", notes, "--library", tmp_path / "lib")
    assert code == 2 and "is neither a folder nor a video file" in err and ".mp4" in err


@pytest.mark.parametrize("name,message", [("gone.csv", "does not exist"), ("captions.xlsx", ".txt, .csv or .json")])
def test_captions_import_checks_its_file_before_loading_a_model(tmp_path, capsys, no_model, name, message):
    f = tmp_path / name
    if name.endswith(".xlsx"):
        f.write_text("x")
    code, _, err = run_cli(capsys, "captions-import", f, "--library", tmp_path / "lib")
    assert code == 2 and message in err, err


def test_a_missing_path_is_refused_without_heavy_imports(tmp_path):
    probe = ("import sys; from core.cli import main; code = main(sys.argv[1:]); "
             "print(sorted(m for m in ('lancedb', 'torch', 'transformers') if m in sys.modules)); "
             "sys.exit(code)")
    r = subprocess.run([sys.executable, "-c", probe, "index", str(tmp_path / "typo"), "--library", str(tmp_path / "lib")],
                       capture_output=True, text=True, cwd=ROOT, timeout=120)
    assert r.returncode == 2 and "does not exist" in r.stderr, r.stderr
    assert r.stdout.strip() == "[]", f"imported before refusing: {r.stdout}"
