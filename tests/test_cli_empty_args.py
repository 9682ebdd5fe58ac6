"""An empty argument (a script's ``seekframe forget "$FOLDER"`` with the variable unset): ``forget ""``
took it as the current folder and removed its videos ("Removed 2 videos under  from the
library"), ``index ""`` indexed the current folder, ``--library ""`` opened the default library.
Each is refused now (``cli_args.finish_args``): exit 2, naming what was empty, nothing done."""

from __future__ import annotations

import pytest

from core.library import VideoLibrary
from tests.test_cli_index_paths import run_cli


def test_forget_of_an_empty_folder_removes_nothing(noted_library, capsys, monkeypatch):
    videos, lib = noted_library
    monkeypatch.chdir(videos)  # (the folder an empty name would have been taken as)
    code, out, err = run_cli(capsys, "forget", "", "--library", lib)
    assert code == 2 and 'FOLDER is empty ("")' in err, out + err
    with VideoLibrary(lib, read_only=True) as opened:
        assert len(opened.video_table.all()) == 2


@pytest.mark.parametrize("args,what", [
    (["index", ""], "PATH"), (["index", "videos", ""], "PATH"), (["status", "--library", ""], "--library"),
    (["--library", "", "status"], "--library"), (["search", "a dog", "--folder", ""], "--folder"),
    (["index", "videos", "--model", ""], "--model"), (["captions-import", ""], "FILE"), (["demo", "--out", ""], "--out"),
])
def test_an_empty_argument_is_refused_naming_it(tmp_path, capsys, monkeypatch, args, what):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "videos").mkdir()
    code, out, err = run_cli(capsys, *args)
    assert code == 2 and f'{what} is empty ("")' in err, out + err
    assert not (tmp_path / "library").exists() and list(tmp_path.iterdir()) == [tmp_path / "videos"]
