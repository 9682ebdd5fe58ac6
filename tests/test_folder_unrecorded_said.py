"""A library folder with no drive recorded (a library of an earlier release) that was renamed is no rename
to a run (``core.sync_missing.renamed_to``: the drive never asked, it may be one unplugged whose clips were
copied to a backup): its files found at their places elsewhere are copies, its videos kept offline. The run
said nothing of why: a user who renamed ~/Videos to ~/Movies after upgrading saw "2 copies of indexed videos"
and an offline ~/Videos. `seekframe index` and the window say it now, once, in one set of words
(``core.folder_moved.unrecorded_text``), with the way out that keeps the notes (the folder's removal puts them
on the copies)."""

from __future__ import annotations

import pytest

from app.run_words import offline_text, scan_messages
from core.folder_moved import CLI, WINDOW, unrecorded_text
from core.indexer import IndexOptions, MomentIndexer
from core.library import VideoLibrary
from tests.cli_run import FixedTextEncoder, run_cli
from tests.test_folder_renamed_rescan import _folder, _noted, _videos, encoder  # noqa: F401  (encoder: the fixture)
from tests.test_folder_renamed_rules import _older

WHY = "the library has no record of the drive it was on"


def _renamed_old_library(tmp_path, capsys, older=True):
    videos, movies, lib = tmp_path / "Videos", tmp_path / "Movies", tmp_path / "lib"
    _folder(videos, ("red", "blue"))
    assert run_cli(capsys, "index", videos, "--library", lib, "-q")[0] == 0
    _noted(lib, videos / "red.mp4", "the red one")
    if older:
        _older(lib)
    videos.rename(movies)
    return videos, movies, lib


@pytest.mark.parametrize("alone", [True, False])
def test_seekframe_index_says_why_a_renamed_folder_with_no_drive_recorded_gave_copies(tmp_path, capsys, encoder,
                                                                                        alone):
    videos, movies, lib = _renamed_old_library(tmp_path, capsys)
    code, _, err = run_cli(capsys, "index", *((movies,) if alone else (videos, movies)), "--library", lib)
    said = unrecorded_text(str(videos), 2, str(movies), CLI)
    assert code == 0 and "2 copies" in err and err.count(said) == 1, err
    assert f"offline: {videos}" not in err, err  # (said above, as copies: not as an unplugged drive only)
    assert said.startswith(f"2 videos of {videos}, which is missing, were found in {movies} (the folder renamed?), "
                           f"but {WHY} (indexed by an earlier release)")
    assert f"`seekframe forget \"{videos}\"` takes it off the library's folders and puts its notes on the copies" \
        in said

    code, _, err = run_cli(capsys, "index", "--library", lib)  # (every folder: nothing new, nothing said again)
    assert code == 0 and WHY not in err, err

    assert run_cli(capsys, "forget", videos, "--library", lib)[0] == 0  # (what the words promise)
    now = _videos(lib)
    assert set(now) == {str(movies / "red.mp4"), str(movies / "blue.mp4")}, now
    assert now[str(movies / "red.mp4")][2] == ["the red one"]


def test_the_window_says_it_in_the_same_words_with_its_own_way_out(tmp_path, capsys, encoder):
    """The window's run (a folder added: ~/Movies) says it as seekframe index does, its way out the
    library panel's Remove; not as ~/Videos offline (an unplugged drive?) alone."""
    videos, movies, lib = _renamed_old_library(tmp_path, capsys)
    with VideoLibrary(str(lib)) as library:
        events = list(MomentIndexer(library, FixedTextEncoder(), IndexOptions(two_pass=False)).run([str(movies)]))
    summary = next(e.summary for e in events if e.kind == "scanned")
    window = [(level, text) for level, text in scan_messages(summary) if str(videos) in text]
    assert window == [("info", unrecorded_text(str(videos), 2, str(movies), WINDOW))], window
    assert ("warning", offline_text(str(videos))) not in window
    cli = unrecorded_text(str(videos), 2, str(movies), CLI)
    same = cli[:cli.index("If it was renamed, ")]
    assert window[0][1].startswith(same) and "Remove it in the library panel: its notes go onto the copies" \
        in window[0][1]


def test_the_window_s_index_strip_does_not_count_it_offline_either(tmp_path, capsys, encoder):
    """A re-scan of ~/Videos and ~/Movies in the window: the status bar says the copies' words, not ~/Videos
    offline, while the index strip beside it ended "1 folder offline (its videos are kept)" (fr_1 #2): one rule
    of which folders are said offline now (``core.status_words.said_offline``)."""
    from app.strip_words import finished_text

    videos, movies, lib = _renamed_old_library(tmp_path, capsys)
    with VideoLibrary(str(lib)) as library:
        events = list(MomentIndexer(library, FixedTextEncoder(), IndexOptions(two_pass=False)).run(
            [str(videos), str(movies)]))
    summary = events[-1].summary
    assert str(videos) in summary["unrecorded"] and str(videos) in summary["offline_roots"], summary
    assert ("warning", offline_text(str(videos))) not in scan_messages(summary)
    assert "2 copies" in finished_text(0, 0, 0, summary) and "folder offline" not in finished_text(0, 0, 0, summary), \
        finished_text(0, 0, 0, summary)


