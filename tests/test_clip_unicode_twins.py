"""``seekframe similar café.mp4`` typed composed (NFC, as a keyboard gives it) of a file a Mac
copied with its name decomposed (NFD): the library knows the video under the spelling on disk,
so the command said "is not in the library, and no such file exists: check the path". Now the
video is found while the file system holds the file under one spelling; a distinct file named
in the other spelling is never taken for it."""

from __future__ import annotations

import os
from types import SimpleNamespace

import pytest

from core.clirefs import video_for
from core.errors import SeekframeError
from tests.cli_run import FixedTextEncoder, run_cli, use_encoder
from tests.test_folder_spellings_links import row
from tests.videos import Segment, write_video

NFC, NFD = "caf\u00e9.mp4", "cafe\u0301.mp4"


def library_of(*paths):
    rows = {p: row(p, os.path.dirname(p)) for p in paths}
    return SimpleNamespace(video_table=SimpleNamespace(view=lambda: rows))


def test_either_spelling_names_the_one_file(tmp_path):
    for on_disk, typed in ((NFD, NFC), (NFC, NFD)):
        there = tmp_path / on_disk
        there.write_bytes(b"x")
        assert video_for(library_of(str(there)), str(tmp_path / typed)).path == str(there)
        there.unlink()
    # (neither on disk now, the library's spelling still names it: said as the library has it)
    assert video_for(library_of(str(tmp_path / NFD)), str(tmp_path / NFC)).path == str(tmp_path / NFD)


def test_twin_files_of_the_two_spellings_stay_apart(tmp_path):
    (tmp_path / NFC).write_bytes(b"composed")
    (tmp_path / NFD).write_bytes(b"decomposed")
    if len(os.listdir(tmp_path)) < 2:
        pytest.skip("this file system takes the two spellings for one name: it holds no twins")
    with pytest.raises(SeekframeError, match="Index its folder"):  # (only the other one is indexed)
        video_for(library_of(str(tmp_path / NFD)), str(tmp_path / NFC))
    both = library_of(str(tmp_path / NFD), str(tmp_path / NFC))
    assert video_for(both, str(tmp_path / NFC)).path == str(tmp_path / NFC)
    assert video_for(both, str(tmp_path / NFD)).path == str(tmp_path / NFD)


def test_similar_of_the_typed_spelling_finds_the_copied_file(tmp_path, capsys, monkeypatch):
    use_encoder(monkeypatch, FixedTextEncoder)
    videos, lib = tmp_path / "videos", tmp_path / "lib"
    write_video(videos / NFD, [Segment(2, "red")], seed=1)
    write_video(videos / "cat.mp4", [Segment(2, "blue")], seed=2)
    assert run_cli(capsys, "index", videos, "--library", lib)[0] == 0
    code, out, err = run_cli(capsys, "similar", videos / NFC, "--library", lib)
    assert code == 0, err
    assert "cat.mp4" in out
