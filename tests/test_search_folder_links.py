"""``--folder`` as a user types it: a folder reached through a link to a library folder (or a
library folder indexed through a link, searched by its real path) finds its videos, as ``index``
already takes such a folder for the library's own (``core.scan.as_library_folder``)."""

from __future__ import annotations

import json
import os

import pytest

from core.filters import Filters
from core.library.records import VideoRecord
from tests.cli_run import FixedTextEncoder, run_cli, use_encoder
from tests.videos import Segment, write_video


@pytest.fixture
def linked(tmp_path, capsys, monkeypatch):
    """data/videos (red.mp4, 2024/blue.mp4) indexed by its real path; home/Videos a link to it;
    other/green.mp4 indexed too, so that a filter has something to leave out."""
    use_encoder(monkeypatch, FixedTextEncoder)
    videos, other, lib = tmp_path / "data" / "videos", tmp_path / "other", tmp_path / "lib"
    write_video(videos / "red.mp4", [Segment(4, "red")], seed=1)
    write_video(videos / "2024" / "blue.mp4", [Segment(4, "blue")], seed=2)
    write_video(other / "green.mp4", [Segment(4, "green")], seed=3)
    (tmp_path / "home").mkdir()
    os.symlink(videos, tmp_path / "home" / "Videos")
    assert run_cli(capsys, "index", videos, other, "--library", lib)[0] == 0
    return tmp_path, lib


def _found(capsys, lib, folder) -> set[str]:
    code, out, err = run_cli(capsys, "search", "anything", "--json", "--library", lib, "--folder", folder)
    assert code == 0, err
    return {os.path.basename(r["path"]) for r in json.loads(out)}


def test_a_folder_through_a_link_to_a_library_folder_finds_its_videos(linked, capsys):
    tmp, lib = linked
    # it found nothing: "None of the library's 3 indexed videos passes --folder"
    assert _found(capsys, lib, tmp / "home" / "Videos") == {"red.mp4", "blue.mp4"}
    assert _found(capsys, lib, tmp / "home" / "Videos" / "2024") == {"blue.mp4"}
    assert _found(capsys, lib, str(tmp / "home" / "Videos" / "2024") + "/") == {"blue.mp4"}
    assert _found(capsys, lib, tmp / "data" / "videos") == {"red.mp4", "blue.mp4"}  # (as spelled: as before)


def test_a_library_folder_indexed_through_a_link_is_found_by_its_real_path(tmp_path):
    real = tmp_path / "mnt" / "videos"
    (real / "2024").mkdir(parents=True)
    os.symlink(real, tmp_path / "Videos")
    link = str(tmp_path / "Videos")  # the library's spelling: indexed as ~/Videos

    def video(path: str) -> VideoRecord:
        return VideoRecord(video_id=os.path.basename(path), path=path, root=link, size=1, mtime=0.0, content_hash="",
                           status="done")

    accepts = Filters(folder=str(real / "2024")).matcher([link])
    assert accepts(video(f"{link}/2024/a.mp4"))
    assert not accepts(video(f"{link}/b.mp4"))
    assert Filters(folder=str(tmp_path / "mnt")).matcher([link])(video(f"{link}/b.mp4"))  # a folder above it


def test_a_folder_the_library_spells_so_resolves_no_link(tmp_path, monkeypatch):
    """A folder in a library folder as spelled is taken as it is: no path is resolved, so a share
    that does not answer is never asked. One above a library folder may reach the library's
    other folders through links: it resolves its own path and theirs, never the folder under it,
    nor an offline one (whose videos say so)."""
    from core.filters import folder_spellings

    resolved = []

    def refuse(path):
        resolved.append(path)
        raise AssertionError(f"resolved {path}")

    monkeypatch.setattr(os.path, "realpath", refuse)
    lib_folder = str(tmp_path / "videos")
    assert folder_spellings(lib_folder + "/2024/", [lib_folder, "/nfs/stuck"]) == [lib_folder + "/2024"]
    assert not resolved
    stuck = VideoRecord(video_id="s", path="/nfs/stuck/a.mp4", root="/nfs/stuck", size=1, mtime=0.0,
                        content_hash="", status="done", offline=True)
    monkeypatch.setattr(os.path, "realpath", lambda p: resolved.append(p) or p)
    assert folder_spellings(str(tmp_path), [lib_folder, "/nfs/stuck"], {"s": stuck}) == [str(tmp_path)]
    assert not resolved  # (no online library folder it could reach through a link)
    assert folder_spellings(str(tmp_path), [lib_folder, "/nfs/stuck", "/srv/other"], {"s": stuck}) == [str(tmp_path)]
    assert resolved == [str(tmp_path), "/srv/other"]


def test_why_nothing_passes_does_not_blame_a_folder_given_through_a_link(linked, capsys):
    """Nothing passes --folder (through a link) and --min-duration: the reason names the
    duration, and does not say that no video is under the folder, since two are."""
    tmp, lib = linked
    code, out, err = run_cli(capsys, "search", "anything", "--library", lib,
                             "--folder", tmp / "home" / "Videos", "--min-duration", "100")
    said = out + err
    assert code == 0 and "passes --folder and --min-duration" in said, said
    assert "none is under" not in said, said
    code, out, err = run_cli(capsys, "search", "anything", "--library", lib, "--folder", tmp / "elsewhere")
    assert "none is under" in out + err  # (a folder no video is under: still said)
