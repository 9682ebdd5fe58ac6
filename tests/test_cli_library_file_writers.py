"""``--library notes.txt`` (a file; with or without a slash) given to the commands that write an
existing library (``forget``, ``note``): they said 'No library at notes.txt. Index some videos
first', which indexing cannot do, where ``index``, ``status``, ``search`` and ``captions`` say it is
a file (873caa0, 124fa4b); now they say so too (``cli_library.writer``), exit 2, nothing written."""

from __future__ import annotations

import pytest

from tests.test_cli_path_spellings import run_cli


@pytest.mark.parametrize("command", [["forget", "videos"], ["note", "videos/a.mp4@1", "hello"]])
@pytest.mark.parametrize("tail", ["", "/"])
def test_a_library_that_is_a_file_is_said_to_be_one_by_writers(tmp_path, capsys, monkeypatch, command, tail):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "videos").mkdir()
    (tmp_path / "notes.txt").write_text("not a library")
    code, out, err = run_cli(capsys, *command, "--library", str(tmp_path / "notes.txt") + tail)
    assert code == 2 and f"{tmp_path / 'notes.txt'} is a file, not a library folder" in err, out + err
    assert "Index some videos first" not in err and (tmp_path / "notes.txt").read_text() == "not a library"
