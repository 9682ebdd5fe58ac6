"""A finished run over every folder while one of them, D, was offline (its drive unplugged: its
root not there) dropped D's record of a run that had stopped before it finished
(``core.stopped_runs.finished``: the record of every root the run was given), though the run
reached nothing under D: once D was back, `seekframe status` no longer said its files were still
to index. Now the record of a root the run found offline is kept, whether the run wrote (a new
file elsewhere: the library's run) or had nothing to do (the snapshot's no-op re-scan,
``clear_on_disk``); a run that reaches D drops it."""

from __future__ import annotations

import json

import pytest

from core import stopped_runs
from core.cli import main
from tests.cli_proc import indexed_folder
from tests.stopped_index import ctrl_c_run
from tests.videos import Segment, write_video


def _settings(lib) -> dict:
    return json.loads((lib / "library.json").read_text())["extra"]["settings"]


def _status(lib, capsys) -> str:
    capsys.readouterr()
    assert main(["status", "--library", str(lib)]) == 0
    return capsys.readouterr().out


@pytest.mark.parametrize("new_elsewhere", [False, True], ids=["noop_rescan", "a_run_that_writes"])
def test_a_run_that_found_d_offline_keeps_d_s_stopped_run(tmp_path, capsys, monkeypatch, new_elsewhere):
    model, videos, lib = indexed_folder(tmp_path)
    folder = tmp_path / "D"
    write_video(folder / "old.mp4", [Segment(2, "white")], seed=9)
    assert main(["index", str(folder), "--library", str(lib), "-q"]) == 0
    for i, colour in enumerate(("green", "black", "purple")):
        write_video(folder / f"new{i}.mp4", [Segment(2, colour)], seed=10 + i)
    ctrl_c_run(lib, folder, monkeypatch)
    said = (f"An index of {folder} was cancelled before it finished (3 files were still to index); "  # (a Ctrl-C)
            "`seekframe index` indexes the rest.")
    assert said in _status(lib, capsys)
    folder.rename(tmp_path / "D-unplugged")  # (its drive unplugged)
    if new_elsewhere:
        write_video(videos / "green.mp4", [Segment(2, "green")], seed=20)
    assert main(["index", "--library", str(lib), "-q"]) == 0  # every folder: D found offline
    assert str(folder) in (_settings(lib).get(stopped_runs.KEY) or {}), _settings(lib)
    (tmp_path / "D-unplugged").rename(folder)  # (plugged in again)
    assert said in _status(lib, capsys)
    assert main(["index", "--library", str(lib), "-q"]) == 0  # a run that reaches D: its record goes
    assert stopped_runs.KEY not in _settings(lib) and "before it finished" not in _status(lib, capsys)
