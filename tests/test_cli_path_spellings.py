"""Paths named on the command line in spellings other than the library's:

- ``clip.mp4/`` (a file named with a separator after it, as a folder): normalised, it named the
  file, so ``index`` indexed it, ``forget`` removed it, ``search --folder`` searched it and
  ``similar``, ``captions`` and ``note`` took it for the video, where the shell and the OS say
  "Not a directory". Now refused, naming the file, nothing done.
- a library folder whose drive is unplugged (offline), typed in the other Unicode spelling
  (``café`` composed of a Mac's decomposed folder, or the other way round), with a ``/``, a
  ``..`` or a folder in it: ``forget`` said it was no library folder and ``search --folder``
  found nothing, where the same path online, or offline in the library's own spelling, is the
  library's folder. Now matched by its spelling alone (nothing on the drive looked at).
- ``--library`` typed in the other Unicode spelling of the library's folder: "No library at …",
  and ``index`` would have made a second library beside it. Now the library there.
"""

from __future__ import annotations

import json
import os
import unicodedata

import pytest

from core.library import VideoLibrary
from core.library.meta import is_library
from tests.cli_run import FixedTextEncoder, run_cli, use_encoder
from tests.videos import Segment, write_video

NFC, NFD = unicodedata.normalize("NFC", "café"), unicodedata.normalize("NFD", "café")


def _paths(lib) -> list[str]:
    with VideoLibrary(str(lib), read_only=True) as library:
        return sorted(v.path for v in library.video_table.all())


def _folders(lib) -> list[str]:
    with VideoLibrary(str(lib), read_only=True) as library:
        return sorted(library.meta.settings.folders or [])


def _library(tmp_path, capsys, monkeypatch, name=NFD):
    """A library of two folders: ``videos/<name>`` (two videos, one in ``sub``) and ``videos/plain``."""
    use_encoder(monkeypatch, FixedTextEncoder)
    videos = tmp_path / "videos"
    os.makedirs(videos / name)
    if os.path.isdir(videos / unicodedata.normalize("NFC" if name == NFD else "NFD", name)):
        pytest.skip("this file system takes the two spellings for one name")
    write_video(videos / name / "trip.mp4", [Segment(2, "red")], seed=1)
    write_video(videos / name / "sub" / "b.mp4", [Segment(2, "blue")], seed=2)
    write_video(videos / "plain" / "c.mp4", [Segment(2, "green")], seed=3)
    lib = tmp_path / "lib"
    code, out, err = run_cli(capsys, "index", videos / name, videos / "plain", "--library", lib)
    assert code == 0, out + err
    return videos, lib


def _unplugged(videos, lib, capsys, name):
    """The folder ``name`` gone (its drive unplugged), and a re-scan that marks it offline."""
    os.rename(videos / name, videos / "away")
    code, out, err = run_cli(capsys, "index", "--library", lib)
    assert code == 0 and f"offline: {videos / name}" in err, out + err


# -- a file named as a folder ---------------------------------------------------------------------

@pytest.mark.parametrize("tail", ["/", "/.", "/.."])
def test_index_refuses_a_file_named_as_a_folder(tmp_path, capsys, monkeypatch, tail):
    videos, lib = _library(tmp_path, capsys, monkeypatch)
    typed = str(videos / "plain" / "c.mp4") + tail
    code, out, err = run_cli(capsys, "index", typed, "--library", lib)
    assert code == 2, out + err
    assert f"{typed} is not a folder: {videos / 'plain' / 'c.mp4'} is a file. Nothing was indexed." in err, err
    assert _folders(lib) == sorted([str(videos / NFD), str(videos / "plain")])

    fresh = tmp_path / "fresh"  # (no library made for it either)
    code, out, err = run_cli(capsys, "index", typed, "--library", fresh)
    assert code == 2 and "is not a folder" in err and not is_library(fresh), out + err


def test_forget_refuses_a_file_named_as_a_folder(tmp_path, capsys, monkeypatch):
    videos, lib = _library(tmp_path, capsys, monkeypatch)
    before = _paths(lib)
    typed = str(videos / "plain" / "c.mp4") + "/"
    code, out, err = run_cli(capsys, "forget", typed, "--library", lib)
    assert code == 2 and "is not a folder" in err and "Nothing was forgotten." in err, out + err
    assert _paths(lib) == before


