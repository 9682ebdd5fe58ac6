"""A folder's removal that the library refuses (nothing to keep for a keep-inside removal, another
folder's stopped removal that a full disk keeps from finishing, a path that is no library folder)
or that never starts (the window closed while it waits for another process's writer lock) removes
nothing, yet it dropped the queued index runs of the folders inside it (36e9891 drops them when the
removal is asked): the new videos of ~/New, added just before, were never indexed. Now those runs
are put back when the removal is refused, and kept for the next open when the window closes
before the removal could start; a removal that happens still drops them."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from core import service
from core.forgetting import removal_waits
from core.library.lock import writer_free
from tests.app.conftest import SESSION_TIMEOUT_MS, wait_idle
from tests.app.test_remove_drops_runs_inside import indexed_home
from tests.app.test_writer_turn import another_writer


def new_folder(demo_clips: Path, parent: Path, name: str = "New") -> Path:
    """A folder of one video the library has not indexed yet."""
    new = parent / name
    new.mkdir(parents=True)
    shutil.copy(demo_clips / "yellow-star-night.mp4", new)
    return new


def queued_then_removed(qtbot, session, library: Path, added: Path, removed: Path, keep_inside: bool = False):
    """``added`` queued (another process writes: the run waits), then ``removed`` asked to go."""
    qtbot.waitUntil(lambda: writer_free(library), timeout=10_000)
    with another_writer(library):
        session.add_folder(str(added))
        qtbot.waitUntil(lambda: session._runner.queue.roots() == [str(added)] and not session._runner.adds.looking,
                        timeout=10_000)
        session.messages.clear()
        session.remove_folder(str(removed), keep_inside)


@pytest.mark.parametrize("why", ["nothing to keep", "another removal waits on a full disk"])
def test_a_refused_removal_keeps_the_runs_of_the_folders_inside_it(qtbot, make_session, demo_clips, tmp_path,
                                                                   monkeypatch, why):
    session, home, _downloads = indexed_home(qtbot, make_session, demo_clips, tmp_path)
    new = new_folder(demo_clips, home)
    if why != "nothing to keep":
        def full_disk(library, folder, keep_inside=False):  # (what core says while another's removal waits)
            raise removal_waits(folder, str(tmp_path / "elsewhere"))

        monkeypatch.setattr(service, "forget_folder", full_disk)
    queued_then_removed(qtbot, session, tmp_path / "lib", new, home, keep_inside=why == "nothing to keep")
    qtbot.waitUntil(lambda: any(level == "error" for level, _t in session.messages), timeout=SESSION_TIMEOUT_MS)
    qtbot.waitUntil(lambda: session.status.videos == 3 and not session.indexing, timeout=SESSION_TIMEOUT_MS)
    wait_idle(qtbot, session)
    assert session.status.folders == (str(home),), session.status.folders  # (~/New part of ~, as before)
    assert not any("was dropped with the removal" in t for _l, t in session.messages), session.messages


def test_a_path_that_is_no_library_folder_is_refused_and_the_runs_in_it_stay(qtbot, make_session, demo_clips,
                                                                             tmp_path):
    session, _home, _downloads = indexed_home(qtbot, make_session, demo_clips, tmp_path)
    elsewhere = tmp_path / "elsewhere"
    sub = new_folder(demo_clips, elsewhere, "sub")
    queued_then_removed(qtbot, session, tmp_path / "lib", sub, elsewhere)
    qtbot.waitUntil(lambda: session.status.videos == 3 and not session.indexing, timeout=SESSION_TIMEOUT_MS)
    wait_idle(qtbot, session)
    assert str(sub) in session.status.folders, session.status.folders
    said = " ".join(t for _l, t in session.messages)
    assert "is not one of the library's folders" in said, session.messages
    assert "removed from the library now" not in said  # (not taken for another process's removal)


def test_a_removal_left_waiting_by_a_closed_window_leaves_the_runs_in_it_unfinished(qtbot, make_session,
                                                                                   demo_clips, tmp_path):
    session, home, _downloads = indexed_home(qtbot, make_session, demo_clips, tmp_path)
    library, new = tmp_path / "lib", new_folder(demo_clips, home)
    store = session.resume.store
    qtbot.waitUntil(lambda: writer_free(library), timeout=10_000)
    with another_writer(library):  # (the removal waits for it, and never starts: the window closes)
        session.add_folder(str(new))
        qtbot.waitUntil(lambda: session._runner.queue.roots() == [str(new)] and not session._runner.adds.looking,
                        timeout=10_000)
        session.remove_folder(str(home))
        qtbot.waitUntil(lambda: session._runner.turn.waiting is not None, timeout=10_000)
        assert session.close(timeout=30.0)
    left = store.get(str(library))
    assert left is not None and str(new) in left.roots, left


def test_a_removal_that_happens_still_drops_the_runs_inside_it(qtbot, make_session, demo_clips, tmp_path):
    session, home, _downloads = indexed_home(qtbot, make_session, demo_clips, tmp_path)
    new = new_folder(demo_clips, home)
    queued_then_removed(qtbot, session, tmp_path / "lib", new, home)
    qtbot.waitUntil(lambda: any(t.startswith("Removed 2 videos") for _l, t in session.messages),
                    timeout=SESSION_TIMEOUT_MS)
    wait_idle(qtbot, session)
    assert session.status.folders == () and session.status.videos == 0, session.status.folders
    assert session.resume.store.get(str(tmp_path / "lib")) is None


def test_a_folder_removed_while_its_first_run_waits_is_not_indexed(qtbot, make_session, demo_clips, tmp_path):
    """A folder added and removed before its first run started (the window lists it as soon as it
    is added) is in no status read yet: its removal is no path unknown to refuse, its run goes."""
    session, _home, _downloads = indexed_home(qtbot, make_session, demo_clips, tmp_path)
    new = new_folder(demo_clips, tmp_path / "elsewhere")
    qtbot.waitUntil(lambda: writer_free(tmp_path / "lib"), timeout=10_000)
    with another_writer(tmp_path / "lib"):
        session.add_folder(str(new))
        qtbot.waitUntil(lambda: session._runner.queue.roots() == [str(new)] and not session._runner.adds.looking,
                        timeout=10_000)
        assert str(new) in session.status.folders  # (listed: the user can select it and remove it)
        session.messages.clear()
        session.remove_folder(str(new))
    qtbot.waitUntil(lambda: not session._runner.queue and session._runner._running is None,
                    timeout=SESSION_TIMEOUT_MS)
    wait_idle(qtbot, session)
    assert str(new) not in session.status.folders and session.status.videos == 2, session.status.folders
    assert not any(level == "error" for level, _t in session.messages), session.messages
    said = " ".join(t for _l, t in session.messages)
    assert "the other Seekframe process finished removing it" not in said, said
    assert f"{new} was not in the library yet: its indexing was dropped." in said, said


def test_runs_cancelled_while_the_removal_waits_are_not_put_back_when_it_is_refused(qtbot, make_session, demo_clips,
                                                                                    tmp_path):
    """The user cancels indexing (the queued runs dropped) while the removal waits for another
    process: its refusal then puts back no run the user cancelled, nor does a window closed then
    leave one to resume."""
    session, home, _downloads = indexed_home(qtbot, make_session, demo_clips, tmp_path)
    library, new = tmp_path / "lib", new_folder(demo_clips, home)
    qtbot.waitUntil(lambda: writer_free(library), timeout=10_000)
    with another_writer(library):
        session.add_folder(str(new))
        qtbot.waitUntil(lambda: session._runner.queue.roots() == [str(new)] and not session._runner.adds.looking,
                        timeout=10_000)
        session.remove_folder(str(home), keep_inside=True)  # (it took none in: refused once it starts)
        session.cancel_indexing()
        assert session._runner.outstanding() is None  # (a window closed now leaves nothing to resume)
        session.messages.clear()
    qtbot.waitUntil(lambda: any(level == "error" for level, _t in session.messages), timeout=SESSION_TIMEOUT_MS)
    wait_idle(qtbot, session)
    assert session.status.videos == 2 and session.status.folders == (str(home),), session.status
