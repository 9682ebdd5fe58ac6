"""A link to a library folder that is itself a link to an unplugged drive: lnk2 -> lnk1 -> the
drive's videos folder, lnk1 the library folder, the drive gone (its videos kept, offline). Before:
``search --folder lnk2`` found nothing ("None of the library's 2 indexed videos passes --folder")
while ``--folder lnk1`` found them (9b4f933 mapped one link), and ``forget lnk2`` refused it: lnk2 was resolved to the drive's path, which the library never
spells (and resolving it touched the drive). Now the links are followed one by one and stop at the
offline library folder's spelling (``core.folder_spelling.resolved``): lnk2 is lnk1, lnk2/sub is
lnk1/sub, and nothing at or in lnk1 is looked at on the way."""

from __future__ import annotations

import json
import os
import sys

import pytest

from core.filters import folder_spellings
from core.folder_spelling import as_library_folder
from tests.cli_run import FixedTextEncoder, run_cli, use_encoder
from tests.test_folder_spellings_links import row
from tests.test_status_folders import folder_status
from tests.videos import Segment, write_video

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="symbolic links")


@pytest.fixture
def chain(tmp_path, capsys, monkeypatch):
    """drive/videos (red.mp4, sub/green.mp4) indexed as lnk1 (a link to it), home (blue.mp4) by its
    own path; lnk2 a link to lnk1, lnk3 a relative link to lnk2; the drive then unplugged."""
    use_encoder(monkeypatch, FixedTextEncoder)
    videos, home, lib = tmp_path / "drive" / "videos", tmp_path / "home", tmp_path / "lib"
    write_video(videos / "red.mp4", [Segment(4, "red")], seed=1)
    write_video(videos / "sub" / "green.mp4", [Segment(4, "green")], seed=2)
    write_video(home / "blue.mp4", [Segment(4, "blue")], seed=3)
    os.symlink(videos, tmp_path / "lnk1")
    os.symlink(tmp_path / "lnk1", tmp_path / "lnk2")
    os.symlink("lnk2", tmp_path / "lnk3")
    assert run_cli(capsys, "index", tmp_path / "lnk1", home, "--library", lib)[0] == 0
    assert set(folder_status(capsys, lib)) == {str(tmp_path / "lnk1"), str(home)}
    os.rename(tmp_path / "drive", tmp_path / "unplugged")
    assert run_cli(capsys, "index", "--library", lib)[0] == 0  # (lnk1's videos kept, offline)
    return tmp_path, lib


def _search(capsys, lib, folder) -> set[str]:
    code, out, err = run_cli(capsys, "search", "anything", "--json", "--library", lib, "--folder", folder)
    assert code == 0, err
    return {os.path.basename(r["path"]) for r in json.loads(out)}


@pytest.mark.parametrize("typed, wanted", [
    ("lnk2", {"red.mp4", "green.mp4"}),
    ("lnk2/", {"red.mp4", "green.mp4"}),
    ("lnk2/sub", {"green.mp4"}),
    ("lnk3", {"red.mp4", "green.mp4"}),
])
def test_a_link_to_a_link_to_an_offline_library_folder_finds_its_videos(chain, capsys, typed, wanted):
    tmp, lib = chain
    assert _search(capsys, lib, tmp / "lnk1") == {"red.mp4", "green.mp4"}  # (as listed: as before)
    assert _search(capsys, lib, os.path.join(str(tmp), typed)) == wanted


def test_forget_takes_the_chain_for_the_offline_library_folder(chain, capsys):
    tmp, lib = chain
    code, out, err = run_cli(capsys, "forget", tmp / "lnk2", "--library", lib)
    assert code == 0 and out.startswith(f"Removed 2 videos under {tmp / 'lnk1'}"), (out, err)
    assert set(folder_status(capsys, lib)) == {str(tmp / "home")}


def test_the_chain_stops_at_the_offline_folder_without_looking_at_it(tmp_path, monkeypatch):
    here, gone = str(tmp_path / "here"), str(tmp_path / "lnk1")
    os.makedirs(here)
    os.symlink(tmp_path / "drive" / "videos", gone)
    os.symlink(gone, tmp_path / "lnk2")
    touched = []
    for name in ("lstat", "stat", "readlink"):
        real = getattr(os, name)

        def spy(path, *a, _real=real, **k):
            if os.fspath(path) == gone or os.fspath(path).startswith(gone + os.sep):
                touched.append(os.fspath(path))
                raise OSError("a share that does not answer")
            return _real(path, *a, **k)

        monkeypatch.setattr(os, name, spy)
    videos = {"h": row(f"{here}/a.mp4", here), "g": row(f"{gone}/b.mp4", gone, offline=True)}
    lnk2 = str(tmp_path / "lnk2")
    assert folder_spellings(lnk2, [here, gone], videos) == [lnk2, gone]
    assert folder_spellings(lnk2 + "/sub", [here, gone], videos) == [lnk2 + "/sub", gone + "/sub"]
    assert as_library_folder(lnk2, [here, gone], {gone}) == gone
    assert as_library_folder(lnk2 + "/sub", [here, gone], {gone}) == gone + "/sub"
    assert not touched, touched
