"""``seekframe status`` after a library folder was renamed (``mv ~/Videos ~/Movies``) and a re-scan took
its videos as moved (tests/test_folder_renamed_rescan.py): it said ~/Videos "offline, 0 videos …; kept: the
folder is missing or cannot be read (an unmounted drive?)", as an unplugged drive's, though none were kept
there. It says now where they were found, and that `seekframe forget ~/Videos` takes it off the library's
folders (the run's own words: ``core.progress``); ``--json`` names the folder (``moved_to``)."""

from __future__ import annotations

import json

import pytest

from core.filenames import shell_word
from core.folder_moved import WINDOW, status_text
from core.library import VideoLibrary
from tests.cli_run import FixedTextEncoder, run_cli, use_encoder
from tests.videos import Segment, write_video


@pytest.fixture
def encoder(monkeypatch):
    return use_encoder(monkeypatch, FixedTextEncoder)


def _renamed(tmp_path, capsys, colours, *, delete=(), how="new name"):
    """~/Videos indexed, then renamed and re-scanned ``how``: ``seekframe index ~/Movies``, ``seekframe index
    ~/Videos ~/Movies``, or moved into ~/Movies, a library folder, and every folder re-scanned (the window's)."""
    videos, movies, lib = tmp_path / "Videos", tmp_path / "Movies", tmp_path / "lib"
    for i, colour in enumerate(colours):
        write_video(videos / f"{colour}.mp4", [Segment(2, colour)], seed=i)
    if how == "into a library folder":
        write_video(movies / "white.mp4", [Segment(2, "white")], seed=9)
    assert run_cli(capsys, "index", videos, *([movies] if movies.exists() else []), "--library", lib, "-q")[0] == 0
    to = movies / "Videos" if how == "into a library folder" else movies
    videos.rename(to)
    for name in delete:
        (to / name).unlink()
    roots = {"new name": [movies], "both": [videos, movies], "into a library folder": []}[how]
    assert run_cli(capsys, "index", *roots, "--library", lib, "-q")[0] == 0
    return videos, to, lib


@pytest.mark.parametrize("how", ["new name", "both", "into a library folder"])
def test_status_says_a_renamed_folder_s_videos_were_found_moved_and_how_to_forget_it(tmp_path, capsys, encoder, how):
    videos, movies, lib = _renamed(tmp_path, capsys, ("red", "blue"), how=how)
    code, out, _ = run_cli(capsys, "status", "--library", lib)
    line = next(s for s in out.splitlines() if s.startswith("Folder:") and s.split()[1] == str(videos))
    assert code == 0 and "offline, 0 videos" in line, out
    assert "kept" not in line and "unmounted drive" not in line, line
    assert f"its videos were found moved to {movies} (the folder renamed?)" in line, line
    assert f"`seekframe forget {shell_word(videos)}` takes it off the library's folders." in line, line

    code, out, _ = run_cli(capsys, "status", "--library", lib, "--json")
    folders = {f["path"]: f for f in json.loads(out)["folder_status"]}
    assert folders[str(videos)]["moved_to"] == str(movies) and not folders[str(videos)]["online"]
    assert folders[str(videos)]["why"].startswith(f"its videos were found moved to {movies}")
    assert "moved_to" not in folders.get(str(movies), {})

    assert run_cli(capsys, "forget", videos, "--library", lib)[0] == 0
    with VideoLibrary(str(lib), read_only=True) as library:  # (no record outlives the folder)
        assert not library.meta.settings.moved_folders
        assert len(library.video_table.all()) == (3 if how == "into a library folder" else 2)


def test_a_renamed_folder_with_a_video_not_found_says_it_kept_offline(tmp_path, capsys, encoder):
    videos, movies, lib = _renamed(tmp_path, capsys, ("red", "blue", "green"), delete=("green.mp4",))
    out = run_cli(capsys, "status", "--library", lib)[1]
    line = next(s for s in out.splitlines() if s.startswith("Folder:") and s.split()[1] == str(videos))
    assert "1 video (0 done, 0 failed, 1 offline)" in line or "1 offline" in line, line
    assert (f"its videos were found moved to {movies} (the folder renamed?); 1 video not found there is kept, "
            f"marked offline: if it was renamed, `seekframe forget {shell_word(videos)}` takes it off the library's folders "
            "with that video.") in line, line


