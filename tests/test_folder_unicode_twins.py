"""``--folder`` typed in one Unicode spelling of a name the file system holds in the other:
``café`` typed composed (NFC, as a keyboard gives it) of a folder a Mac copied with its name
decomposed (NFD, ``cafe`` + U+0301), or the other way round. The library knows the videos under
the spelling on disk, so the filter found none of them. Now either spelling finds them while
the file system holds one; two distinct folders whose names are the two spellings stay apart."""

from __future__ import annotations

import json
import os

import pytest

from core.filters import Filters
from tests.cli_run import FixedTextEncoder, run_cli, use_encoder
from tests.test_folder_spellings_links import row
from tests.videos import Segment, write_video

NFC, NFD = "caf\u00e9", "cafe\u0301"


def passing(folder, folders, videos) -> list[str]:
    accepts = Filters(folder=str(folder)).matcher(folders, videos)
    return sorted(os.path.basename(p) for p, v in videos.items() if accepts(v))


def test_either_spelling_finds_the_one_folder_on_disk(tmp_path):
    base = str(tmp_path / "videos")
    for on_disk, typed in ((NFD, NFC), (NFC, NFD)):
        os.makedirs(os.path.join(base, on_disk, "2024"), exist_ok=True)
        videos = {p: row(p, base) for p in (f"{base}/{on_disk}/a.mp4", f"{base}/{on_disk}/2024/b.mp4",
                                            f"{base}/other/c.mp4")}
        assert passing(os.path.join(base, typed), [base], videos) == ["a.mp4", "b.mp4"], typed
        assert passing(os.path.join(base, typed, "2024"), [base], videos) == ["b.mp4"], typed
        assert passing(os.path.join(base, typed + "x"), [base], videos) == []  # (another name)
        os.rmdir(os.path.join(base, on_disk, "2024"))
        os.rmdir(os.path.join(base, on_disk))


def test_a_library_folder_named_in_the_other_spelling(tmp_path):
    lib_folder = str(tmp_path / NFD)
    os.makedirs(lib_folder)
    videos = {p: row(p, lib_folder) for p in (f"{lib_folder}/a.mp4",)}
    assert passing(tmp_path / NFC, [lib_folder], videos) == ["a.mp4"]


def test_twin_folders_of_the_two_spellings_stay_apart(tmp_path):
    base = str(tmp_path)
    os.makedirs(os.path.join(base, NFC))
    os.makedirs(os.path.join(base, NFD))
    if len(os.listdir(base)) < 2:
        pytest.skip("this file system takes the two spellings for one name: it holds no twins")
    only_nfd = {f"{base}/{NFD}/d.mp4": row(f"{base}/{NFD}/d.mp4", base)}
    assert passing(os.path.join(base, NFC), [base], only_nfd) == []  # (the composed folder holds none)
    assert passing(os.path.join(base, NFD), [base], only_nfd) == ["d.mp4"]
    both = {**only_nfd, f"{base}/{NFC}/c.mp4": row(f"{base}/{NFC}/c.mp4", base)}
    assert passing(os.path.join(base, NFC), [base], both) == ["c.mp4"]
    assert passing(os.path.join(base, NFD), [base], both) == ["d.mp4"]


def test_search_folder_in_the_typed_spelling_finds_the_copied_folder(tmp_path, capsys, monkeypatch):
    use_encoder(monkeypatch, FixedTextEncoder)
    videos, lib = tmp_path / "videos", tmp_path / "lib"
    write_video(videos / NFD / "trip.mp4", [Segment(2, "red")], seed=1)
    write_video(videos / "home" / "cat.mp4", [Segment(2, "blue")], seed=2)
    assert run_cli(capsys, "index", videos, "--library", lib)[0] == 0
    code, out, err = run_cli(capsys, "search", "anything", "--json", "--library", lib, "--folder", videos / NFC)
    assert code == 0, err
    assert [os.path.basename(r["path"]) for r in json.loads(out)] == ["trip.mp4"], err
