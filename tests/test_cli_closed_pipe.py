"""A ``seekframe`` command whose output's reader went away (``core.cli_streams``). Before,
``seekframe index DIR 2>&1 | head -1`` stopped the run at its second line (BrokenPipeError out of
the progress printing), exited 0 all the same, and the next ``seekframe status`` said the index
"stopped before it finished" with every file still to index. A closed pipe is the reader's choice:
the index now finishes its work, its output dropped; a search's lines go nowhere, exit 0."""

from __future__ import annotations

import json
import os
import shutil
import sys

import pytest

from core.cli import main
from tests.cli_proc import indexed_folder
from tests.cli_zygote import start_cli
from tests.videos import Segment, write_video


@pytest.fixture(scope="module")
def indexed(tmp_path_factory):
    """``indexed_folder``'s model, clips and library: read-only (a test that writes copies the library)."""
    return indexed_folder(tmp_path_factory.mktemp("indexed"))


def _first_line_then_close(fifo, *args) -> tuple[str, int]:
    """Run the command (forked from a warm parent: ``tests.cli_zygote``) with stdout and stderr on
    one real pipe (the FIFO ``fifo``), read its first line, close the pipe (as `| head -1` does),
    and wait for the command to end: (that line, its exit status)."""
    os.mkfifo(fifo)
    proc = start_cli(*args, output=fifo)
    with open(fifo, encoding="utf-8") as pipe:
        line = pipe.readline()
    return line, proc.wait(timeout=240)


@pytest.mark.slow
@pytest.mark.skipif(sys.platform == "win32", reason="a pipe closed under a running command")
def test_an_index_whose_reader_went_away_finishes_its_work(tmp_path, capsys, indexed):
    model, _videos, lib = indexed[0], indexed[1], tmp_path / "lib"
    shutil.copytree(indexed[2], lib)
    folder = tmp_path / "D"
    for i, colour in enumerate(("green", "white", "black", "purple", "orange")):
        write_video(folder / f"new{i}.mp4", [Segment(2, colour)], seed=20 + i)
    line, code = _first_line_then_close(tmp_path / "out", "index", folder, "--library", lib, "--model", model)
    assert line.startswith("Found 5 video files: 5 to index") and code == 0, line
    capsys.readouterr()
    assert main(["status", "--library", str(lib), "--json"]) == 0
    status = json.loads(capsys.readouterr().out)
    assert status["stopped_runs"] == [] and status["by_status"]["done"] == 2 + 5, status
    assert status["quick_only"] == 0


@pytest.mark.slow
@pytest.mark.skipif(sys.platform == "win32", reason="a pipe closed under a running command")
def test_a_search_whose_reader_went_away_ends_quietly(tmp_path, indexed):
    model, _videos, lib = indexed
    line, code = _first_line_then_close(tmp_path / "out", "search", "red", "--library", lib, "--model", model,
                                        "-k", "50")
    assert code == 0 and "red.mp4" in line, line
