"""A library folder renamed as a whole (``mv ~/Videos ~/Movies``) is a move whichever way the re-scan is
asked for. ``seekframe index ~/Movies`` alone took its videos as moved (ids, moments and notes kept); but
``seekframe index ~/Videos ~/Movies`` (either order), or a re-scan of every folder (``seekframe index``, the
window's Re-scan) after ``mv ~/Videos ~/Movies/Videos``, kept ~/Videos' videos offline as an unplugged
drive's and made the files in their new place copies: a search for a note showed the offline original.
An unplugged drive stays offline all the same: its folder recorded on a drive of its own, or its clips found
under other names or in a folder the library knew (tests/test_unplugged_videos_stay.py)."""

from __future__ import annotations

import shutil

import pytest

from core import service
from core.filenames import shell_word
from core.library import VideoLibrary
from tests.cli_run import FixedTextEncoder, run_cli, use_encoder
from tests.fakes import NoteWords
from tests.mounts import on_another_device
from tests.videos import Segment, write_video


@pytest.fixture
def encoder(monkeypatch):
    return use_encoder(monkeypatch, FixedTextEncoder)


def _videos(lib) -> dict[str, tuple[str, bool, list[str]]]:
    """path -> (video id, offline, the texts of its notes)"""
    with VideoLibrary(str(lib), read_only=True) as library:
        notes = [c for c in library.caption_table.read(with_vectors=False) if c.source == "note"]
        return {v.path: (v.video_id, v.offline, [c.text for c in notes if c.video_id == v.video_id])
                for v in library.video_table.all()}


def _folder(path, colours, seed=0):
    for i, colour in enumerate(colours):
        write_video(path / f"{colour}.mp4", [Segment(2, colour)], seed=seed + i)
    return path


def _noted(lib, path, text):
    with VideoLibrary(str(lib)) as library:
        service.add_note(library, NoteWords(), library.video_table.by_path(str(path)).video_id, text, 0.0, 2.0)


@pytest.mark.parametrize("order", ["old first", "new first"])
def test_a_renamed_folder_listed_with_its_new_name_is_a_move(tmp_path, capsys, encoder, order):
    videos, movies, lib = tmp_path / "Videos", tmp_path / "Movies", tmp_path / "lib"
    _folder(videos, ("red", "blue"))
    (videos / "trip").mkdir()
    write_video(videos / "trip" / "green.mp4", [Segment(2, "green")], seed=5)
    assert run_cli(capsys, "index", videos, "--library", lib, "-q")[0] == 0
    _noted(lib, videos / "blue.mp4", "the blue one")
    before = _videos(lib)

    videos.rename(movies)
    roots = (videos, movies) if order == "old first" else (movies, videos)
    code, _, err = run_cli(capsys, "index", *roots, "--library", lib)
    assert code == 0 and "3 moved" in err and "0 to index" in err and "copies" not in err, err
    assert (f"  3 videos of {videos}, which is missing, were found moved to {movies} (the folder renamed?): their "
            f"moments and notes are kept. If it was renamed, `seekframe forget {shell_word(videos)}` takes it off the "
            "library's folders.\n") in err, err  # (the window's words, with its own way out: core.folder_moved.run_text)
    assert f"offline: {videos}" not in err, err  # (not "its videos are kept, marked offline": none are)
    now = _videos(lib)
    assert set(now) == {str(movies / "red.mp4"), str(movies / "blue.mp4"), str(movies / "trip" / "green.mp4")}, now
    for name in ("red.mp4", "blue.mp4", "trip/green.mp4"):
        assert now[str(movies / name)][:2] == (before[str(videos / name)][0], False), name
    assert now[str(movies / "blue.mp4")][2] == ["the blue one"]  # (the note on the online file)


def test_a_rescan_of_every_folder_takes_a_folder_moved_into_another_as_moved(tmp_path, capsys, encoder):
    """The window's Re-scan (an index job of no folder: every library folder) as ``seekframe index``."""
    videos, movies, lib = tmp_path / "Videos", tmp_path / "Movies", tmp_path / "lib"
    _folder(videos, ("red", "blue"))
    _folder(movies, ("white",), seed=7)
    assert run_cli(capsys, "index", videos, movies, "--library", lib, "-q")[0] == 0
    _noted(lib, videos / "red.mp4", "the red one")
    before = _videos(lib)

    videos.rename(movies / "Videos")
    code, _, err = run_cli(capsys, "index", "--library", lib)
    assert code == 0 and "2 moved" in err and "0 to index" in err and "copies" not in err, err
    assert f"2 videos of {videos}, which is missing, were found moved to {movies / 'Videos'} (the folder" in err, err
    now = _videos(lib)
    assert now[str(movies / "Videos" / "red.mp4")] == (before[str(videos / "red.mp4")][0], False, ["the red one"])
    assert now[str(movies / "Videos" / "blue.mp4")][0] == before[str(videos / "blue.mp4")][0]
    assert now[str(movies / "white.mp4")] == before[str(movies / "white.mp4")]
    assert len(now) == 3, now


