"""A library whose tables (its ``db`` folder) were deleted while library.json stayed (found in the
session-51 audit) said "The library holds no indexed video yet", and a re-scan made empty tables
without a word: ``core.library.lost_tables`` says the tables are missing and what to do."""

from __future__ import annotations

import shutil

import pytest

from tests.cli_run import FixedTextEncoder, run_cli, use_encoder
from tests.videos import Segment, write_video


@pytest.fixture
def fake_model(monkeypatch):
    use_encoder(monkeypatch, FixedTextEncoder)


@pytest.fixture
def lost_library(tmp_path, capsys, fake_model):
    videos, lib = tmp_path / "videos", tmp_path / "lib"
    videos.mkdir()
    write_video(videos / "red.mp4", [Segment(4, "red")])
    assert run_cli(capsys, "index", videos, "--library", lib)[0] == 0
    shutil.rmtree(lib / "db")
    return lib


def test_search_and_status_say_the_tables_are_missing(lost_library, capsys):
    code, out, err = run_cli(capsys, "search", "red", "--library", lost_library)
    assert code == 0 and out == "No results.\n"
    assert "holds no indexed video yet" not in err, err
    assert "The library's tables are missing" in err and str(lost_library / "db") in err, err
    assert "library.json still lists 1 folder and the model" in err, err
    assert "Restore that folder from a backup, or index the library's folders again (`seekframe index`)" in err, err
    code, out, err = run_cli(capsys, "status", "--library", lost_library)
    assert "Note:    The library's tables are missing" in out, out


def test_a_rescan_says_it_indexes_again_in_new_tables(lost_library, capsys):
    code, out, err = run_cli(capsys, "index", "--library", lost_library)
    assert code == 0
    assert "The library's tables are missing" in err and "empty tables were made in its place" in err, err
    assert "A backup of that folder, restored in their place, gives back what was indexed" in err, err
    assert "Indexed 1 of 1 video file" in err, err
    code, out, err = run_cli(capsys, "search", "red", "--library", lost_library)  # (indexed again: no word more)
    assert "red.mp4" in out and "tables are missing" not in err, (out, err)
    assert "tables are missing" not in run_cli(capsys, "status", "--library", lost_library)[1]


def test_a_library_with_its_tables_says_nothing_of_them(tmp_path, capsys, fake_model):
    videos, lib = tmp_path / "videos", tmp_path / "lib"
    videos.mkdir()
    assert run_cli(capsys, "index", videos, "--library", lib)[0] == 0
    code, out, err = run_cli(capsys, "search", "red", "--library", lib)
    assert "The library holds no indexed video yet: seekframe index FOLDER adds some." in err, err