def test_a_renamed_folder_back_in_its_place_is_no_longer_said_moved(tmp_path, capsys, encoder):
    """Renamed back, and its videos found moved back by a re-scan: ~/Videos' record goes (the run found it
    there); ~/Movies, a library folder since its run, is the one whose videos were found moved now."""
    videos, movies, lib = _renamed(tmp_path, capsys, ("red", "blue"))
    movies.rename(videos)
    assert run_cli(capsys, "index", "--library", lib, "-q")[0] == 0
    with VideoLibrary(str(lib), read_only=True) as library:
        assert library.meta.settings.moved_folders == {str(movies): str(videos)}
    out = run_cli(capsys, "status", "--library", lib)[1]
    lines = {s.split()[1]: s for s in out.splitlines() if s.startswith("Folder:")}
    assert "found moved" not in lines[str(videos)] and "online, 2 videos" in lines[str(videos)], out
    assert f"found moved to {videos}" in lines[str(movies)], out


@pytest.mark.parametrize("back", ["renamed back", "made again"])
def test_a_renamed_folder_back_before_a_run_is_no_longer_said_moved(tmp_path, capsys, encoder, back):
    """~/Videos renamed, ``seekframe index ~/Videos ~/Movies`` found its videos moved; then ~/Videos is back
    (renamed back, or a folder made again there) before any run looks at it: status kept saying its videos were
    found moved and that `seekframe forget ~/Videos` takes it off the library, advice that, renamed back, drops
    the folder the videos are in now. It is said as any folder back whose last run found it missing (the next
    re-scan reads it: renamed back, its videos found moved back); the record goes with that run."""
    videos, movies, lib = _renamed(tmp_path, capsys, ("red", "blue"), how="both")
    if back == "renamed back":
        movies.rename(videos)
    else:
        videos.mkdir()
    code, out, _ = run_cli(capsys, "status", "--library", lib)
    line = next(s for s in out.splitlines() if s.startswith("Folder:") and s.split()[1] == str(videos))
    assert code == 0 and "found moved" not in line and "seekframe forget" not in line, line
    code, out, _ = run_cli(capsys, "status", "--library", lib, "--json")
    folders = {f["path"]: f for f in json.loads(out)["folder_status"]}
    assert "moved_to" not in folders[str(videos)] and "found moved" not in (folders[str(videos)]["why"] or "")

    assert run_cli(capsys, "index", "--library", lib, "-q")[0] == 0  # (every folder: ~/Videos among them)
    with VideoLibrary(str(lib), read_only=True) as library:
        assert str(videos) not in (library.meta.settings.moved_folders or {})
        if back == "renamed back":  # (found moved back, ids kept: ~/Movies is the folder missing now)
            assert {v.path for v in library.video_table.all()} == {str(videos / "red.mp4"), str(videos / "blue.mp4")}


def test_the_window_s_words_name_remove_not_the_cli():
    words = status_text("/home/u/Videos", "/home/u/Movies", 0, WINDOW)
    assert "seekframe forget" not in words and "Remove it from the library" in words
    assert status_text("/home/u/Videos", "/home/u/Movies", 2).endswith("takes it off the library's folders with them")


