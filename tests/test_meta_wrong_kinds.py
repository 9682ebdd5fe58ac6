"""library.json with a field of the wrong kind ("extra": null, by a hand edit or another program):
it was read as no settings, so the folder list was lost without a word (`seekframe index` said
"No folders to index") and `seekframe repair` left it, as the file parsed. Such a field is now
damage, said by every command with the repair, which rebuilds the file from the tables (the
folders from the videos' rows)."""

from __future__ import annotations

import json

import pytest

from tests.cli_run import run_cli


@pytest.mark.parametrize("edit", [
    lambda d: d.update(extra=None), lambda d: d.update(extra=[]), lambda d: d.update(extra="x"),
    lambda d: d["extra"].update(settings=None), lambda d: d.update(model_id=None),
    lambda d: d.update(model_source=7)], ids=["extra null", "extra a list", "extra text", "settings null",
                                             "model_id null", "model_source a number"])
def test_a_wrong_kind_of_field_is_damage_that_repair_rebuilds(noted_library, capsys, colour_model, edit):
    videos, lib = noted_library
    path = lib / "library.json"
    data = json.loads(path.read_text())
    edit(data)
    path.write_text(json.dumps(data))
    code, out, err = run_cli(capsys, "index", "--library", lib, "--model", colour_model)
    assert code == 2 and "library.json is damaged" in err and "`seekframe repair`" in err, out + err
    assert "No folders to index" not in out + err
    code, out, err = run_cli(capsys, "repair", "--library", lib)
    assert code == 0 and "rebuilt from the tables" in out, out + err
    code, out, err = run_cli(capsys, "index", "--library", lib, "--model", colour_model)
    assert code == 0 and "No folders to index" not in out + err, out + err
    assert json.loads(path.read_text())["extra"]["settings"]["folders"] == [str(videos)]
