"""On a case-insensitive file system (a Mac's APFS as it comes, Windows' NTFS) ``~/videos`` is the
folder ``~/Videos``: ``seekframe index ~/videos`` of a library that holds ``~/Videos`` listed a
second library folder (a Mac's ``realpath`` keeps the typed case), and ``forget ~/videos`` refused
it as no part of the library. A folder is now matched by being the same folder on disk (its
``st_dev``/``st_ino``), not by its spelling alone, so both take the library's ``~/Videos``. On a
case-sensitive file system the two spellings are two folders, as before. The case-insensitive one
is simulated in-process (``tests.casefold_fs``)."""

from __future__ import annotations

import os

from core.library import VideoLibrary
from tests.casefold_fs import casefold
from tests.cli_run import FixedTextEncoder, run_cli, use_encoder
from tests.test_cli_index_unicode_twins import _folders, _rows  # (the library's folders; its rows' path, root)
from tests.videos import Segment, write_video


def _indexed(tmp_path, capsys, monkeypatch):
    use_encoder(monkeypatch, FixedTextEncoder)
    home, lib = tmp_path / "disk" / "home", tmp_path / "lib"
    write_video(home / "Videos" / "Trip" / "beach.mp4", [Segment(2, "red")], seed=1)
    code, out, err = run_cli(capsys, "index", home / "Videos", "--library", lib)
    assert code == 0, out + err
    casefold(monkeypatch, tmp_path / "disk")
    return home, lib, str(home / "Videos")


def test_index_of_the_folder_typed_in_another_case_is_the_library_folder(tmp_path, capsys, monkeypatch):
    home, lib, folder = _indexed(tmp_path, capsys, monkeypatch)
    assert os.path.isdir(home / "videos") and os.path.realpath(home / "videos") == str(home / "videos")
    code, out, err = run_cli(capsys, "index", home / "videos", "--library", lib)
    assert code == 0, out + err
    assert _folders(lib) == [folder]
    assert _rows(lib) == [(os.path.join(folder, "Trip", "beach.mp4"), folder)]
    assert f"{home / 'videos'} is {folder} of the library, on this disk, which does not tell upper from lower case" in err
    assert "link" not in err, err  # (it said: 'reached through a link')
    code, out, err = run_cli(capsys, "index", home / "VIDEOS" / "trip", "--library", lib)  # (a folder in it)
    assert code == 0, out + err
    assert _folders(lib) == [folder]
    assert _rows(lib) == [(os.path.join(folder, "Trip", "beach.mp4"), folder)]


def test_forget_of_the_folder_typed_in_another_case(tmp_path, capsys, monkeypatch):
    home, lib, folder = _indexed(tmp_path, capsys, monkeypatch)
    code, out, err = run_cli(capsys, "forget", home / "videos", "--library", lib)
    assert code == 0, out + err
    assert _folders(lib) == [] and _rows(lib) == []


def test_two_folders_of_two_cases_stay_apart_where_case_counts(tmp_path, capsys, monkeypatch):
    use_encoder(monkeypatch, FixedTextEncoder)
    home, lib = tmp_path / "home", tmp_path / "lib"
    write_video(home / "Videos" / "beach.mp4", [Segment(2, "red")], seed=1)
    write_video(home / "videos" / "snow.mp4", [Segment(2, "blue")], seed=2)
    assert run_cli(capsys, "index", home / "Videos", "--library", lib)[0] == 0
    code, out, err = run_cli(capsys, "index", home / "videos", "--library", lib)
    assert code == 0, out + err
    assert _folders(lib) == [str(home / "Videos"), str(home / "videos")]
    assert [p for p, _ in _rows(lib)] == [str(home / "Videos" / "beach.mp4"), str(home / "videos" / "snow.mp4")]


def _ids(lib) -> dict[str, str]:
    with VideoLibrary(str(lib), read_only=True) as library:
        return {v.path: v.video_id for v in library.video_table.all()}


