"""The app killed while ~'s removal ran, with a run of /lnkh/New queued, /lnkh a link to ~ (so
/lnkh/New is ~/New, part of ~): that run is no part of ~ as spelled, so the removal did not hold
it; its worker, once done, would have dropped it (``app.jobs.indexed_inside``), but the kill came
first. Before: the next start, ~ gone, resumed it, and ~/New came back as a library folder of its
own. Now the runs left are mapped through links in a worker when the removal is found done, those
in the removed folder dropped (said), the others resumed."""

from __future__ import annotations

import os
import shutil
import threading

import pytest

import app.resume
from app.resume import UnfinishedRuns
from app.settings import AppSettings
from core.library.lock import writer_free
from tests.app.conftest import SESSION_TIMEOUT_MS, wait_idle
from tests.app.test_remove_drops_runs_inside import indexed_home
from tests.app.test_remove_killed_keeps_runs import heard_window, stop_the_removal
from tests.app.test_remove_refused_keeps_runs import new_folder
from tests.app.test_writer_turn import another_writer


def killed_removing_home(qtbot, make_session, demo_clips, tmp_path, when):
    """~ indexed, then the app killed while ~'s removal ran (``when``: mid-way or after its
    write), runs of /lnkh/New (/lnkh a link to ~) and of another folder queued. Returns the
    library, ~, /lnkh/New and the other folder."""
    session, home, _downloads = indexed_home(qtbot, make_session, demo_clips, tmp_path)
    library, other = tmp_path / "lib", tmp_path / "hx" / "Other"
    new_folder(demo_clips, home)
    os.symlink(home, tmp_path / "lnkh")
    linked = str(tmp_path / "lnkh" / "New")
    other.mkdir()
    shutil.copy(demo_clips / "orange-person-snow.mp4", other)
    session.resume.store = UnfinishedRuns(AppSettings())  # (the window's: in SEEKFRAME_HOME)
    with pytest.MonkeyPatch.context() as patch:
        entered = stop_the_removal(patch, session, when)
        qtbot.waitUntil(lambda: writer_free(library), timeout=10_000)
        with another_writer(library):  # (the runs and the removal wait for it)
            session.add_folder(linked)
            session.add_folder(str(other))
            qtbot.waitUntil(lambda: sorted(session._runner.queue.roots()) == sorted([linked, str(other)])
                            and not session._runner.adds.looking, timeout=10_000)
            session.remove_folder(str(home))
            qtbot.waitUntil(lambda: session._runner.turn.waiting is not None, timeout=10_000)
        qtbot.waitUntil(entered.is_set, timeout=SESSION_TIMEOUT_MS)
        qtbot.wait(300)
        session.resume.store = UnfinishedRuns()  # killed: nothing more reaches the disk
        assert session.close(timeout=30.0)
    return library, home, linked, other


def held_mapping(monkeypatch, most_s: float):
    """The next start's mapping of the runs left (``app.resume._through_links``, in its worker) held,
    as by a share that does not answer: ``mapping`` is set when it starts, and it waits for
    ``answer`` (``most_s`` at most). Returns the two events and the mapping as it was."""
    mapping, answer = threading.Event(), threading.Event()
    real = app.resume._through_links

    def held(*args):
        mapping.set()
        answer.wait(most_s)
        return real(*args)

    monkeypatch.setattr(app.resume, "_through_links", held)
    return mapping, answer, real


def assert_linked_run_dropped(qtbot, again, library, home, linked, other) -> None:
    """The start ``again`` resumed the other folder's run, and dropped /lnkh/New's (said): ~/New
    not added back, no run left."""
    qtbot.waitUntil(lambda: str(other) in again.status.folders and not again.indexing, timeout=SESSION_TIMEOUT_MS)
    wait_idle(qtbot, again)
    assert again.status.folders == (str(other),), again.status.folders  # (~/New not added back)
    said = " ".join(t for _l, t in again.messages)
    assert f"The indexing of {linked} (in {home})" in said and "dropped with the removal" in said, said
    assert again.resume.store.runs(str(library)) == ()


@pytest.mark.parametrize("when", ["mid", "after"])
def test_a_run_through_a_link_into_the_removed_folder_is_not_resumed(qtbot, make_session, make_app_window,
                                                                     demo_clips, tmp_path, when):
    library, home, linked, other = killed_removing_home(qtbot, make_session, demo_clips, tmp_path, when)
    again = make_app_window(library, build=heard_window).session
    assert_linked_run_dropped(qtbot, again, library, home, linked, other)
    assert again.status.videos == 1, again.status.videos
