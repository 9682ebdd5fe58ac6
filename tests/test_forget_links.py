"""``seekframe forget`` of another spelling of a library folder. Before: ``forget /lnk`` with
/lnk a link to the library folder /h (or /h reached through a linked parent, with a trailing
slash or a ``..`` in it) was refused, "/lnk is not one of the library's folders", because the
path was compared by its spelling only, while ``seekframe index /lnk`` indexes /h
(``core.scan.as_library_folder``). Now such a path removes that library folder, and says its listed
name; a path that resolves to nothing listed is refused as before, and a library folder that is a
link whose target is gone (an offline drive) still matches by its spelling."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest

from core import service
from core.cli import main
from core.library import VideoLibrary
from tests.test_forget_whole import contents, copy_library, indexed, refuse_writes  # noqa: F401
from tests.videos import Segment, write_video

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="symbolic links")


def _forget(capsys, lib, path, *more) -> tuple[int, str, str]:
    code = main(["forget", str(path), "--library", str(lib), *more])
    out, err = capsys.readouterr()
    return code, out, err


def _spellings(tmp_path, a: str) -> dict[str, str]:
    """Other spellings of the library folder ``a`` (``videos/a``, beside ``videos/b``)."""
    videos = Path(a).parent
    os.symlink(a, tmp_path / "lnk")
    os.symlink(videos, tmp_path / "up")  # a linked parent
    return {"link": str(tmp_path / "lnk"),
            "link, trailing slash": str(tmp_path / "lnk") + os.sep,
            "linked parent": str(tmp_path / "up" / "a"),
            "linked parent, ..": os.path.join(str(tmp_path / "up"), "b", "..", "a") + os.sep}


@pytest.mark.parametrize("how", ["link", "link, trailing slash", "linked parent", "linked parent, .."])
def test_forget_by_another_spelling_removes_the_library_folder_and_names_it(indexed, tmp_path, capsys,  # noqa: F811
                                                                           how):
    a, b = indexed["a"], indexed["b"]
    lib = copy_library(indexed, tmp_path)
    path = _spellings(tmp_path, a)[how]
    code, out, err = _forget(capsys, lib, path)
    assert code == 0, err
    assert out.splitlines()[0] == f"Removed 2 videos under {a} from the library (the files are untouched).", out
    assert "still in the library folder" not in out, out
    folders, videos = contents(lib)
    assert folders == [b] and sorted(videos) == [str(Path(b) / "blue.mp4")], (folders, videos)


def test_a_video_through_a_link_is_removed_alone(indexed, tmp_path, capsys):  # noqa: F811
    a, b = indexed["a"], indexed["b"]
    lib = copy_library(indexed, tmp_path)
    path = os.path.join(_spellings(tmp_path, a)["link"], "red.mp4")
    code, out, err = _forget(capsys, lib, path)
    assert code == 0, err
    red = str(Path(a) / "red.mp4")
    assert out.splitlines()[0] == f"Removed the video {red} from the library (the file is untouched).", out
    folders, videos = contents(lib)
    assert folders == [a, b] and sorted(videos) == [str(Path(a) / "green.mp4"), str(Path(b) / "blue.mp4")]


def test_a_link_to_nothing_listed_is_still_refused(indexed, tmp_path, capsys):  # noqa: F811
    a, b = indexed["a"], indexed["b"]
    lib = copy_library(indexed, tmp_path)
    elsewhere, gone = tmp_path / "elsewhere", tmp_path / "gone"
    elsewhere.mkdir()
    os.symlink(elsewhere, tmp_path / "other")
    os.symlink(tmp_path / "nothing", gone)  # (a link whose target is not there)
    sibling = Path(a).parent / "ab"  # (spelled alike: /videos/ab is no part of /videos/a)
    sibling.mkdir(exist_ok=True)
    os.symlink(sibling, tmp_path / "ablnk")
    for path in (tmp_path / "other", gone, tmp_path / "ablnk"):
        code, out, err = _forget(capsys, lib, path)
        assert code == 2 and f"{path} is not one of the library's folders" in err, (path, err)
    folders, videos = contents(lib)
    assert folders == [a, b] and len(videos) == 3


def test_forget_root_spells_a_link_as_its_library_folder(indexed, tmp_path):  # noqa: F811
    """The core function ``seekframe forget`` gives ``service.forget_folder`` its path by. (The
    app's window removes a path as spelled: tests/app/test_remove_link_on_its_way.py.)"""
    a, b = indexed["a"], indexed["b"]
    lib = copy_library(indexed, tmp_path)
    spellings = _spellings(tmp_path, a)
    with VideoLibrary(lib) as library:
        for how, path in spellings.items():
            assert service.forget_root(library, os.path.abspath(path)) == a, how
        assert service.forget_root(library, str(tmp_path / "lnk" / "red.mp4")) == str(Path(a) / "red.mp4")
        assert service.forget_root(library, str(tmp_path / "nothing")) == str(tmp_path / "nothing")
        assert service.forget_folder(library, service.forget_root(library, spellings["link"])) == 2
        assert library.meta.settings.folders == [b]


def test_a_removal_by_a_link_that_a_full_disk_stopped_is_finished_by_the_same_command(indexed, tmp_path,  # noqa: F811
                                                                                      capsys, monkeypatch):
    a, b = indexed["a"], indexed["b"]
    lib = copy_library(indexed, tmp_path)
    link = _spellings(tmp_path, a)["link"]
    with monkeypatch.context() as m:
        refuse_writes(m, lambda meta: a not in (meta.settings.folders or []))
        code, out, err = _forget(capsys, lib, link)
        assert code == 3 and "not one of the library's folders" not in err, err
    code, out, err = _forget(capsys, lib, link)  # (its open finishes the removal of a)
    assert code == 0 and f"The removal of {a} from the library is finished" in out, (out, err)
    folders, videos = contents(lib)
    assert folders == [b] and sorted(videos) == [str(Path(b) / "blue.mp4")]


def test_a_library_folder_that_is_a_link_whose_target_is_gone_matches_by_its_spelling(indexed, tmp_path,  # noqa: F811
                                                                                      capsys):
    drive = tmp_path / "drive"
    write_video(drive / "clips" / "red.mp4", [Segment(4, "red")], seed=1)
    mnt, lib = tmp_path / "mnt", tmp_path / "lib"
    os.symlink(drive / "clips", mnt)
    assert main(["index", str(mnt), indexed["b"], "--library", str(lib), "--model", str(indexed["model"]),
                 "-q"]) == 0, capsys.readouterr().err
    capsys.readouterr()
    assert contents(lib)[0] == [str(mnt), indexed["b"]]
    drive.rename(tmp_path / "unplugged")  # (the drive offline: the link leads nowhere)
    code, out, err = _forget(capsys, lib, str(mnt) + os.sep)
    assert code == 0, err
    assert out.startswith(f"Removed 1 video under {mnt}"), out
    folders, videos = contents(lib)
    assert folders == [indexed["b"]] and sorted(videos) == [str(Path(indexed["b"]) / "blue.mp4")]