def test_a_video_named_in_another_case_is_the_library_video(tmp_path, capsys, monkeypatch):
    home, lib, folder = _indexed(tmp_path, capsys, monkeypatch)
    before = _ids(lib)
    code, out, err = run_cli(capsys, "index", home / "Videos" / "trip" / "BEACH.mp4", "--library", lib)
    assert code == 0, out + err
    assert _ids(lib) == before and _folders(lib) == [folder]


def test_a_video_respelled_in_case_between_runs_keeps_its_moments(tmp_path, capsys, monkeypatch):
    """A camera app or a sync tool respelling IMG_0001.MP4 as img_0001.mp4: the video moved, its id
    kept, no second row (the old name is still there to a look, ``exists``, on such a disk)."""
    home, lib, folder = _indexed(tmp_path, capsys, monkeypatch)
    (old,) = _ids(lib).values()
    os.rename(home / "Videos" / "Trip" / "beach.mp4", home / "Videos" / "Trip" / "BEACH.mp4")
    assert os.listdir(home / "Videos" / "Trip") == ["BEACH.mp4"] and os.path.exists(home / "Videos" / "Trip" / "beach.mp4")
    code, out, err = run_cli(capsys, "index", "--library", lib)
    assert code == 0, out + err
    assert _ids(lib) == {os.path.join(folder, "Trip", "BEACH.mp4"): old}
    code, out, err = run_cli(capsys, "index", home / "videos", "--library", lib)
    assert code == 0, out + err
    assert _ids(lib) == {os.path.join(folder, "Trip", "BEACH.mp4"): old} and _folders(lib) == [folder]


def test_a_folder_above_typed_in_another_case_takes_the_library_folder_in(tmp_path, capsys, monkeypatch):
    home, lib, folder = _indexed(tmp_path, capsys, monkeypatch)
    before = _ids(lib)
    code, out, err = run_cli(capsys, "index", tmp_path / "disk" / "HOME", "--library", lib)
    assert code == 0, out + err
    assert _folders(lib) == [str(home)] and _ids(lib) == before
    code, out, err = run_cli(capsys, "forget", tmp_path / "disk" / "Home", "--all", "--library", lib)
    assert code == 0, out + err
    assert _folders(lib) == [] and _ids(lib) == {}


def test_search_folder_and_a_video_named_in_another_case(tmp_path, capsys, monkeypatch):
    """``search --folder ~/videos`` found nothing without a word; ``similar ~/videos/trip/BEACH.mp4``
    said the video was not in the library."""
    import json

    home, lib, folder = _indexed(tmp_path, capsys, monkeypatch)
    for typed in (home / "videos", tmp_path / "disk" / "HOME", home / "Videos" / "trip", home / "Videos" / "trip" / "BEACH.mp4"):
        code, out, err = run_cli(capsys, "search", "anything", "--json", "--library", lib, "--folder", typed)
        assert code == 0, err
        assert [r["path"] for r in json.loads(out)] == [os.path.join(folder, "Trip", "beach.mp4")], typed
    code, out, err = run_cli(capsys, "similar", home / "videos" / "trip" / "BEACH.mp4", "--library", lib)
    assert code == 0 and "is not in the library" not in err, out + err


def test_forget_of_a_folder_or_video_in_the_library_folder_typed_in_another_case(tmp_path, capsys, monkeypatch):
    """``forget ~/Videos/trip`` (or ``.../trip/BEACH.mp4``) of ``~/Videos/Trip/beach.mp4``: it said the
    path was forgotten, exit 0, and the video stayed."""
    home, lib, folder = _indexed(tmp_path, capsys, monkeypatch)
    write_video(home / "Videos" / "Trip" / "snow.mp4", [Segment(2, "blue")], seed=2)
    assert run_cli(capsys, "index", "--library", lib)[0] == 0
    assert len(_ids(lib)) == 2
    code, out, err = run_cli(capsys, "forget", home / "Videos" / "trip" / "BEACH.mp4", "--library", lib)
    assert code == 0, out + err
    assert list(_ids(lib)) == [os.path.join(folder, "Trip", "snow.mp4")]
    code, out, err = run_cli(capsys, "forget", home / "Videos" / "TRIP", "--library", lib)
    assert code == 0, out + err
    assert _ids(lib) == {} and _folders(lib) == [folder]
