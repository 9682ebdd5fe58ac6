"""An offline library folder spelled through a link above it (``/home/u/Videos`` with ``/home`` a link to
``/var/home``, as on Fedora Silverblue; ``/tmp`` or ``/var`` on macOS): ``core.folder_spelling.resolved``
followed the links one by one and compared each step with the offline folders' spellings, but
the step after ``/home`` was ``/var/home/u``, never the folder's spelling: a link to the folder
(``lnk2``) was resolved to ``/var/home/u/Videos`` (``lstat`` of the unplugged drive's folder, which
a share that does not answer hangs on), ``search --folder lnk2`` found none of its videos and
``forget lnk2`` was refused; a ``..`` after a path in the folder (``as_the_os_reads``) looked at it
too. Now the names ahead are compared with the stops as spelled before any link on the way is read."""

from __future__ import annotations

import json
import os
import sys

import pytest

from core.filters import folder_spellings
from core.folder_spelling import as_library_folder, as_the_os_reads, resolved
from tests.cli_run import FixedTextEncoder, run_cli, use_encoder
from tests.test_folder_spellings_links import row
from tests.test_status_folders import folder_status
from tests.videos import Segment, write_video

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="symbolic links")


def _never_touched(monkeypatch, *paths) -> list[str]:
    touched = []
    for name in ("lstat", "stat", "readlink", "scandir"):
        real = getattr(os, name)

        def spy(path=".", *a, _real=real, **k):
            p = os.fspath(path) if isinstance(path, (str, os.PathLike)) else ""
            if any(p == g or p.startswith(g + os.sep) for g in paths):
                touched.append(p)
                raise OSError("a share that does not answer")
            return _real(path, *a, **k)

        monkeypatch.setattr(os, name, spy)
    return touched


def test_the_walk_stops_at_the_folder_spelled_through_a_linked_parent(tmp_path, monkeypatch):
    (tmp_path / "var_home" / "V").mkdir(parents=True)
    os.symlink(tmp_path / "var_home", tmp_path / "home")
    here, gone = str(tmp_path / "here"), str(tmp_path / "home" / "V")
    os.makedirs(here)
    os.symlink(gone, tmp_path / "lnk2")
    lnk2 = str(tmp_path / "lnk2")
    touched = _never_touched(monkeypatch, gone, str(tmp_path / "var_home" / "V"))
    assert resolved(lnk2, [gone]) == gone
    assert resolved(gone + "/sub", [gone]) == gone + "/sub"
    assert as_library_folder(lnk2, [here, gone], {gone}) == gone
    assert as_library_folder(lnk2 + "/sub", [here, gone], {gone}) == gone + "/sub"
    assert as_the_os_reads(gone + "/sub/../x", [gone]) == gone + "/x"
    videos = {"h": row(f"{here}/a.mp4", here), "g": row(f"{gone}/b.mp4", gone, offline=True)}
    assert folder_spellings(lnk2, [here, gone], videos) == [lnk2, gone]
    assert not touched, touched
    monkeypatch.undo()
    assert resolved(lnk2, []) == str(tmp_path / "var_home" / "V")  # (no stop: realpath, as before)


@pytest.fixture
def linked_parent(tmp_path, capsys, monkeypatch):
    """home/V (2 videos) indexed as spelled, home a link to var_home; lnk2 a link to home/V; V's
    drive then unplugged (its videos kept, offline)."""
    use_encoder(monkeypatch, FixedTextEncoder)
    drive, lib = tmp_path / "var_home" / "V", tmp_path / "lib"
    write_video(drive / "red.mp4", [Segment(4, "red")], seed=1)
    write_video(drive / "sub" / "green.mp4", [Segment(4, "green")], seed=2)
    os.symlink(tmp_path / "var_home", tmp_path / "home")
    v = tmp_path / "home" / "V"
    os.symlink(v, tmp_path / "lnk2")
    assert run_cli(capsys, "index", v, "--library", lib)[0] == 0
    assert set(folder_status(capsys, lib)) == {str(v)}
    os.rename(drive, tmp_path / "unplugged")
    assert run_cli(capsys, "index", "--library", lib)[0] == 0
    return tmp_path, str(v), lib


def test_search_through_a_link_to_the_offline_folder_finds_its_videos(linked_parent, capsys):
    tmp, v, lib = linked_parent
    for folder, wanted in ((v, {"red.mp4", "green.mp4"}), (tmp / "lnk2", {"red.mp4", "green.mp4"}),
                           (tmp / "lnk2" / "sub", {"green.mp4"})):
        code, out, err = run_cli(capsys, "search", "anything", "--json", "--library", lib, "--folder", folder)
        assert code == 0, err
        assert {os.path.basename(r["path"]) for r in json.loads(out)} == wanted, folder


def test_forget_through_a_link_to_the_offline_folder_removes_it(linked_parent, capsys):
    tmp, v, lib = linked_parent
    code, out, err = run_cli(capsys, "forget", tmp / "lnk2", "--library", lib)
    assert code == 0 and out.startswith(f"Removed 2 videos under {v}"), (out, err)
    assert folder_status(capsys, lib) == {}
