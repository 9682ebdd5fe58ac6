"""A library folder whose name is not UTF-8 (bytes a Latin-1 system or a damaged USB stick
wrote; ``SEEKFRAME_HOME`` under such a folder): LanceDB, which keeps the library's tables,
cannot take the name, and every command ended in a UnicodeEncodeError traceback (after
``index`` had made the folder and its lock file). Now each says so before anything is made
(``paths.unstorable_text``: ``lock_library`` and ``Location``), exit 2, with what to do."""

from __future__ import annotations

import os

import pytest

from tests.test_cli_index_paths import run_cli


@pytest.mark.parametrize("command", [["index", "videos"], ["status"], ["search", "a dog"], ["repair"],
                                     ["forget", "videos"]])
def test_a_library_folder_named_in_no_utf8_is_said_not_a_traceback(tmp_path, capsys, monkeypatch, command):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "videos").mkdir()
    home = tmp_path / os.fsdecode(b"caf\xe9")
    monkeypatch.setenv("SEEKFRAME_HOME", str(home))
    code, out, err = run_cli(capsys, *command)
    assert code == 2 and "Traceback" not in err, out + err
    assert "caf\\xe9" in err and "not UTF-8" in err and "--library" in err, err
    assert not os.path.lexists(home)


def test_a_library_already_in_such_a_folder_is_said_too(tmp_path, capsys, monkeypatch):
    lib = tmp_path / os.fsdecode(b"lib\xff")
    lib.mkdir()
    (lib / "library.json").write_text('{"schema_version": 3, "dim": 4, "model_id": "m"}')
    code, out, err = run_cli(capsys, "status", "--library", lib)
    assert code == 2 and "lib\\xff" in err and "not UTF-8" in err and "Traceback" not in err, out + err
