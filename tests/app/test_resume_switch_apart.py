"""A library's unfinished runs stay its own across a switch (``app.resume``: ``IndexResume.closed``, and
nothing recorded for a library until its runs left are read). The session emits ``opened`` before the new
library's runs left are read; a listener that made the job runner say ``changed`` there (a folder added as
the library opens) had the record written under the new library with the runs the previous library's last
window left, still in hand as its model had not loaded: the new library then read them as its own and
indexed the user's other folder into itself."""

from __future__ import annotations

import os

from app.jobs import IndexJob
from app.resume import UnfinishedRuns
from app.settings import AppSettings
from tests.app.conftest import SESSION_TIMEOUT_MS, wait_idle


def test_a_folder_added_as_another_library_opens_takes_none_of_the_runs_left(qtbot, make_session, tmp_path):
    mine, theirs = tmp_path / "my-videos", tmp_path / "their-videos"
    mine.mkdir()
    theirs.mkdir()
    my_lib, their_lib = str(tmp_path / "my-lib"), str(tmp_path / "their-lib")
    store = UnfinishedRuns(AppSettings(tmp_path / "app.ini"))
    store.set(my_lib, IndexJob((str(mine),)))  # (my library's last window killed mid-run)

    def no_model(_source):  # (my library's model never loads: its run left stays in hand, not resumed)
        raise RuntimeError("no model here")

    session = make_session(my_lib, ready=False, loader=no_model)
    session.resume.store = store
    qtbot.waitUntil(lambda: session.is_open and session.model_failed, timeout=SESSION_TIMEOUT_MS)
    assert session.resume.left_roots() == (str(mine),)

    def add_theirs(library_dir, _read_only):  # (a listener that adds a folder as the library opens)
        if os.path.basename(library_dir) == "their-lib":
            session.add_folder(str(theirs))

    session.opened.connect(add_theirs)
    with qtbot.waitSignal(session.ready, timeout=SESSION_TIMEOUT_MS):
        session.open(their_lib)  # (a switch: my library closed, theirs opened with a model that loads)
    qtbot.waitUntil(lambda: session.resume._done and session.status.opened, timeout=SESSION_TIMEOUT_MS)
    wait_idle(qtbot, session)
    assert session.status.folders == (str(theirs),), session.status.folders
    said = " ".join(t for _level, t in session.messages)
    assert "Resuming" not in said, said
    assert not store.runs(their_lib)
    assert store.runs(my_lib) == (IndexJob((str(mine),)),)  # (kept for my library's next open)

    session.opened.disconnect(add_theirs)
    with qtbot.waitSignal(session.ready, timeout=SESSION_TIMEOUT_MS):
        session.open(my_lib)  # (its model loads now: its run left resumes there, and only there)
    qtbot.waitUntil(lambda: session.resume._done and session.status.opened, timeout=SESSION_TIMEOUT_MS)
    wait_idle(qtbot, session)
    assert session.status.folders == (str(mine),), session.status.folders
    assert not store.runs(my_lib)
