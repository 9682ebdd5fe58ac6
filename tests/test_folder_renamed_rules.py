"""The rename rule of a library folder missing now (``core.sync_missing.renamed_to``).

Its record of where the folder went (``core.folder_moved.record``) restated where a video found at its place
says the folder went (``B`` for ``folder/rel`` found at ``B/rel``), another way (the rule passed over a path in
the folder whose name begins with "..", the record did not): one rule now (``folder_moved.moved_base``).

A folder with no drive recorded (a library of a release before they were, the folder missing at its first run
since) was taken as renamed with no look at its drive: an unplugged drive whose clips were copied to a backup
lent its ids and notes to the copies. It is no rename now, the safe side: its files found elsewhere are copies,
its videos kept offline with their notes, which forgetting it ties to the copies; a folder seen by a run since
has its drive recorded, and its rename is a move."""

from __future__ import annotations

import pytest

from core.folder_moved import moved_base
from core.library import VideoLibrary
from tests.cli_run import run_cli
from tests.test_folder_renamed_rescan import _folder, _noted, _videos, encoder  # noqa: F401  (encoder: the fixture)


@pytest.mark.parametrize("path, folder, found, base", [
    ("/h/Videos/trip/a.mp4", "/h/Videos", "/h/Movies/trip/a.mp4", "/h/Movies"),
    ("/h/Videos/..a.mp4", "/h/Videos", "/m/big/Videos/..a.mp4", "/m/big/Videos"),
    ("/h/Videos/a.mp4", "/h/Videos", "/h/Movies/other/b.mp4", None),  # (not at its place)
    ("/h/Videos/a.mp4", "/h/Videos", "/h/Movies/xa.mp4", None),  # (another name ending so)
    ("/h/Other/a.mp4", "/h/Videos", "/h/Movies/a.mp4", None),  # (not in the folder)
    ("/h/Videos", "/h/Videos", "/h/Movies", None),  # (the folder itself: a video given by name)
    ("/Videos/a.mp4", "/Videos", "/a.mp4", "/"),
])
def test_where_a_video_found_at_its_place_says_its_folder_went(path, folder, found, base):
    assert moved_base(path, folder, found) == base


def _older(lib):
    """The library as a release that recorded no folder drives left it."""
    with VideoLibrary(str(lib)) as library:
        library.update_settings(root_ids=None)


@pytest.mark.parametrize("alone", [True, False])
def test_a_folder_with_no_drive_recorded_is_no_rename(tmp_path, capsys, encoder, alone):
    videos, movies, lib = tmp_path / "Videos", tmp_path / "Movies", tmp_path / "lib"
    _folder(videos, ("red", "blue"))
    assert run_cli(capsys, "index", videos, "--library", lib, "-q")[0] == 0
    _noted(lib, videos / "red.mp4", "the red one")
    before = _videos(lib)
    _older(lib)

    videos.rename(movies)  # (or a drive unplugged, its clips copied there first: the run cannot tell)
    code, _, err = run_cli(capsys, "index", *((movies,) if alone else (videos, movies)), "--library", lib)
    assert code == 0 and "2 copies" in err and " 0 moved" in err and "found moved" not in err, err
    now = _videos(lib)
    assert now[str(videos / "red.mp4")][::2] == (before[str(videos / "red.mp4")][0], ["the red one"])
    assert now[str(videos / "red.mp4")][1] or alone  # (marked offline by a run over its folder)
    assert now[str(movies / "red.mp4")][0] != before[str(videos / "red.mp4")][0]
    with VideoLibrary(str(lib), read_only=True) as library:
        assert not library.meta.settings.moved_folders

    assert run_cli(capsys, "forget", videos, "--library", lib)[0] == 0  # (renamed: its notes go to the copies)
    assert _videos(lib)[str(movies / "red.mp4")][2] == ["the red one"]


def test_a_folder_seen_by_a_run_since_has_its_drive_recorded_and_its_rename_is_a_move(tmp_path, capsys, encoder):
    videos, movies, lib = tmp_path / "Videos", tmp_path / "Movies", tmp_path / "lib"
    _folder(videos, ("red", "blue"))
    assert run_cli(capsys, "index", videos, "--library", lib, "-q")[0] == 0
    _noted(lib, videos / "red.mp4", "the red one")
    before = _videos(lib)
    _older(lib)
    assert run_cli(capsys, "index", "--library", lib, "-q")[0] == 0  # (the first run of this release)

    videos.rename(movies)
    code, _, err = run_cli(capsys, "index", videos, movies, "--library", lib)
    assert code == 0 and "2 moved" in err and "copies" not in err, err
    assert _videos(lib)[str(movies / "red.mp4")] == (before[str(videos / "red.mp4")][0], False, ["the red one"])
