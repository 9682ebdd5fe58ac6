"""``seekframe search --folder PATH`` where PATH is a video's path typed in the other Unicode
spelling (``café`` composed of a Mac's decomposed name, or the other way round) matched nothing,
where typed as the library stores it it matched that video: ``core.filters.library_facts`` looked
for other spellings only among paths deeper than the one typed (a folder's videos). Now a video's
own path is matched in either spelling too, as a folder's is. NFD names are written on Linux as
tests/test_cli_path_spellings.py writes them."""

from __future__ import annotations

import json

import pytest

from tests.cli_run import run_cli
from tests.test_cli_path_spellings import IDS, NFC, NFD, SPELLINGS, _library, _unplugged


def _found(capsys, lib, folder) -> list[str]:
    code, out, err = run_cli(capsys, "search", "x", "--folder", folder, "--library", lib, "--json")
    assert code == 0, out + err
    return [r["path"] for r in json.loads(out)]


@pytest.mark.parametrize("disk,typed", SPELLINGS, ids=IDS)
@pytest.mark.parametrize("where", ["online", "offline"])
def test_a_video_in_a_folder_of_the_other_spelling(tmp_path, capsys, monkeypatch, disk, typed, where):
    videos, lib = _library(tmp_path, capsys, monkeypatch, disk)
    if where == "offline":
        _unplugged(videos, lib, capsys, disk)
    stored = str(videos / disk / "trip.mp4")
    assert _found(capsys, lib, stored) == [stored]  # (as the library spells it)
    assert _found(capsys, lib, str(videos / typed / "trip.mp4")) == [stored]


@pytest.mark.parametrize("disk,typed", SPELLINGS, ids=IDS)
def test_a_video_whose_own_name_is_spelled_otherwise(tmp_path, capsys, monkeypatch, disk, typed):
    from tests.videos import Segment, write_video

    videos, lib = _library(tmp_path, capsys, monkeypatch)
    write_video(videos / "plain" / f"{disk}.mp4", [Segment(2, "purple")], seed=5)
    assert run_cli(capsys, "index", videos / "plain", "--library", lib)[0] == 0
    stored = str(videos / "plain" / f"{disk}.mp4")
    assert _found(capsys, lib, stored) == [stored]
    assert _found(capsys, lib, str(videos / "plain" / f"{typed}.mp4")) == [stored]


def test_another_video_of_the_other_spelling_is_not_that_one(tmp_path, capsys, monkeypatch):
    """Both spellings on the disk, each its own video: each typed finds itself alone."""
    from tests.videos import Segment, write_video

    videos, lib = _library(tmp_path, capsys, monkeypatch)
    for name, colour in ((NFD, "purple"), (NFC, "yellow")):
        write_video(videos / "plain" / f"{name}.mp4", [Segment(2, colour)], seed=6)
    assert run_cli(capsys, "index", videos / "plain", "--library", lib)[0] == 0
    for name in (NFD, NFC):
        path = str(videos / "plain" / f"{name}.mp4")
        assert _found(capsys, lib, path) == [path]
