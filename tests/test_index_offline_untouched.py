"""An index run of other folders with a library folder offline. Before: the run still looked at
the offline folder: the scan took every library folder outside the run's (``scan``'s ``exclude``:
their (device, inode), so that a link into one is not walked again under another name) with a
``stat`` of each, and the plan of new files looked whether each folder they might have moved from
was still there (``os.path.lexists``): on a network share that does not answer, a run of ANOTHER
folder could hang there. Now a folder offline by the library's records
(``core.folder_spelling.offline_folders``, the rule ``forget`` and the mapping of roots use) is
never looked at: the scan passes over it by its spelling and the real path its last walk recorded
(``away``), and it counts as a folder its videos moved from only when its last index found it
missing."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest

from core.scan import is_under
from tests.mounts import on_another_device
from tests.test_forget_typo_offline import offline_a  # noqa: F401 (the fixture)
from tests.test_status_folders import encoder, folder_status, make_folder, run  # noqa: F401
from tests.videos import Segment, write_video

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="symbolic links")


def never_touched(monkeypatch, path) -> list[str]:
    """Any ``stat``, ``lstat``, listing or resolving of ``path`` or of a path in it (``os.path.exists``,
    ``lexists``, ``isdir``, ``realpath`` and ``Path.resolve`` all go through them) raises and is recorded."""
    path, calls = str(path), []

    def spy(fn):
        def touched(p=".", *a, **k):
            if isinstance(p, (str, os.PathLike)) and is_under(os.path.abspath(os.fspath(p)), path):
                calls.append(f"{fn.__name__}({os.fspath(p)})")
                raise OSError("a share that does not answer")
            return fn(p, *a, **k)
        return touched

    for name in ("stat", "lstat", "scandir", "statvfs", "listdir"):
        monkeypatch.setattr(os, name, spy(getattr(os, name)))
    resolve = Path.resolve
    monkeypatch.setattr(Path, "resolve", lambda self, *a, **k: spy(lambda p: resolve(p, *a, **k))(self))
    return calls


def _new_folder(folder: Path) -> Path:
    """A folder with one video of a content no library folder holds."""
    write_video(folder / "new.mp4", [Segment(2, "yellow")], seed=7)
    return folder


def test_indexing_a_new_folder_never_looks_at_the_offline_library_folder(offline_a, tmp_path, capsys, monkeypatch):
    a, b, lib = offline_a
    c = _new_folder(tmp_path / "elsewhere" / "c")
    calls = never_touched(monkeypatch, a)
    code, out, err = run(capsys, "index", c, "--library", lib)
    assert code == 0, (out, err)
    assert not calls, calls
    code, out, err = run(capsys, "index", b, "--library", lib)  # (a run of another library folder)
    assert code == 0 and "0 to index" in err, (out, err)
    assert not calls, calls
    monkeypatch.undo()
    status = folder_status(capsys, lib)
    assert set(status) == {a, b, str(c)} and not status[a]["online"] and status[a]["videos"]["offline"] == 2
    assert status[str(c)]["videos"]["done"] == 1 and status[b]["videos"]["done"] == 1


def test_a_link_into_the_offline_folder_back_in_place_is_not_walked_again(offline_a, tmp_path, capsys):
    """The folder back (its records still say offline: no run of it since): a link to it in
    another folder still does not list its videos a second time under the link's name."""
    a, b, lib = offline_a
    os.rename(tmp_path / "unplugged", a)
    c = _new_folder(tmp_path / "elsewhere" / "c")
    os.symlink(a, c / "toa")
    code, out, err = run(capsys, "index", c, "--library", lib)
    assert code == 0, (out, err)
    status = folder_status(capsys, lib)
    assert status[str(c)]["videos"]["total"] == 1 and status[a]["videos"]["total"] == 2, status


def test_the_offline_folder_spelled_through_a_link_is_passed_over_by_its_recorded_real_path(tmp_path, capsys):
    """The library folder ``va`` a link to ``real``, offline (the link gone, a share's mount not
    there): a link to ``real`` in another folder is passed over by the real path ``va``'s last
    walk recorded, ``va`` itself never resolved."""
    real, va, lib = make_folder(tmp_path / "real", 2), tmp_path / "va", tmp_path / "lib"
    os.symlink(real, va)
    assert run(capsys, "index", va, "--library", lib)[0] == 0
    va.unlink()
    assert run(capsys, "index", "--library", lib)[0] == 0  # (va held missing, its videos offline)
    os.symlink(real, va)
    c = _new_folder(tmp_path / "c")
    os.symlink(real, c / "toreal")
    code, out, err = run(capsys, "index", c, "--library", lib)
    assert code == 0, (out, err)
    status = folder_status(capsys, lib)
    assert status[str(c)]["videos"]["total"] == 1 and status[str(va)]["videos"]["total"] == 2, status


def test_a_renamed_folder_found_missing_first_still_gives_its_videos_to_the_new_name(tmp_path, capsys):
    """A renamed, a run of every folder (A held missing, offline: never looked at since), then B
    added: A's videos are found moved there, as when B is indexed first (its last index said
    missing: nothing looked at)."""
    a, lib = make_folder(tmp_path / "a", 2), tmp_path / "lib"
    assert run(capsys, "index", a, "--library", lib)[0] == 0
    b = tmp_path / "b"
    a.rename(b)
    assert run(capsys, "index", "--library", lib)[0] == 0
    code, _, err = run(capsys, "index", b, "--library", lib)
    assert code == 0 and "2 moved" in err and "0 to index" in err, err


def test_videos_copied_from_an_offline_folder_on_another_drive_are_copies_not_moves(tmp_path, capsys, monkeypatch):
    """The folder offline but not found missing (its drive's mount point left empty): a copy of
    its videos elsewhere is a copy (vectors copied), never the folder's videos taken away, and the
    folder is not looked at."""
    a, lib = make_folder(tmp_path / "drive" / "a", 2), tmp_path / "lib"
    assert run(capsys, "index", a, "--library", lib)[0] == 0
    backup = tmp_path / "backup"
    os.rename(a, backup)
    os.mkdir(a)  # (the mount point, empty, on the computer's disk)
    on_another_device(monkeypatch).add(str(a))
    assert run(capsys, "index", "--library", lib)[0] == 0
    assert folder_status(capsys, lib)[str(a)]["held"] == "empty"
    calls = never_touched(monkeypatch, a)
    code, out, err = run(capsys, "index", backup, "--library", lib)
    assert code == 0 and "2 copies of indexed videos, 0 moved" in err and "0 to index" in err, (out, err)
    assert not calls, calls
    monkeypatch.undo()
    status = folder_status(capsys, lib)
    assert status[str(a)]["videos"]["total"] == 2 and status[str(backup)]["videos"]["done"] == 2, status
