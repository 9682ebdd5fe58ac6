"""ae90e7e: the app killed while ~'s removal ran, with a run of /lnkh/New left (/lnkh a link to ~),
finds ~ gone at its next start and maps the runs left through links in a worker before resuming,
dropping /lnkh/New. But it wrote the record of the removal away at once, before that worker
answered: killed (or closed) again meanwhile (the worker reads the disk: a share slow to answer),
the start after found the run of /lnkh/New and no removal, resumed it, and ~/New came back as a
library folder of its own. Now the removal stays recorded until the runs are mapped."""

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


def test_a_kill_before_the_runs_are_mapped_keeps_the_removal_recorded(qtbot, make_session, make_app_window,
                                                                       demo_clips, tmp_path, monkeypatch):
    session, home, _downloads = indexed_home(qtbot, make_session, demo_clips, tmp_path)
    library, other = tmp_path / "lib", tmp_path / "hx" / "Other"
    new_folder(demo_clips, home)
    os.symlink(home, tmp_path / "lnkh")
    linked = str(tmp_path / "lnkh" / "New")
    other.mkdir()
    shutil.copy(demo_clips / "orange-person-snow.mp4", other)
    session.resume.store = UnfinishedRuns(AppSettings())  # (the window's: in SEEKFRAME_HOME)
    with pytest.MonkeyPatch.context() as patch:
        entered = stop_the_removal(patch, session, "after")
        qtbot.waitUntil(lambda: writer_free(library), timeout=10_000)
        with another_writer(library):  # (the runs and the removal wait for it)
            session.add_folder(linked)
            session.add_folder(str(other))
            qtbot.waitUntil(lambda: sorted(session._runner.queue.roots()) == sorted([linked, str(other)])
                            and not session._runner._looking, timeout=10_000)
            session.remove_folder(str(home))
            qtbot.waitUntil(lambda: session._runner.turn.waiting is not None, timeout=10_000)
        qtbot.waitUntil(entered.is_set, timeout=SESSION_TIMEOUT_MS)
        qtbot.wait(300)
        session.resume.store = UnfinishedRuns()  # killed: nothing more reaches the disk
        assert session.close(timeout=30.0)

    # the next start: killed again while its worker maps the runs left (held until then)
    mapping, answer = threading.Event(), threading.Event()
    real = app.resume._through_links

    def slow(*args):
        mapping.set()
        answer.wait(20)
        return real(*args)

    monkeypatch.setattr(app.resume, "_through_links", slow)
    second = make_app_window(library, build=heard_window).session
    try:
        qtbot.waitUntil(mapping.is_set, timeout=SESSION_TIMEOUT_MS)
        second._runner.changed.emit()  # (a runner change meanwhile records again: the removal still)
        assert UnfinishedRuns(AppSettings()).removal(str(library)) is not None  # (what a kill now leaves)
        second.resume.store = UnfinishedRuns()  # killed: nothing more reaches the disk
    finally:
        answer.set()
    assert second.close(timeout=30.0)
    monkeypatch.setattr(app.resume, "_through_links", real)

    again = make_app_window(library, build=heard_window).session
    qtbot.waitUntil(lambda: str(other) in again.status.folders and not again.indexing, timeout=SESSION_TIMEOUT_MS)
    wait_idle(qtbot, again)
    assert again.status.folders == (str(other),), again.status.folders  # (~/New not added back)
    said = " ".join(t for _l, t in again.messages)
    assert f"The indexing of {linked} (in {home})" in said and "dropped with the removal" in said, said
    assert again.resume.store.runs(str(library)) == ()