def test_a_folder_with_its_drive_recorded_is_said_moved_not_so(tmp_path, capsys, encoder):
    videos, movies, lib = _renamed_old_library(tmp_path, capsys, older=False)
    code, _, err = run_cli(capsys, "index", movies, "--library", lib)
    assert code == 0 and "found moved" in err and WHY not in err, err


def test_seekframe_status_says_it_as_the_run_did_until_the_folder_is_forgotten(tmp_path, capsys, encoder):
    """The run's words were said once: `seekframe status` said ~/Videos "offline … kept: the folder is missing or
    cannot be read (an unmounted drive?)", nothing of the copies nor of the way to keep its notes. It says the run's
    words (one function), ``--json`` too, while the folder is missing; its removal takes the record with it."""
    import json

    videos, movies, lib = _renamed_old_library(tmp_path, capsys)
    assert run_cli(capsys, "index", movies, "--library", lib, "-q")[0] == 0
    said = unrecorded_text(str(videos), 2, str(movies), CLI)
    code, out, _ = run_cli(capsys, "status", "--library", lib)
    line = next(s for s in out.splitlines() if s.startswith("Folder:") and s.split()[1] == str(videos))
    assert code == 0 and line.endswith(f"; {said}") and "kept:" not in line, out
    code, out, _ = run_cli(capsys, "status", "--library", lib, "--json")
    folder = next(f for f in json.loads(out)["folder_status"] if f["path"] == str(videos))
    assert (folder["why"], folder["copied_to"], folder["online"]) == (said, str(movies), False), folder

    # (the copies' folder renamed on, a run after: their videos moved, no copy made, so nothing said again of
    # Videos by that run; status says where the copies are now)
    films = movies.parent / "Films"
    movies.rename(films)
    code, _, err = run_cli(capsys, "index", films, "--library", lib)
    assert code == 0 and "2 moved" in err and WHY not in err and "cop" not in err, err
    code, out, _ = run_cli(capsys, "status", "--library", lib)
    line = next(s for s in out.splitlines() if s.startswith("Folder:") and s.split()[1] == str(videos))
    assert line.endswith(f"; {unrecorded_text(str(videos), 2, str(films), CLI)}"), out

    assert run_cli(capsys, "forget", videos, "--library", lib)[0] == 0
    with VideoLibrary(str(lib), read_only=True) as library:  # (no record outlives the folder)
        assert not library.meta.settings.copied_folders
    assert WHY not in run_cli(capsys, "status", "--library", lib)[1]


def test_forgetting_the_copies_folder_takes_the_record_of_the_copies_with_it(tmp_path, capsys, encoder):
    """fr_1's finding 2: `index Movies`, then `forget Movies`: status, --json (copied_to) and the window still said
    Videos' videos "were found in …/Movies" and that forgetting Videos "puts its notes on the copies", Movies no
    longer a library folder (the record went by its key only). The forget drops it now; Videos is said missing,
    kept, as any offline folder; and a record an earlier version left is not said (``folder_moved.copies_listed``)."""
    import json

    from core.library.meta import LibrarySettings
    from core.service import library_status

    videos, movies, lib = _renamed_old_library(tmp_path, capsys)
    assert run_cli(capsys, "index", movies, "--library", lib, "-q")[0] == 0
    with VideoLibrary(str(lib), read_only=True) as library:
        recorded = library.meta.settings.copied_folders
    assert recorded == {str(videos): [str(movies), 2]}, recorded
    assert run_cli(capsys, "forget", movies, "--library", lib)[0] == 0
    with VideoLibrary(str(lib), read_only=True) as library:
        assert not library.meta.settings.copied_folders
        st = library_status(library)
    assert [(f.path, f.copied, f.found(WINDOW)) for f in st.folders] == [(str(videos), (), "")]
    code, out, _ = run_cli(capsys, "status", "--library", lib)
    line = next(s for s in out.splitlines() if s.startswith("Folder:") and s.split()[1] == str(videos))
    assert code == 0 and WHY not in out and line.endswith("; kept: " + st.folders[0].why), out
    folder = json.loads(run_cli(capsys, "status", "--library", lib, "--json")[1])["folder_status"][0]
    assert "copied_to" not in folder and folder["why"] == st.folders[0].why and not folder["online"], folder
    # (a record an earlier version's forget left behind: not said either)
    stale = LibrarySettings(folders=[str(videos)], copied_folders=recorded)
    from core.folder_moved import records
    assert records(stale)[1] == {} and records(LibrarySettings(folders=[str(videos), str(movies)],
                                                               copied_folders=recorded))[1] == recorded
