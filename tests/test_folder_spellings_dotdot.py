"""A folder typed with a ``..`` after a link (``seekframe index /lnk/../b``, ``search --folder
/lnk/../b``, ``forget /lnk/../b``), /lnk a link to x/y. The OS reads /lnk/.. as the parent of where
the link leads, x (``ls /lnk/../b`` lists x/b), but the path was normalised as spelled, to /b: the
search found /b's videos (or none), index added /b as a new library folder, forget removed /b or
refused. Now the ``..`` is read as the OS reads it (``core.folder_spelling.as_the_os_reads``), the
typed spelling kept where both agree (``/lnk/sub/..`` is ``/lnk``). A library folder offline (a drive
unplugged, a share that does not answer) is never resolved: a ``..`` after it, or after a path in
it, is read as typed."""

from __future__ import annotations

import json
import os
import sys

import pytest

from core.folder_spelling import as_the_os_reads
from tests.cli_run import FixedTextEncoder, use_encoder
from tests.test_status_folders import encoder, folder_status, make_folder, run  # noqa: F401

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="symbolic links")


@pytest.fixture
def linked(tmp_path, capsys, monkeypatch):
    """x/b (2 videos) the library's folder; b (1 video) beside the link, what /lnk/../b spells
    lexically; lnk a link to x/y."""
    use_encoder(monkeypatch, FixedTextEncoder)
    xb, decoy, lib = make_folder(tmp_path / "x" / "b", 2), make_folder(tmp_path / "b", 1), tmp_path / "lib"
    (tmp_path / "x" / "y" / "sub").mkdir(parents=True)
    os.symlink(tmp_path / "x" / "y", tmp_path / "lnk")
    assert run(capsys, "index", xb, "--library", lib)[0] == 0
    return tmp_path, str(xb), str(decoy), lib


def _found(capsys, lib, folder) -> list[str]:
    code, out, err = run(capsys, "search", "anything", "--json", "--library", lib, "--folder", folder)
    assert code == 0, err
    return sorted(r["path"] for r in json.loads(out))


def test_the_os_reading_of_a_dotdot(tmp_path):
    (tmp_path / "x" / "y" / "sub").mkdir(parents=True)
    (tmp_path / "plain").mkdir()
    os.symlink(tmp_path / "x" / "y", tmp_path / "lnk")
    t = str(tmp_path)
    assert as_the_os_reads(f"{t}/lnk/../b") == f"{t}/x/b"
    assert as_the_os_reads(f"{t}/lnk/../b/") == f"{t}/x/b"
    assert as_the_os_reads(f"{t}/lnk/sub/../..") == f"{t}/x"
    assert as_the_os_reads(f"{t}/lnk/sub/..") == f"{t}/lnk"  # (both agree: the typed spelling kept)
    assert as_the_os_reads(f"{t}/lnk/./sub/../sub") == f"{t}/lnk/sub"
    assert as_the_os_reads(f"{t}/plain/../b") == f"{t}/b"
    assert as_the_os_reads(f"{t}/nothing/../b") == f"{t}/b"  # (not there: as typed)
    assert as_the_os_reads(f"{t}/lnk") == f"{t}/lnk"
    cwd = os.getcwd()
    try:
        os.chdir(tmp_path / "lnk")  # (the working folder is the real one: x/y)
        assert as_the_os_reads("../b") == f"{t}/x/b"
    finally:
        os.chdir(cwd)


def test_search_folder_reads_a_dotdot_after_a_link_as_the_os_does(linked, capsys):
    tmp, xb, decoy, lib = linked
    wanted = [os.path.join(xb, "clip0.mp4"), os.path.join(xb, "clip1.mp4")]
    assert _found(capsys, lib, xb) == wanted  # (as listed: as before)
    assert _found(capsys, lib, tmp / "lnk" / ".." / "b") == wanted
    assert _found(capsys, lib, str(tmp / "lnk" / ".." / "b") + os.sep) == wanted
    assert _found(capsys, lib, tmp / "lnk" / "sub" / ".." / ".." / "b") == wanted


def test_index_of_a_dotdot_after_a_link_indexes_the_folder_the_os_reads(linked, capsys):
    tmp, xb, decoy, lib = linked
    code, out, err = run(capsys, "index", tmp / "lnk" / ".." / "b", "--library", lib)
    assert code == 0, err
    assert set(folder_status(capsys, lib)) == {xb}  # (not /b, the spelling's, added)
    write = make_folder(tmp / "x" / "new", 1)
    code, out, err = run(capsys, "index", tmp / "lnk" / ".." / "new", "--library", lib)
    assert code == 0, err
    assert set(folder_status(capsys, lib)) == {xb, str(write)}


def test_forget_of_a_dotdot_after_a_link_removes_the_folder_the_os_reads(linked, capsys):
    tmp, xb, decoy, lib = linked
    code, out, err = run(capsys, "forget", tmp / "lnk" / ".." / "b", "--library", lib)
    assert code == 0 and out.startswith(f"Removed 2 videos under {xb}"), (out, err)
    assert folder_status(capsys, lib) == {}


def test_a_dotdot_after_an_offline_library_folder_is_read_as_typed(tmp_path, monkeypatch):
    """The offline folder (here a link whose drive is gone, and a plain path) is never looked at:
    neither ``lstat``, ``readlink`` nor ``realpath`` of it or of a path in it."""
    gone = tmp_path / "drive" / "videos"
    os.symlink(gone, tmp_path / "lnk1")
    os.symlink(tmp_path / "lnk1", tmp_path / "lnk2")
    t, offline = str(tmp_path), {str(tmp_path / "lnk1"), str(gone)}
    touched = []
    for name in ("lstat", "readlink", "stat"):
        real = getattr(os, name)

        def spy(path, *a, _real=real, **k):
            if any(os.fspath(path) == o or os.fspath(path).startswith(o + os.sep) for o in offline):
                touched.append(os.fspath(path))
                raise OSError("a share that does not answer")
            return _real(path, *a, **k)

        monkeypatch.setattr(os, name, spy)
    assert as_the_os_reads(f"{t}/lnk1/../b", offline) == f"{t}/b"
    assert as_the_os_reads(f"{t}/lnk1/sub/../c", offline) == f"{t}/lnk1/c"
    assert as_the_os_reads(f"{t}/drive/videos/../b", offline) == f"{t}/drive/b"
    assert as_the_os_reads(f"{t}/lnk2/../b", offline) == f"{t}/b"  # (lnk2 leads to lnk1, spelled so)
    assert not touched, touched