@pytest.mark.parametrize("command", ["search", "similar"])
def test_a_folder_filter_refuses_a_file_named_as_a_folder(tmp_path, capsys, monkeypatch, command):
    videos, lib = _library(tmp_path, capsys, monkeypatch)
    what = "a red scene" if command == "search" else videos / NFD / "trip.mp4"
    typed = str(videos / "plain" / "c.mp4") + "/"
    code, out, err = run_cli(capsys, command, what, "--folder", typed, "--library", lib)
    assert code == 2 and out == "", out + err
    assert f"{typed} is not a folder" in err and "Nothing was searched." in err, err


@pytest.mark.parametrize("command", ["similar", "captions", "note"])
def test_a_clip_refuses_a_file_named_as_a_folder(tmp_path, capsys, monkeypatch, command):
    videos, lib = _library(tmp_path, capsys, monkeypatch)
    typed = str(videos / "plain" / "c.mp4") + "/"
    code, out, err = run_cli(capsys, command, typed + "@1", *(["a note"] if command == "note" else []), "--library", lib)
    assert code == 2 and out == "", out + err
    assert f"{typed} is not a folder: {videos / 'plain' / 'c.mp4'} is a file. Name the video as a file" in err, err
    with VideoLibrary(str(lib), read_only=True) as library:
        assert not library.caption_table.read(with_vectors=False)  # (no note added)


def test_a_folder_with_a_slash_is_still_that_folder(tmp_path, capsys, monkeypatch):
    videos, lib = _library(tmp_path, capsys, monkeypatch)
    code, out, err = run_cli(capsys, "search", "x", "--folder", str(videos / "plain") + "/", "--library", lib, "--json")
    assert code == 0 and [r["path"] for r in json.loads(out)] == [str(videos / "plain" / "c.mp4")], out + err
    code, out, err = run_cli(capsys, "forget", str(videos / "plain") + "/", "--library", lib)
    assert code == 0, out + err
    assert _folders(lib) == [str(videos / NFD)]


# -- an offline library folder in the other Unicode spelling -------------------------------------

SPELLINGS = [(NFD, NFC), (NFC, NFD)]  # (the disk's, the typed)
IDS = ["typed-composed", "typed-decomposed"]


@pytest.mark.parametrize("disk,typed", SPELLINGS, ids=IDS)
@pytest.mark.parametrize("tail,left", [("", 1), ("/", 1), ("/sub/..", 1), ("/sub", 2), ("/sub/b.mp4", 2)])
def test_forget_an_offline_folder_typed_in_the_other_spelling(tmp_path, capsys, monkeypatch, disk, typed, tail, left):
    videos, lib = _library(tmp_path, capsys, monkeypatch, disk)
    _unplugged(videos, lib, capsys, disk)
    code, out, err = run_cli(capsys, "forget", str(videos / typed) + tail, "--library", lib)
    assert code == 0 and "not one of the library's folders" not in err, out + err
    assert len(_paths(lib)) == left
    if left == 1:  # (the folder itself: named as the library lists it, and no longer listed)
        assert str(videos / disk) in out and _folders(lib) == [str(videos / "plain")], out


@pytest.mark.parametrize("disk,typed", SPELLINGS, ids=IDS)
@pytest.mark.parametrize("tail,found", [("", 2), ("/", 2), ("/sub/..", 2), ("/sub", 1)])
def test_search_in_an_offline_folder_typed_in_the_other_spelling(tmp_path, capsys, monkeypatch, disk, typed, tail,
                                                                 found):
    videos, lib = _library(tmp_path, capsys, monkeypatch, disk)
    _unplugged(videos, lib, capsys, disk)
    code, out, err = run_cli(capsys, "search", "x", "--folder", str(videos / typed) + tail, "--library", lib, "--json")
    assert code == 0, out + err
    rows = json.loads(out)
    assert len(rows) == found and all(r["path"].startswith(str(videos / disk) + os.sep) for r in rows), rows


