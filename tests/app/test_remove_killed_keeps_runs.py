"""The app killed (SIGKILL, a power cut: no close) while a folder's removal runs. The removal holds
the runs it dropped (~/New, added just before, part of ~), put back when nothing is removed; but the
record of unfinished work (``app.resume``) counted only a queued removal's held runs: once its
worker started, they were written out of it, and a kill then lost them, so the next start neither
indexed ~/New nor said anything, though ~ was still in the library. Now the removal in hand is
recorded with its held runs before its worker starts, and the next start resumes them when the
folder is still in the library (nothing removed), drops them when it is not (removed before the
kill, or finished by the writer's open from core's record): run then, ~/New would come back as a
library folder of its own. A run queued for a folder elsewhere is resumed either way.

The kill: core's removal is stopped at a point (before it writes, after its record, once done);
the settings file is then left as it is on disk (the first session's later records go to memory,
as a dead process writes nothing), the first session stops, and a new window opens on the same
``SEEKFRAME_HOME``."""

from __future__ import annotations

import shutil
import threading
import time

import pytest

from app.jobs import ForgetJob, IndexJob
from app.resume import UnfinishedRuns
from app.settings import AppSettings
from app.wiring import build_window
from core import service
from core.library.lock import writer_free
from core.library.store import VideoLibrary
from tests.app.conftest import SESSION_TIMEOUT_MS, wait_idle
from tests.app.test_remove_drops_runs_inside import indexed_home
from tests.app.test_remove_refused_keeps_runs import new_folder
from tests.app.test_writer_turn import another_writer


def stop_the_removal(patch, session, when: str) -> threading.Event:
    """Core's removal of the session's folder stopped ``when`` ("before" it writes, "mid": its
    record written, its rows not yet deleted; "after" it is done): the returned event is set
    there, and the worker then waits for the session's close (what follows in it is the dead
    process's, never on disk)."""
    entered, real_forget, real_finish = threading.Event(), service.forget_folder, VideoLibrary._finish_forget

    def stopped(then=None):
        entered.set()
        deadline = time.monotonic() + 30
        while not session._closed and time.monotonic() < deadline:
            time.sleep(0.01)
        if then is None:
            raise RuntimeError("killed")  # (nothing more of it happens)
        return then

    def forget(library, folder, keep_inside=False):
        if when == "before":
            return stopped()
        return stopped(real_forget(library, folder, keep_inside)) if when == "after" else \
            real_forget(library, folder, keep_inside)

    def finish(self):
        if when == "mid" and not entered.is_set():
            return stopped()
        return real_finish(self)

    patch.setattr(service, "forget_folder", forget)
    patch.setattr(VideoLibrary, "_finish_forget", finish)
    return entered


def heard_window(session, settings):
    """The real window, what its session says kept in ``session.messages`` from its open on."""
    session.messages = []
    session.message.connect(lambda _level, text: session.messages.append((_level, text)))
    return build_window(session, settings)


@pytest.mark.parametrize("when", ["before", "mid", "after"])
def test_a_kill_mid_removal_loses_no_run(qtbot, make_session, make_app_window, demo_clips, tmp_path, when):
    session, home, _downloads = indexed_home(qtbot, make_session, demo_clips, tmp_path)
    library, new, other = tmp_path / "lib", new_folder(demo_clips, home), tmp_path / "hx" / "Other"
    other.mkdir()
    shutil.copy(demo_clips / "orange-person-snow.mp4", other)
    session.resume.store = UnfinishedRuns(AppSettings())  # (the window's: in SEEKFRAME_HOME)
    with pytest.MonkeyPatch.context() as patch:
        killed_mid_removal(qtbot, session, patch, library, new, other, home, when)

    window = make_app_window(library, build=heard_window)  # (core's removal as it is)
    again = window.session
    qtbot.waitUntil(lambda: str(other) in again.status.folders and not again.indexing, timeout=SESSION_TIMEOUT_MS)
    wait_idle(qtbot, again)  # (the runs left resumed, as one: ~/New with it when it is resumed)
    if when == "before":  # nothing removed: ~ stays, ~/New is indexed as part of it, as a refusal leaves it
        assert set(again.status.folders) == {str(home), str(other)}, again.status.folders
        assert again.status.videos == 4, again.status.videos
        said = " ".join(t for _l, t in again.messages)
        assert f"{home} is still in the library: Seekframe closed before its removal was done" in said, said
    else:  # removed (finished by this open from core's record): ~/New not added back as a folder of its own
        assert again.status.folders == (str(other),), again.status.folders
        assert again.status.videos == 1, again.status.videos
    assert again.resume.store.runs(str(library)) == ()  # (done: nothing left to resume)


def killed_mid_removal(qtbot, session, patch, library, new, other, home, when):
    """``new`` and ``other`` queued, ``home`` asked to go (all wait for another process); once it is
    gone the removal starts and is stopped ``when`` (``stop_the_removal``), the app killed there."""
    entered = stop_the_removal(patch, session, when)
    qtbot.waitUntil(lambda: writer_free(library), timeout=10_000)
    with another_writer(library):  # (the runs and the removal wait for it: the removal starts once it is gone)
        session.add_folder(str(new))
        session.add_folder(str(other))
        qtbot.waitUntil(lambda: sorted(session._runner.queue.roots()) == sorted([str(new), str(other)])
                        and not session._runner.adds.looking, timeout=10_000)
        session.remove_folder(str(home))
        qtbot.waitUntil(lambda: session._runner.turn.waiting is not None, timeout=10_000)
    qtbot.waitUntil(entered.is_set, timeout=SESSION_TIMEOUT_MS)
    qtbot.wait(300)  # (what the GUI thread does as the removal starts, done)
    session.resume.store = UnfinishedRuns()  # killed: nothing more reaches the disk
    assert session.close(timeout=30.0)


def test_the_record_keeps_the_removal_under_way_apart(tmp_path):
    """The removal under way and its held runs are recorded beside the runs left, never among them
    (an app that does not know it reads the runs alone); the next record without it drops it."""
    store = UnfinishedRuns(AppSettings(tmp_path / "app.ini"))
    held = (IndexJob(("/v/h/New",)), IndexJob(("/v/h/b",), prune=True))
    store.set("/lib", IndexJob(("/v/x",)), ForgetJob("/v/h", held=held))
    again = UnfinishedRuns(AppSettings(tmp_path / "app.ini"))  # (as the next process reads it)
    assert again.runs("/lib") == (IndexJob(("/v/x",)),)
    assert again.removal("/lib").folder == "/v/h" and again.removal("/lib").held == held
    store.set("/lib", None, ForgetJob("/v/h"))  # (nothing else left: the removal alone, holding none)
    assert store.runs("/lib") == () and store.removal("/lib").held == ()
    store.set("/lib", IndexJob(None))  # (a run of every folder, the removal over)
    assert store.runs("/lib") == (IndexJob(None),) and store.removal("/lib") is None
    store.set("/lib", None)
    assert store.runs("/lib") == () and store.removal("/lib") is None