@pytest.mark.parametrize("delete", [(), ("green.mp4",)])
def test_a_later_plain_run_says_a_renamed_folder_as_status_does_not_offline(tmp_path, capsys, encoder, delete):
    """After ~/Videos was renamed ~/Movies (its videos found moved), each later plain `seekframe index` said
    "offline: ~/Videos (its videos are kept, marked offline)" of a folder holding none (s60 A): now as status says
    it, and the window's re-scan (status bar, index strip) does not count it offline either."""
    from app.run_words import scan_messages
    from app.strip_words import finished_text
    from core.folder_moved import status_text
    from core.indexer import MomentIndexer

    videos, movies, lib = _renamed(tmp_path, capsys, ("red", "blue", "green"), delete=delete)
    code, _out, err = run_cli(capsys, "index", "--library", lib)
    assert code == 0 and f"offline: {videos}" not in err, err
    assert f"  {videos}: missing; {status_text(str(videos), str(movies), len(delete))}." in err.splitlines(), err
    with VideoLibrary(str(lib)) as library:  # (the window's re-scan of every folder)
        summary = [e for e in MomentIndexer(library, FixedTextEncoder()).run(library.meta.settings.folders)][-1].summary
    said = [t for _level, t in scan_messages(summary)]
    assert f"{videos}: missing; {status_text(str(videos), str(movies), len(delete), WINDOW)}." in said, said
    assert not any("offline" in t and "missing" not in t for t in said), said
    assert "offline" not in finished_text(0, 0, 0, summary), finished_text(0, 0, 0, summary)


def test_the_window_s_run_that_finds_a_folder_renamed_does_not_count_it_offline(tmp_path, capsys, encoder):
    """The window's re-scan of every folder after ``mv ~/Videos ~/Movies/Videos``: its status bar said the videos
    were found moved while the index strip beside it ended "1 folder offline (its videos are kept)" (fr_1 #2: the
    strip's own copy of which folders are said offline left out moved_from). One rule now (``said_offline``)."""
    from app.run_words import scan_messages
    from app.strip_words import finished_text
    from core.indexer import MomentIndexer

    videos, movies, lib = tmp_path / "Videos", tmp_path / "Movies", tmp_path / "lib"
    write_video(videos / "red.mp4", [Segment(2, "red")], seed=1)
    write_video(movies / "white.mp4", [Segment(2, "white")], seed=2)
    assert run_cli(capsys, "index", videos, movies, "--library", lib, "-q")[0] == 0
    videos.rename(movies / "Videos")
    with VideoLibrary(str(lib)) as library:  # (the window's re-scan of every folder)
        summary = [e for e in MomentIndexer(library, FixedTextEncoder()).run(library.meta.settings.folders)][-1].summary
    assert str(videos) in summary["moved_from"] and str(videos) in summary["offline_roots"], summary
    said = [t for _level, t in scan_messages(summary)]
    assert any(f"{videos}, which is missing, was found moved to {movies / 'Videos'}" in t for t in said), said
    assert "offline" not in finished_text(0, 0, 0, summary), finished_text(0, 0, 0, summary)


def test_a_renamed_folder_s_old_name_made_again_empty_is_said_held_not_missing(tmp_path, capsys, encoder):
    """~/Videos renamed ~/Movies with green.mp4 gone (kept offline under ~/Videos), then an empty ~/Videos made
    again at the old name: the run holds it "empty" and said both "~/Videos: missing; its videos were found
    moved to ~/Movies" and "the folder is empty (an unmounted drive?)" (rv_5 #1). The folder is there: only the
    hold's words, as status says it; the window's words alike."""
    from app.run_words import scan_messages
    from core.indexer import MomentIndexer

    videos, movies, lib = _renamed(tmp_path, capsys, ("red", "blue", "green"), delete=("green.mp4",))
    videos.mkdir()
    code, _out, err = run_cli(capsys, "index", "--library", lib)
    assert code == 0 and f"{videos}: missing;" not in err and "found moved" not in err, err
    assert "the folder is empty" in err, err
    with VideoLibrary(str(lib)) as library:  # (the window's re-scan of every folder)
        summary = [e for e in MomentIndexer(library, FixedTextEncoder()).run(library.meta.settings.folders)][-1].summary
    assert summary["moved_before"] == {}, summary["moved_before"]
    assert not any("found moved" in t for _level, t in scan_messages(summary)), scan_messages(summary)
