"""The app killed with indexing left unfinished (``app.resume``: recorded in the app's settings) of a
folder that a `seekframe forget` then asked gone: a forget of several folders stopped part-way
(``forget_request``, 4ec98b7), or a single one killed mid-way (``forgetting``). The window's next
writer open removes the folder (``VideoLibrary.forget_resumed`` / ``forget_finished``); the
unfinished run of it was resumed all the same, and the folder came back as a library folder, its
videos indexed again, though the user had asked it gone. Now the runs left in a folder this open
removed go with it, as those of a removal the app recorded itself do (``IndexResume._removal_cut``),
and the user is told."""

from __future__ import annotations

import json

import pytest

from app.jobs import IndexJob
from app.resume import UnfinishedRuns
from app.settings import AppSettings
from core.library.meta import read_meta
from tests.app.conftest import SESSION_TIMEOUT_MS, wait_idle
from tests.app.test_remove_killed_keeps_runs import heard_window


@pytest.mark.parametrize("how", ["request", "forgetting"])
def test_a_run_left_in_a_folder_the_open_removes_is_dropped(qtbot, make_app_window, demo_library, demo_clips,
                                                             how):
    folder = str(demo_clips)
    data = json.loads((demo_library / "library.json").read_text())
    if how == "request":  # (a forget of several stopped before its last folder began)
        data["extra"]["forget_request"] = [folder]
    else:  # (a forget killed once its record was written)
        data["extra"]["forgetting"] = folder
    (demo_library / "library.json").write_text(json.dumps(data))
    UnfinishedRuns(AppSettings()).set(str(demo_library), IndexJob((folder,)))  # (the window killed mid-run)
    window = make_app_window(demo_library, build=heard_window)
    session = window.session
    qtbot.waitUntil(lambda: session.resume._done or session.indexing, timeout=SESSION_TIMEOUT_MS)
    wait_idle(qtbot, session)
    session.refresh_status()
    qtbot.waitUntil(lambda: session.status.opened, timeout=SESSION_TIMEOUT_MS)
    assert session.status.folders == () and session.status.videos == 0, (session.status.folders,
                                                                         session.status.videos)
    said = " ".join(t for _l, t in session.messages)
    assert f"The indexing of {folder}" in said and "was dropped with the removal" in said, said
    assert "Resuming the indexing" not in said, said
    assert session.resume.store.runs(str(demo_library)) == ()
    assert session.resume.store.removals(str(demo_library)) == ()
    meta = read_meta(demo_library)
    assert meta.forget_request is None and meta.forgetting is None and not meta.settings.folders
