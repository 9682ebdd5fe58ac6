"""``seekframe index café`` typed composed (NFC, as a keyboard gives it) of a folder the disk
names decomposed (NFD: copied from a Mac, a Mac-made archive unpacked on Linux) said "café does
not exist", true to the OS but useless; ``forget``, ``search --folder`` and the clip commands took
either spelling already (``folder_spelling.unicode_twin``). Now index finds the one entry whose name
is the typed one once both are composed, indexes it under the disk's spelling and says so in one
line; an offline library folder typed in the other spelling is the library's folder. Two distinct
folders whose names are the two spellings stay apart."""

from __future__ import annotations

import os
import unicodedata

import pytest

from core.library import VideoLibrary
from tests.cli_run import FixedTextEncoder, run_cli, use_encoder
from tests.videos import Segment, write_video

NFC, NFD = unicodedata.normalize("NFC", "café"), unicodedata.normalize("NFD", "café")


def _rows(lib) -> list[tuple[str, str]]:
    with VideoLibrary(str(lib), read_only=True) as library:
        return sorted((v.path, v.root) for v in library.video_table.all())


def _folders(lib) -> list[str]:
    with VideoLibrary(str(lib), read_only=True) as library:
        return list(library.meta.settings.folders or [])


@pytest.fixture
def nfd_folder(tmp_path):
    videos = tmp_path / "videos"
    videos.mkdir()
    os.mkdir(videos / NFD)
    if NFC in os.listdir(videos) or os.path.isdir(videos / NFC):
        pytest.skip("this file system takes the two spellings for one name")
    write_video(videos / NFD / "trip.mp4", [Segment(2, "red")], seed=1)
    return videos


def test_index_typed_composed_indexes_the_decomposed_folder_once(nfd_folder, tmp_path, capsys, monkeypatch):
    use_encoder(monkeypatch, FixedTextEncoder)
    lib, on_disk = tmp_path / "lib", str(nfd_folder / NFD)
    code, out, err = run_cli(capsys, "index", nfd_folder / NFC, "--library", lib)
    assert code == 0, out + err
    assert _rows(lib) == [(os.path.join(on_disk, "trip.mp4"), on_disk)]
    assert _folders(lib) == [on_disk]
    said = [line for line in err.splitlines() if "is not there as typed" in line]
    assert len(said) == 1 and "decomposed" in said[0] and on_disk in said[0], err

    code, out, err = run_cli(capsys, "index", nfd_folder / NFC, "--library", lib)  # (with a library now)
    assert code == 0, out + err
    assert _rows(lib) == [(os.path.join(on_disk, "trip.mp4"), on_disk)]  # no copies
    assert _folders(lib) == [on_disk]


def test_a_video_in_the_folder_typed_composed(nfd_folder, tmp_path, capsys, monkeypatch):
    use_encoder(monkeypatch, FixedTextEncoder)
    lib = tmp_path / "lib"
    code, out, err = run_cli(capsys, "index", nfd_folder / NFC / "trip.mp4", "--library", lib)
    assert code == 0, out + err
    assert [p for p, _ in _rows(lib)] == [str(nfd_folder / NFD / "trip.mp4")]


def test_a_relative_path_typed_composed(nfd_folder, tmp_path, capsys, monkeypatch):
    use_encoder(monkeypatch, FixedTextEncoder)
    monkeypatch.chdir(nfd_folder)
    lib = tmp_path / "lib"
    code, out, err = run_cli(capsys, "index", NFC, "--library", lib)
    assert code == 0, out + err
    assert _folders(lib) == [str(nfd_folder / NFD)]


def test_an_offline_library_folder_typed_in_the_other_spelling(nfd_folder, tmp_path, capsys, monkeypatch):
    use_encoder(monkeypatch, FixedTextEncoder)
    lib, on_disk = tmp_path / "lib", str(nfd_folder / NFD)
    assert run_cli(capsys, "index", on_disk, "--library", lib)[0] == 0
    os.rename(on_disk, nfd_folder / "away")  # the drive unplugged
    code, out, err = run_cli(capsys, "index", nfd_folder / NFC, "--library", lib)
    assert code == 0 and "does not exist" not in err, out + err
    assert f"offline: {on_disk}" in err and "library's folder" in err, err
    assert _folders(lib) == [on_disk]
    assert _rows(lib) == [(os.path.join(on_disk, "trip.mp4"), on_disk)]


def test_two_folders_of_the_two_spellings_stay_apart(nfd_folder, tmp_path, capsys, monkeypatch):
    use_encoder(monkeypatch, FixedTextEncoder)
    lib = tmp_path / "lib"
    write_video(nfd_folder / NFC / "other.mp4", [Segment(2, "blue")], seed=2)
    code, out, err = run_cli(capsys, "index", nfd_folder / NFC, "--library", lib)
    assert code == 0, out + err
    assert _folders(lib) == [str(nfd_folder / NFC)] and "not there as typed" not in err
    assert [p for p, _ in _rows(lib)] == [str(nfd_folder / NFC / "other.mp4")]


def test_a_name_with_two_spellings_on_disk_is_no_guess(tmp_path, capsys, monkeypatch):
    """``e`` + U+0301 + U+0323 and ``e`` + U+0323 + U+0301 (two orders of the same marks, neither
    composed) are both ``ẹ́`` composed: typed composed, neither is chosen."""
    use_encoder(monkeypatch, FixedTextEncoder)
    videos, lib = tmp_path / "videos", tmp_path / "lib"
    for name in ("e\u0301\u0323", "e\u0323\u0301"):
        write_video(videos / name / "a.mp4", [Segment(2, "red")], seed=1)
    typed = unicodedata.normalize("NFC", "e\u0323\u0301")
    assert typed not in os.listdir(videos)
    code, out, err = run_cli(capsys, "index", videos / typed, "--library", lib)
    assert code == 2 and "does not exist" in err, out + err


def test_index_typed_decomposed_of_a_composed_folder(tmp_path, capsys, monkeypatch):
    use_encoder(monkeypatch, FixedTextEncoder)
    videos, lib = tmp_path / "videos", tmp_path / "lib"
    write_video(videos / NFC / "trip.mp4", [Segment(2, "red")], seed=1)
    if os.path.isdir(videos / NFD):
        pytest.skip("this file system takes the two spellings for one name")
    code, out, err = run_cli(capsys, "index", videos / NFD, "--library", lib)
    assert code == 0, out + err
    assert _folders(lib) == [str(videos / NFC)] and "composed (NFC)" in err, err
