"""The window's Re-scan (every library folder) after a library folder was moved whole into another
(``mv ~/Videos ~/Movies/``): its videos are found moved, their ids and notes kept, as ``seekframe index
~/Movies`` alone finds them. Before, the re-scan kept ~/Videos' videos offline as an unplugged drive's
and made the files at ~/Movies/Videos copies: a note's search showed the offline original. The window says
so, in the CLI's words ("1 video of ~/Videos, which is missing, was found moved"), not "~/Videos is offline (an unplugged
drive?): its videos are kept", which a folder whose videos all moved away is not."""

from __future__ import annotations

import io
import shutil

import pytest

from app.run_words import scan_messages
from core.folder_moved import CLI, WINDOW, run_text
from core import service
from core.indexer import MomentIndexer
from core.library import VideoLibrary
from tests.app.conftest import SESSION_TIMEOUT_MS, cached_loader, wait_idle
from tests.app.test_session_search import BLUE_CAR, RED_BALL


def _videos(root) -> dict[str, tuple[str, bool]]:
    with VideoLibrary(root, read_only=True) as lib:
        return {v.path: (v.video_id, v.offline) for v in lib.video_table.all()}


@pytest.mark.slow  # (two demo clips embedded by the demo model first)
def test_the_windows_rescan_takes_a_folder_moved_into_another_as_moved(qtbot, make_session, demo_clips, demo_model,
                                                                       tmp_path):
    videos, movies, root = tmp_path / "Videos", tmp_path / "Movies", tmp_path / "lib"
    videos.mkdir()
    movies.mkdir()
    shutil.copy(demo_clips / RED_BALL.file, videos)
    shutil.copy(demo_clips / BLUE_CAR.file, movies)
    encoder = cached_loader(demo_model)
    with VideoLibrary(root) as lib:
        list(MomentIndexer(lib, encoder).run([str(videos), str(movies)]))
        red = lib.video_table.by_path(videos / RED_BALL.file)
        service.add_note(lib, encoder, red.video_id, "our kite day", 0.0, 4.0)
    before = _videos(root)

    videos.rename(movies / "Videos")
    session = make_session(root)
    wait_idle(qtbot, session)
    ends = []
    session.index_event.connect(lambda e: ends.append(e) if e.kind == "finished" else None)
    session.rescan()
    qtbot.waitUntil(lambda: bool(ends), timeout=SESSION_TIMEOUT_MS)
    wait_idle(qtbot, session)
    said = [(level, t) for level, t in session.messages if str(videos) in t]
    assert said == [("info", f"1 video of {videos}, which is missing, was found moved to {movies / 'Videos'} (the "
                             "folder renamed?): its moments and notes are kept. If it was renamed, Remove it in the "
                             "library panel.")], said
    assert session.close()
    now = _videos(root)
    moved = str(movies / "Videos" / RED_BALL.file)
    assert now[moved] == (red.video_id, False), now  # (before: a copy of it, the original offline)
    assert str(videos / RED_BALL.file) not in now and len(now) == 2, now
    assert now[str(movies / BLUE_CAR.file)] == before[str(movies / BLUE_CAR.file)]
    with VideoLibrary(root, read_only=True) as lib:
        notes = [c for c in lib.caption_table.read(with_vectors=False) if c.source == "note"]
    assert [(c.video_id, c.text) for c in notes] == [(red.video_id, "our kite day")]


def test_the_window_says_a_renamed_folder_s_videos_moved_not_an_unplugged_drive():
    said = scan_messages({"offline_roots": ["/m/Videos", "/m/drive"], "moved_from": {"/m/Videos": (2, 1, "/m/Movies")}})
    assert said == [
        ("warning", "/m/drive is offline (an unplugged drive?): its videos are kept and marked offline until it is back."),
        ("info", "2 videos of /m/Videos, which is missing, were found moved to /m/Movies (the folder renamed?): their "
                 "moments and notes are kept. 1 video not found there stays listed, marked offline. If it was renamed, "
                 "Remove it in the library panel (with that video).")], said


def test_the_window_s_remove_advice_says_the_videos_not_found_go_with_the_folder():
    """Remove drops the folder's videos not found where the others went (offline): the advice says so, as the
    CLI's `seekframe forget` line does (review rv_3, finding 4); nothing is said when all were found."""
    assert run_text("/m/Videos", 3, 2, "/m/Movies", WINDOW).endswith(
        "2 videos not found there stay listed, marked offline. If it was renamed, Remove it in the library panel "
        "(with them).")
    assert run_text("/m/Videos", 2, 0, "/m/Movies", WINDOW).endswith(
        "If it was renamed, Remove it in the library panel.")


def test_the_window_and_seekframe_index_say_a_renamed_folder_in_one_set_of_words(monkeypatch):
    """The run's words were two templates, the CLI's (core.progress: "2 videos moved here from /m/Videos, which is
    missing (their vectors and notes kept); …") and the window's (app.run_words): one now (core.folder_moved.
    run_text), each with its own way to remove the folder, `seekframe forget` or the library panel's Remove."""
    from core.pass_book import IndexEvent
    from core.progress import print_index_run

    err = io.StringIO()
    monkeypatch.setattr("sys.stderr", err)
    summary = {"found": 2, "to_index": 0, "unchanged": 0, "moved": 2, "deleted": 0, "offline_roots": ["/m/Videos"],
               "moved_from": {"/m/Videos": (2, 1, "/m/Movies")}}
    print_index_run(iter([IndexEvent("scanned", summary=summary), IndexEvent("finished", summary=summary)]))
    window = dict((t, level) for level, t in scan_messages(summary))
    said = [line.strip() for line in err.getvalue().splitlines() if "/m/Videos" in line]
    assert said == [run_text("/m/Videos", 2, 1, "/m/Movies", CLI)], err.getvalue()
    assert window == {run_text("/m/Videos", 2, 1, "/m/Movies", WINDOW): "info"}, window
    same = ("2 videos of /m/Videos, which is missing, were found moved to /m/Movies (the folder renamed?): their "
            "moments and notes ")
    assert said[0].startswith(same) and next(iter(window)).startswith(same)
    assert said[0].endswith("If it was renamed, `seekframe forget \"/m/Videos\"` takes it off the library's folders "
                            "with that video.")