def test_a_renamed_folder_with_a_video_deleted_is_a_move_as_when_indexed_alone(tmp_path, capsys, encoder):
    """As tests/test_status_folders.py's one-folder run: the videos found are moved, the one not found
    stays listed under the old name, offline."""
    videos, movies, lib = tmp_path / "Videos", tmp_path / "Movies", tmp_path / "lib"
    _folder(videos, ("red", "blue", "green"))
    assert run_cli(capsys, "index", videos, "--library", lib, "-q")[0] == 0
    before = _videos(lib)
    videos.rename(movies)
    (movies / "green.mp4").unlink()
    code, _, err = run_cli(capsys, "index", videos, movies, "--library", lib)
    assert code == 0 and "2 moved" in err and "1 video not found there stays listed, marked offline" in err, err
    now = _videos(lib)
    assert now[str(movies / "red.mp4")][:2] == (before[str(videos / "red.mp4")][0], False)
    assert now[str(videos / "green.mp4")][:2] == (before[str(videos / "green.mp4")][0], True)


@pytest.mark.parametrize("alone", [False, True])
def test_an_unplugged_drive_copied_whole_beside_a_real_rename_stays_offline(tmp_path, capsys, encoder, monkeypatch,
                                                                           alone):
    """~/Videos renamed to ~/Movies while a drive (its own device when indexed) is unplugged, its mount
    point gone, and its files copied with their names to a new folder first: the rename is a move, the
    drive's video stays on the drive, offline, with its note; the backup's file is a copy of it."""
    videos, movies, drive, aside, backup, lib = (tmp_path / n for n in ("Videos", "Movies", "drive", "aside", "backup",
                                                                       "lib"))
    _folder(videos, ("red",))
    _folder(drive, ("blue",), seed=3)
    marked = on_another_device(monkeypatch, fsid=True)
    marked.add(str(drive))  # (recorded on a drive of its own: its own file system)
    assert run_cli(capsys, "index", videos, drive, "--library", lib, "-q")[0] == 0
    _noted(lib, drive / "blue.mp4", "on the drive")
    before = _videos(lib)

    shutil.copytree(drive, backup)
    drive.rename(aside)  # unplugged: its mount point gone with it
    videos.rename(movies)
    if alone:
        assert run_cli(capsys, "index", movies, "--library", lib, "-q")[0] == 0
        code, _, err = run_cli(capsys, "index", backup, "--library", lib)
    else:
        code, _, err = run_cli(capsys, "index", videos, drive, movies, backup, "--library", lib)
    assert code == 0 and "0 to index" in err, err
    now = _videos(lib)
    blue = now[str(drive / "blue.mp4")]  # (marked offline by a run over its folder: not the one-folder runs)
    assert (blue[0], blue[2]) == (before[str(drive / "blue.mp4")][0], ["on the drive"]) and (blue[1] or alone)
    assert now[str(backup / "blue.mp4")][:3] == (now[str(backup / "blue.mp4")][0], False, [])
    assert now[str(backup / "blue.mp4")][0] != before[str(drive / "blue.mp4")][0]
    assert now[str(movies / "red.mp4")][:2] == (before[str(videos / "red.mp4")][0], False)


def test_a_run_of_several_folders_says_which_one_a_renamed_folder_s_videos_went_to(tmp_path, capsys, encoder):
    """``seekframe index ~/Videos ~/Clips ~/Movies`` after ``mv ~/Videos ~/Movies``: the run said its videos
    were "found moved", not where (only ``seekframe status`` did), so the user could not tell which of the
    folders took them. The CLI and the window (the same summary, ``moved_from``) name ~/Movies."""
    from app.run_words import scan_messages
    from core.folder_moved import WINDOW, run_text
    from core.progress import print_index_run

    videos, clips, movies, lib = tmp_path / "Videos", tmp_path / "Clips", tmp_path / "Movies", tmp_path / "lib"
    _folder(videos, ("red", "blue"))
    _folder(clips, ("white",), seed=7)
    assert run_cli(capsys, "index", videos, clips, "--library", lib, "-q")[0] == 0
    videos.rename(movies)
    with VideoLibrary(str(lib)) as library:  # (the run as `seekframe index` runs and prints it, and the window)
        events = list(service.IndexRun(library, FixedTextEncoder(), [str(videos), str(clips), str(movies)]).events())
    capsys.readouterr()
    print_index_run(iter(events))
    err = capsys.readouterr().err
    assert "2 moved" in err, err
    assert f"2 videos of {videos}, which is missing, were found moved to {movies} (the folder renamed?)" in err, err
    window = [t for _, t in scan_messages(events[0].summary) if str(videos) in t]
    assert window == [run_text(str(videos), 2, 0, str(movies), WINDOW)], window
    assert f"were found moved to {movies} (the folder renamed?)" in window[0], window
