"""A window whose writer open a full disk kept from removing the rest of a stopped `seekframe forget`
of several folders, with an index run of one of those folders queued (a run a closed window left;
the folder the user adds again is kept instead, its removal dropped: test_forget_request_readded): since 23a085d a run's start removes the rest
first, but the window's look for folders removed since a run was asked (``app.removed_meanwhile``)
came before that removal, so the run went on after it and added the folder back with its 12 videos,
only 'Removed ... the rest of it is done now' said. Now the run's start removes the rest before the
look: the run of a folder it removed goes with it, said as any removal meanwhile is ('was dropped
with the removal'); a run of another folder, or one asked after the removal, runs."""

from __future__ import annotations

import json
import shutil
import time

import pytest

from app.jobs import IndexJob
from app.resume_removed import Asked
from core.library.meta import read_meta
from tests.app.conftest import SESSION_TIMEOUT_MS, wait_idle
from tests.app.test_remove_killed_keeps_runs import heard_window
from tests.test_forget_whole import refuse_writes


def _opened_on_a_full_disk(qtbot, make_app_window, library, folder):
    """The window's writer open, the rest of a stopped request holding ``folder``, on a full disk:
    the open goes on, the rest pending (space freed once it has opened)."""
    data = json.loads((library / "library.json").read_text())  # (stopped before its last folder began)
    data["extra"]["forget_request"] = [folder]
    (library / "library.json").write_text(json.dumps(data))
    with pytest.MonkeyPatch.context() as m:
        refuse_writes(m, lambda meta: meta.forgetting == folder)
        window = make_app_window(library, build=heard_window)
        session = window.session
        qtbot.waitUntil(lambda: session.is_ready and session.status.opened, timeout=SESSION_TIMEOUT_MS)
        assert not session.read_only and session.status.forget_request == (folder,)
    return session


def _settled(qtbot, session) -> str:
    wait_idle(qtbot, session)
    session.refresh_status()
    qtbot.waitUntil(lambda: session.status.opened and not session._reader.runner.busy, timeout=SESSION_TIMEOUT_MS)
    return " ".join(t for _l, t in session.messages)


def test_a_queued_run_of_a_folder_the_run_s_start_removes_is_dropped_and_said(qtbot, make_app_window, demo_library,
                                                                            demo_clips):
    folder = str(demo_clips)
    session = _opened_on_a_full_disk(qtbot, make_app_window, demo_library, folder)
    asked = Asked(time.time(), 0)  # (as the resume queues a run a closed window left: no ask of the user's)
    session._runner.add(IndexJob((folder,)), {folder: asked})  # (space freed since the open)
    qtbot.waitUntil(lambda: any(f"Removed {folder} from the library (12 videos)" in t for _l, t in session.messages),
                    timeout=SESSION_TIMEOUT_MS)
    said = _settled(qtbot, session)
    assert session.status.folders == () and session.status.videos == 0, (session.status.folders,
                                                                         session.status.videos)
    assert f"The indexing of {folder}, waiting or under way, was dropped with the removal of the folder." in said, said
    assert said.count("was dropped with the removal") == 1 and said.count(f"Removed {folder}") == 1, said
    meta = read_meta(demo_library)
    assert meta.forget_request is None and not meta.settings.folders
    assert not any(level == "error" for level, _t in session.messages), session.messages


def test_a_run_of_another_folder_beside_it_runs_and_one_asked_after_the_removal_too(qtbot, make_app_window,
                                                                                   demo_library, demo_clips, tmp_path):
    folder, other = str(demo_clips), tmp_path / "other"
    other.mkdir()
    shutil.copy(next(demo_clips.glob("*.mp4")), other)
    session = _opened_on_a_full_disk(qtbot, make_app_window, demo_library, folder)
    session.add_folder(str(other), looked=True)  # (the run's start removes the rest: this folder runs)
    said = _settled(qtbot, session)
    assert f"Removed {folder} from the library (12 videos)" in said and "dropped" not in said, said
    assert session.status.folders == (str(other),) and session.status.videos == 1, (session.status.folders,
                                                                                   session.status.videos)
    session.add_folder(folder, looked=True)  # (asked after the removal: the user's add runs)
    said = _settled(qtbot, session)
    assert "dropped" not in said, said
    assert set(session.status.folders) == {folder, str(other)} and session.status.videos == 13, (
        session.status.folders, session.status.videos)