def test_an_online_twin_folder_is_not_the_offline_one(tmp_path, capsys, monkeypatch):
    """The library's decomposed ``café`` offline, a distinct composed ``café`` there: typed
    composed, that other folder is meant, not the library's."""
    videos, lib = _library(tmp_path, capsys, monkeypatch, NFD)
    _unplugged(videos, lib, capsys, NFD)
    write_video(videos / NFC / "other.mp4", [Segment(2, "red")], seed=4)
    code, out, err = run_cli(capsys, "forget", videos / NFC, "--library", lib)
    assert code == 2 and "not one of the library's folders" in err, out + err
    assert len(_paths(lib)) == 3
    code, out, err = run_cli(capsys, "search", "x", "--folder", videos / NFC, "--library", lib, "--json")
    assert code == 0 and json.loads(out) == [], out + err


# -- the library's own folder in the other Unicode spelling ----------------------------------------

@pytest.mark.parametrize("disk,typed", SPELLINGS, ids=IDS)
def test_the_library_typed_in_the_other_spelling_is_that_library(tmp_path, capsys, monkeypatch, disk, typed):
    use_encoder(monkeypatch, FixedTextEncoder)
    videos = tmp_path / "videos"
    write_video(videos / "a.mp4", [Segment(2, "red")], seed=1)
    lib_disk, lib_typed = tmp_path / f"lib-{disk}", tmp_path / f"lib-{typed}"
    assert run_cli(capsys, "index", videos, "--library", lib_disk)[0] == 0
    if os.path.isdir(lib_typed):
        pytest.skip("this file system takes the two spellings for one name")
    code, out, err = run_cli(capsys, "status", "--library", lib_typed, "--json")
    assert code == 0 and json.loads(out)["videos"] == 1 and json.loads(out)["library"] == str(lib_disk), out + err
    code, out, err = run_cli(capsys, "search", "x", "--library", lib_typed, "--json")
    assert code == 0 and [r["path"] for r in json.loads(out)] == [str(videos / "a.mp4")], out + err
    write_video(videos / "b.mp4", [Segment(2, "blue")], seed=2)
    code, out, err = run_cli(capsys, "index", videos, "--library", lib_typed)
    assert code == 0, out + err
    assert sorted(os.listdir(tmp_path)) == sorted([f"lib-{disk}", "videos"])  # (no second library)
    assert len(_paths(lib_disk)) == 2
    monkeypatch.setenv("SEEKFRAME_LIBRARY", str(lib_typed))  # (the environment's spelling alike)
    code, out, err = run_cli(capsys, "status", "--json")
    assert code == 0 and json.loads(out)["videos"] == 2 and json.loads(out)["library"] == str(lib_disk), out + err


@pytest.mark.parametrize("tail", ["/", "/sub/.."])
def test_an_offline_folder_named_with_a_slash_is_not_looked_at(tmp_path, capsys, monkeypatch, tail):
    """Whether it names a file as a folder is never asked of an offline folder (a share that does
    not answer would hang the command): it is the library's folder, by its spelling."""
    from tests.test_index_offline_untouched import never_touched

    videos, lib = _library(tmp_path, capsys, monkeypatch)
    _unplugged(videos, lib, capsys, NFD)
    calls = never_touched(monkeypatch, videos / NFD)
    typed = str(videos / NFD) + tail
    code, out, err = run_cli(capsys, "search", "x", "--folder", typed, "--library", lib, "--json")
    assert code == 0 and len(json.loads(out)) == 2, out + err
    code, out, err = run_cli(capsys, "forget", typed, "--library", lib)
    assert code == 0 and _folders(lib) == [str(videos / "plain")], out + err
    assert not calls, calls


@pytest.mark.parametrize("command", [["status"], ["search", "x"], ["captions", "a.mp4"], ["index"], ["repair"]])
@pytest.mark.parametrize("tail", ["", "/"])
def test_a_library_that_is_a_file_is_said_to_be_one(tmp_path, capsys, command, tail):
    """``--library notes.txt/`` (or without the slash): the commands that read said "No library at
    notes.txt. Index some videos first", which indexing cannot do, ``index`` with no PATH "no
    library at notes.txt whose folders to re-scan" and ``repair`` "No library at notes.txt to
    repair."; now they say it is a file, as ``index PATH`` did."""
    (tmp_path / "notes.txt").write_text("not a library")
    code, out, err = run_cli(capsys, *command, "--library", str(tmp_path / "notes.txt") + tail)
    assert code == 2 and f"{tmp_path / 'notes.txt'} is a file, not a library folder" in err, out + err
