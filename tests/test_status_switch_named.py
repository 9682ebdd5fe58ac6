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


def _two_students(tmp_path, monkeypatch) -> tuple[Path, Path]:
    """Two trained students of one card title in the models folder (two exports of one config)."""
    from core.encoders.card import ModelCard, write_card

    models = tmp_path / "models"
    monkeypatch.setenv("SEEKFRAME_MODELS", str(models))
    out = []
    for name in ("run-1", "run-2"):
        folder = shutil.copytree(MODELS / "demo", models / name)
        write_card(folder, ModelCard(title="Trained student everyday", summary="a student for a test", domain="real"))
        out.append(folder)
    return out[0], out[1]


def test_status_names_the_librarys_model_by_its_title_and_two_students_of_one_title_apart(
        tmp_path, capsys, monkeypatch):
    """`seekframe status` said "Model:   seekframe-everyday-fba7ff026b5d  /…/models/real" where every other place
    names a model by its card's title, and two students of one title (two exports of one config), told apart
    in File › Model… by their folders, were said alike, or by their whole paths, everywhere else (s60 A#4, A#5).
    Its Model line, the switch's words and the model dialog name them by one rule now (``model_titles``); the id
    and the path stay in --json."""
    run1, run2 = _two_students(tmp_path, monkeypatch)
    _switching(tmp_path / "lib", str(run1), source=str(run2))
    code, out, _ = run_cli(capsys, "status", "--library", tmp_path / "lib")
    assert code == 0, out
    assert "Model:   Trained student everyday (run-2)\n" in out, out
    assert ("Switching to the model Trained student everyday (run-1): interrupted; `seekframe index` finishes it, "
            "captions and notes included.") in out, out
    from core.model_titles import listed_title

    assert [listed_title(str(run1)), listed_title(str(run2))] == ["Trained student everyday (run-1)",
                                                                  "Trained student everyday (run-2)"]
    code, out, _ = run_cli(capsys, "status", "--library", tmp_path / "lib", "--json")
    data = json.loads(out)
    assert data["model_source"] == str(run2) and "model_id" in data, data

    _switching(tmp_path / "own", str(run1), source=str(MODELS / "real"))  # (the bundled model: its title alone)
    out = run_cli(capsys, "status", "--library", tmp_path / "own")[1]
    assert "Model:   Seekframe everyday scenes (bundled)\n" in out, out


def test_a_student_chosen_with_a_trailing_slash_a_link_or_a_relative_path_is_named_apart_still(
        tmp_path, capsys, monkeypatch):
    """The library records its model as the user typed it (``--model models/run-2/``, tab-completed; a path
    through a link; a relative one): ``listed_title`` found it among the local models by its spelling alone, so
    that library's model was named "Trained student everyday", as the other student is (rv_2 #1). It is found by
    the folder it names now."""
    from core.model_titles import listed_title, told_apart

    run1, run2 = _two_students(tmp_path, monkeypatch)
    (tmp_path / "link").symlink_to(run2.parent)
    monkeypatch.chdir(tmp_path)
    for typed in (f"{run2}/", str(tmp_path / "link" / "run-2"), "models/run-2", "models/run-2/"):
        assert listed_title(typed) == "Trained student everyday (run-2)", typed
        assert told_apart(str(run2), typed) == "Trained student everyday (run-2)", typed  # (one model, not two)
    _switching(tmp_path / "lib", str(run1), source=f"{run2}/")
    out = run_cli(capsys, "status", "--library", tmp_path / "lib")[1]
    assert "Model:   Trained student everyday (run-2)\n" in out, out
