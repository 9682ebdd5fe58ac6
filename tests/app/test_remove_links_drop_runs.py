"""Removing a library folder drops the runs of the folders inside it (36e9891), compared by their
spelling only: a run queued under another spelling of a folder in it, through a link (~/lnk a link
to ~, ~/lnk/New added; or the library folder itself a link, its real folder's New added), was kept,
ran after the removal and added that folder back as a library folder of its own, its videos
embedded again. Now the removal's worker resolves them as the indexer does
(``core.scan.as_library_folder``) and drops those in it, named in its message; a folder beside it
whose name starts alike (hx beside h), even reached through a link, keeps its run."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

from core.library.lock import writer_free
from tests.app.conftest import SESSION_TIMEOUT_MS, wait_idle
from tests.app.test_remove_drops_runs_inside import indexed_home
from tests.app.test_remove_refused_keeps_runs import new_folder
from tests.app.test_writer_turn import another_writer


def removed_with_runs_queued(qtbot, session, library: Path, removed: Path, *added: Path) -> str:
    """``added`` queued (another process writes: the runs wait), then ``removed`` removed; its message."""
    qtbot.waitUntil(lambda: writer_free(library), timeout=10_000)
    with another_writer(library):
        for folder in added:
            session.add_folder(str(folder))
        qtbot.waitUntil(lambda: sorted(session._runner.queue.roots()) == sorted(map(str, added))
                        and not session._runner.adds.looking, timeout=10_000)
        session.messages.clear()
        session.remove_folder(str(removed))
    qtbot.waitUntil(lambda: any(t.startswith("Removed ") for _l, t in session.messages), timeout=SESSION_TIMEOUT_MS)
    _removal_ended(qtbot, session)
    return next(t for _l, t in session.messages if t.startswith("Removed "))


def _removal_ended(qtbot, session) -> None:
    """Until the removal's end is heard, then the window idle with the status read after it. Its
    message comes with its result, before its worker ends; the status is read again at that end
    (``JobRunner._on_ended``): a loaded machine may run the test between the two, when no read is
    under way yet (``wait_idle`` then waits for none) and the last one may predate the removal."""
    qtbot.waitUntil(lambda: session._runner.removing() is None, timeout=SESSION_TIMEOUT_MS)
    wait_idle(qtbot, session)


def test_a_run_queued_through_a_link_into_the_removed_folder_goes_with_it(qtbot, make_session, demo_clips,
                                                                          tmp_path):
    session, home, _downloads = indexed_home(qtbot, make_session, demo_clips, tmp_path)
    new_folder(demo_clips, home)
    shutil.copy(demo_clips / "purple-box-grass.mp4", tmp_path / "hx")  # (beside ~, spelled like it)
    os.symlink(home, tmp_path / "lnk")  # a link to ~
    os.symlink(tmp_path / "hx", tmp_path / "h-beside")  # a link to the folder beside it
    through, beside = tmp_path / "lnk" / "New", tmp_path / "h-beside"
    text = removed_with_runs_queued(qtbot, session, tmp_path / "lib", home, through, beside)
    assert session.status.folders == (str(beside),), session.status.folders  # ~/lnk/New not added back
    assert session.status.videos == 1
    assert f"The indexing of {through} (in {home}), waiting or under way, was dropped" in text, text
    assert str(beside) not in text


def test_a_run_of_the_real_folder_of_a_library_folder_reached_through_a_link_goes_with_it(
        qtbot, make_session, demo_clips, tmp_path):
    real = tmp_path / "real"
    real.mkdir()
    shutil.copy(demo_clips / "red-ball-beach.mp4", real)
    os.symlink(real, tmp_path / "lnk")  # the library folder is the link
    session = make_session(tmp_path / "lib", refresh_interval_ms=200)
    session.add_folder(str(tmp_path / "lnk"))
    qtbot.waitUntil(lambda: session.status.videos == 1 and not session.indexing, timeout=SESSION_TIMEOUT_MS)
    wait_idle(qtbot, session)
    assert session.status.folders == (str(tmp_path / "lnk"),)
    new = new_folder(demo_clips, real)  # added by its real path, part of the library folder
    text = removed_with_runs_queued(qtbot, session, tmp_path / "lib", tmp_path / "lnk", new)
    assert session.status.folders == () and session.status.videos == 0, session.status.folders
    assert f"The indexing of {new} (in {tmp_path / 'lnk'})" in text, text


def test_a_run_through_a_link_goes_with_a_folder_another_process_removed_first(qtbot, make_session, demo_clips,
                                                                               tmp_path):
    """The window's removal of ~ waits while `seekframe forget ~` in a terminal removes it: its
    worker finds ~ gone (said as the other process's removal), and the run of ~/lnk/New (a link to
    ~) queued in the window goes with it all the same, not run to add ~/New back on its own."""
    from core import service
    from core.library import VideoLibrary
    from core.library.lock import lock_library

    session, home, _downloads = indexed_home(qtbot, make_session, demo_clips, tmp_path)
    new_folder(demo_clips, home)
    os.symlink(home, tmp_path / "lnk")
    through, library = tmp_path / "lnk" / "New", tmp_path / "lib"
    qtbot.waitUntil(lambda: writer_free(library), timeout=10_000)
    lock = lock_library(library)  # the terminal's `seekframe forget ~`
    session.add_folder(str(through))
    qtbot.waitUntil(lambda: session._runner.queue.roots() == [str(through)] and not session._runner.adds.looking,
                    timeout=10_000)
    session.messages.clear()
    session.remove_folder(str(home))
    qtbot.waitUntil(lambda: session._runner.turn.waiting is not None, timeout=10_000)
    other = VideoLibrary(library, lock=lock)
    service.forget_folder(other, str(home))
    other.close()  # (its lock goes: the window's removal runs, and finds ~ removed)
    qtbot.waitUntil(lambda: any("dropped with the removal" in t or "Indexed" in t for _l, t in session.messages),
                    timeout=SESSION_TIMEOUT_MS)
    _removal_ended(qtbot, session)
    assert session.status.folders == () and session.status.videos == 0, session.status.folders
    said = " ".join(t for _l, t in session.messages)
    assert f"The indexing of {through} (in {home}), waiting or under way, was dropped" in said, said
