"""``seekframe index PATH`` where PATH is a link inside a library folder to another place in that
same folder (``~/Videos/phone`` -> ``~/Videos/Camera``, or ``~/Videos/all`` -> ``~/Videos``
itself): the walk of the library folder lists those files once, under their own names (a folder
reached through a link is walked last, and one walked already is skipped), but the run of PATH
walked it as spelled and listed them again under the link's name: "Found 2 videos: 2 copies of
indexed videos", the library at 5 videos for 3 files (each result said twice, "identical copies"),
until the next full `seekframe index` removed them ("2 removed"), and so on at each run of PATH.
Now PATH is spelled as the library folder's walk lists it (its real place in the folder), so a run
of PATH and a full run find the same files. A link to a hidden folder in it (never walked directly)
stays as spelled: the full walk lists its files under the link's name too."""

from __future__ import annotations

import os

from core.library import VideoLibrary
from tests.cli_run import FixedTextEncoder, run_cli, use_encoder
from tests.videos import Segment, write_video


def _paths(lib) -> list[str]:
    with VideoLibrary(str(lib), read_only=True) as library:
        return sorted(v.path for v in library.video_table.all())


def _folder(tmp_path, capsys):
    videos, lib = tmp_path / "videos", tmp_path / "lib"
    write_video(videos / "Camera" / "a.mp4", [Segment(2, "red")], seed=1)
    write_video(videos / "Camera" / "2024" / "b.mp4", [Segment(2, "green")], seed=2)
    write_video(videos / "c.mp4", [Segment(2, "blue")], seed=3)
    assert run_cli(capsys, "index", videos, "--library", lib)[0] == 0
    want = sorted(str(videos / p) for p in ("Camera/a.mp4", "Camera/2024/b.mp4", "c.mp4"))
    assert _paths(lib) == want
    return videos, lib, want


def test_a_link_to_a_folder_in_the_same_library_folder(tmp_path, capsys, monkeypatch):
    use_encoder(monkeypatch, FixedTextEncoder)
    videos, lib, want = _folder(tmp_path, capsys)
    os.symlink("Camera", videos / "phone")
    for typed in (videos / "phone", videos / "phone" / "2024"):
        code, out, err = run_cli(capsys, "index", typed, "--library", lib)
        assert code == 0, err
        assert _paths(lib) == want, out
        assert "copies of indexed videos" not in out, out
    code, out, err = run_cli(capsys, "index", "--library", lib)  # (the full run: nothing to remove)
    assert code == 0 and " removed" not in out.replace(" 0 removed", ""), out
    assert _paths(lib) == want


def test_a_link_to_the_library_folder_itself_inside_it(tmp_path, capsys, monkeypatch):
    use_encoder(monkeypatch, FixedTextEncoder)
    videos, lib, want = _folder(tmp_path, capsys)
    os.symlink("..", videos / "Camera" / "up")
    code, out, err = run_cli(capsys, "index", videos / "Camera" / "up", "--library", lib)
    assert code == 0, err
    assert _paths(lib) == want, out


def test_a_link_to_a_hidden_folder_keeps_its_spelling(tmp_path, capsys, monkeypatch):
    use_encoder(monkeypatch, FixedTextEncoder)
    videos, lib = tmp_path / "videos", tmp_path / "lib"
    write_video(videos / ".sync" / "cam" / "a.mp4", [Segment(2, "red")], seed=1)
    write_video(videos / "c.mp4", [Segment(2, "blue")], seed=3)
    os.symlink(os.path.join(".sync", "cam"), videos / "Cam")
    want = sorted([str(videos / "Cam" / "a.mp4"), str(videos / "c.mp4")])  # (the walk reaches it only so)
    assert run_cli(capsys, "index", videos, "--library", lib)[0] == 0
    assert _paths(lib) == want
    code, out, err = run_cli(capsys, "index", videos / "Cam", "--library", lib)
    assert code == 0, err
    assert _paths(lib) == want, out
