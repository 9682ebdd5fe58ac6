"""``search --folder`` through a link to a library folder whose drive is unplugged (its videos
kept, offline, and listed by a search). Before: ``--folder /lnk`` with /lnk a link to the
library folder /videos/a (or /up/a with /up a link to /videos, or /up above it) found none of
a's videos, "None of the library's 3 indexed videos passes --folder", while ``--folder
/videos/a`` found them and ``seekframe index /lnk`` and ``forget /lnk`` take /lnk for /videos/a
(``core.scan.as_library_folder``, ``core.forgetting.listed_spelling``): the search left every
library folder whose videos are all offline out of the folders a link may reach, so as not to
resolve its path (a share that does not answer). Now the typed path, resolved, is compared with
such a folder as the library spells it (still never resolved); a link to nothing listed finds
nothing as before."""

from __future__ import annotations

import json
import os
import sys

import pytest

from core.filters import Filters, folder_spellings
from tests.cli_run import FixedTextEncoder, run_cli, use_encoder
from tests.test_folder_spellings_links import realpaths, row
from tests.videos import Segment, write_video

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="symbolic links")


@pytest.fixture
def unplugged(tmp_path, capsys, monkeypatch):
    """videos/a (red.mp4, sub/green.mp4) and videos/b (blue.mp4) indexed; a's drive then
    unplugged (its videos kept, offline); lnk a link to videos/a, up a link to videos."""
    use_encoder(monkeypatch, FixedTextEncoder)
    a, b, lib = tmp_path / "videos" / "a", tmp_path / "videos" / "b", tmp_path / "lib"
    write_video(a / "red.mp4", [Segment(4, "red")], seed=1)
    write_video(a / "sub" / "green.mp4", [Segment(4, "green")], seed=2)
    write_video(b / "blue.mp4", [Segment(4, "blue")], seed=3)
    assert run_cli(capsys, "index", a, b, "--library", lib)[0] == 0
    os.symlink(a, tmp_path / "lnk")
    os.symlink(tmp_path / "videos", tmp_path / "up")
    os.rename(a, tmp_path / "unplugged")
    assert run_cli(capsys, "index", "--library", lib)[0] == 0  # (a's videos kept, offline)
    return tmp_path, lib


def _search(capsys, lib, folder) -> tuple[set[str], str]:
    code, out, err = run_cli(capsys, "search", "anything", "--json", "--library", lib, "--folder", folder)
    assert code == 0, err
    return {os.path.basename(r["path"]) for r in json.loads(out)}, err


@pytest.mark.parametrize("typed, wanted", [
    ("lnk", {"red.mp4", "green.mp4"}),
    ("lnk/", {"red.mp4", "green.mp4"}),
    ("lnk/sub", {"green.mp4"}),
    ("up/a", {"red.mp4", "green.mp4"}),
    ("up/b/../a/", {"red.mp4", "green.mp4"}),
    ("up", {"red.mp4", "green.mp4", "blue.mp4"}),  # (above both)
])
def test_a_link_to_an_offline_library_folder_finds_its_videos_as_its_listed_spelling(unplugged, capsys, typed,
                                                                                     wanted):
    tmp, lib = unplugged
    assert _search(capsys, lib, tmp / "videos" / "a")[0] == {"red.mp4", "green.mp4"}  # (as listed: as before)
    assert _search(capsys, lib, os.path.join(str(tmp), typed))[0] == wanted


def test_a_link_to_nothing_listed_still_finds_nothing_and_says_so(unplugged, capsys):
    tmp, lib = unplugged
    (tmp / "videos" / "ab").mkdir()  # (spelled alike: videos/ab is no part of videos/a)
    os.symlink(tmp / "videos" / "ab", tmp / "ablnk")
    os.symlink(tmp / "nothing", tmp / "gone")
    for typed in (tmp / "ablnk", tmp / "gone"):
        code, out, err = run_cli(capsys, "search", "anything", "--library", lib, "--folder", typed)
        assert code == 0, err
        assert f"None of the library's 3 indexed videos passes --folder (none is under {typed})." in out + err


def test_the_offline_library_folder_itself_is_never_resolved(tmp_path, monkeypatch):
    here, gone = str(tmp_path / "here"), str(tmp_path / "gone")
    os.symlink(gone, tmp_path / "lnk")
    videos = {"h": row(f"{here}/a.mp4", here), "g": row(f"{gone}/b.mp4", gone, offline=True)}
    calls = realpaths(monkeypatch)
    assert folder_spellings(str(tmp_path / "lnk"), [here, gone], videos) == [str(tmp_path / "lnk"), gone]
    assert Filters(folder=str(tmp_path / "lnk")).matcher([here, gone], videos)(videos["g"])
    assert not calls[gone], calls
    # (the only library folder offline: the link is still its spelling)
    assert folder_spellings(str(tmp_path / "lnk"), [gone], {"g": videos["g"]}) == [str(tmp_path / "lnk"), gone]
    assert not calls[gone], calls
