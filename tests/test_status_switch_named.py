"""`seekframe status` said "Switching to the model /…/core/resources/models/real (interrupted)" of a model switch
under way or interrupted, where `seekframe index` ("Loading model …") and the window name a model by its card's
title (``core.model_titles``). It names it so now, by its path only where no card of its own names it, or where
the library's model has the same title (a retrained copy switched to: the two told apart)."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

import core.cli
from core.library import VideoLibrary
from tests.cli_run import run_cli

MODELS = Path(core.cli.__file__).parent / "resources" / "models"


def _switching(lib: Path, to: str, source: str = "") -> None:
    """``lib``, a library bound to ``source``, made as one a switch to the model at ``to`` was cut short in."""
    with VideoLibrary(lib):
        pass
    data = json.loads((lib / "library.json").read_text())
    data["model_source"] = source
    data["extra"]["model_switch"] = {"model_id": "to-1234", "model_source": to, "dim": 8, "from": "from-5678"}
    (lib / "library.json").write_text(json.dumps(data))


def _said(capsys, lib) -> str:
    code, out, _ = run_cli(capsys, "status", "--library", lib)
    assert code == 0, out
    return next(line for line in out.splitlines() if line.startswith("Switching to the model"))


@pytest.mark.parametrize("folder, title", [("real", "Seekframe everyday scenes (bundled)"),
                                           ("demo", "Seekframe demo model")])
def test_a_switch_is_named_by_the_models_card_title(folder, title, tmp_path, capsys):
    _switching(tmp_path / "lib", str(MODELS / folder))
    assert _said(capsys, tmp_path / "lib") == (
        f"Switching to the model {title}: interrupted; `seekframe index` finishes it, captions and notes included.")


def test_a_model_no_card_names_or_with_the_librarys_title_is_named_by_its_path_too(tmp_path, capsys):
    mine = shutil.copytree(MODELS / "demo", tmp_path / "mine", ignore=shutil.ignore_patterns("card.json"))
    _switching(tmp_path / "a", str(mine))
    assert _said(capsys, tmp_path / "a").startswith(f"Switching to the model {mine}: interrupted;")
    again = shutil.copytree(MODELS / "demo", tmp_path / "retrained")  # (its card's title: the demo model's)
    _switching(tmp_path / "b", str(again), source=str(MODELS / "demo"))
    assert _said(capsys, tmp_path / "b").startswith(f"Switching to the model Seekframe demo model ({again}): ")
