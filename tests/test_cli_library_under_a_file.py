"""A library folder that cannot be made because a file stands where a folder above it should be
(``SEEKFRAME_HOME`` set to a file, ``--library notes.txt/lib``): ``index`` said "Cannot create the
library folder …/library: Not a directory" and ``status``/``search`` "No library at …. Index some
videos first: seekframe index FOLDER", advice that only led back to the first error. Every command
now names the file in the way and what to do (``paths.library_file_text``), exit 2, nothing
written."""

from __future__ import annotations

import pytest

from tests.test_cli_index_paths import run_cli


@pytest.mark.parametrize("command", [["index", "videos"], ["index"], ["status"], ["search", "a dog"],
                                     ["forget", "videos"], ["repair"]])
def test_a_data_home_that_is_a_file_is_named_with_what_to_do(tmp_path, capsys, monkeypatch, command):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "videos").mkdir()
    home = tmp_path / "home.txt"
    home.write_text("not a folder")
    monkeypatch.setenv("SEEKFRAME_HOME", str(home))
    code, out, err = run_cli(capsys, *command)
    assert code == 2, out + err
    assert f"{home} is a file, not a folder" in err, err
    assert "SEEKFRAME_HOME" in err and "--library" in err, err
    assert "Index some videos first" not in err and "Not a directory" not in err, err
    assert home.read_text() == "not a folder"


def test_a_library_under_a_file_given_with_library_is_named(tmp_path, capsys, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "videos").mkdir()
    (tmp_path / "notes.txt").write_text("not a folder")
    code, out, err = run_cli(capsys, "index", "videos", "--library", tmp_path / "notes.txt" / "sub" / "lib")
    assert code == 2, out + err
    assert f"{tmp_path / 'notes.txt'} is a file, not a folder" in err, err
    assert "SEEKFRAME_HOME" not in err and "--library" in err, err


def test_a_link_that_leads_nowhere_above_the_library_is_named(tmp_path, capsys, monkeypatch):
    (tmp_path / "home").symlink_to(tmp_path / "gone")
    monkeypatch.setenv("SEEKFRAME_HOME", str(tmp_path / "home"))
    code, out, err = run_cli(capsys, "status")
    assert code == 2 and f"{tmp_path / 'home'} is not a folder. Set SEEKFRAME_HOME to a folder" in err, err
