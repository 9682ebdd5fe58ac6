"""The app killed (or closed) with an index run of a library folder unfinished (``app.resume``'s
record holds it), then that folder removed by another process: `seekframe forget` from a terminal,
or another window. The app knew only the removals it recorded itself and those its own writer's open
finished, so its next start resumed the run: the folder came back as a library folder, its 12
videos indexed again, the user's removal undone without a word. Now each removal's last write adds
the folder and when to library.json's ``removed`` (``core.library.removed``), and the resume drops
(and says) the runs left in a folder removed after they were recorded, through a link too
(``app.resume_removed``). A folder the user added again after the removal (the CLI, or a window
killed before its run wrote it to the library), or a new folder never in the library, resumes."""

from __future__ import annotations

import os
import sys

import pytest

from app.jobs import IndexJob
from core.cli import main
from core.library.meta import read_meta
from tests.app.conftest import SESSION_TIMEOUT_MS, wait_idle
from tests.app.test_resume import open_session, store, three_clips  # noqa: F401


def _forget(library, folder) -> None:
    """``seekframe forget FOLDER`` from a terminal, while no window is open."""
    assert main(["forget", str(folder), "--library", str(library)]) == 0
    assert str(folder) not in (read_meta(library).settings.folders or ())


def _settled(qtbot, session):
    """Once whatever the open resumed is done, and the status read again."""
    qtbot.waitUntil(lambda: session.resume._done, timeout=SESSION_TIMEOUT_MS)
    wait_idle(qtbot, session)
    session.refresh_status()
    qtbot.waitUntil(lambda: session.status.opened and not session._reader.runner.busy, timeout=SESSION_TIMEOUT_MS)
    return " ".join(t for _l, t in session.messages)


@pytest.mark.parametrize("spelled", ["as listed", "through a link"])
def test_a_run_left_of_a_folder_forgotten_from_the_command_line_is_dropped(qtbot, open_session, store,  # noqa: F811
                                                                           demo_library, demo_clips, tmp_path,
                                                                           spelled):
    if spelled == "through a link" and sys.platform == "win32":
        pytest.skip("symbolic links")
    folder = str(demo_clips)
    root = folder
    if spelled == "through a link":
        root = str(tmp_path / "lnk")
        os.symlink(folder, root)
    store.set(str(demo_library), IndexJob((root,)))  # (the window killed mid-run of it)
    _forget(demo_library, folder)
    session = open_session(demo_library, store)
    said = _settled(qtbot, session)
    assert session.status.folders == () and session.status.videos == 0, (session.status.folders,
                                                                         session.status.videos)
    assert f"The indexing of {root}" in said and "was dropped with the removal" in said, said
    assert "Resuming the indexing" not in said, said
    assert store.runs(str(demo_library)) == () and store.removals(str(demo_library)) == ()
    assert not read_meta(demo_library).settings.folders


@pytest.mark.parametrize("how", ["by the command line", "in a window killed before its run began"])
def test_a_folder_added_again_after_the_removal_resumes(qtbot, open_session, store, demo_library,  # noqa: F811
                                                        demo_clips, demo_model, how):
    folder = str(demo_clips)
    if how == "by the command line":
        store.set(str(demo_library), IndexJob((folder,)))  # (killed mid-run), then forgotten, then added again
        _forget(demo_library, folder)
        assert main(["index", folder, "--library", str(demo_library), "--model", demo_model]) == 0
    else:  # forgotten, then added again in a window killed before its run wrote the folder to the library
        _forget(demo_library, folder)
        store.set(str(demo_library), IndexJob((folder,)))
    session = open_session(demo_library, store)
    said = _settled(qtbot, session)
    assert "Resuming the indexing" in said and "dropped" not in said, said
    assert session.status.folders == (folder,) and session.status.videos == 12, (session.status.folders,
                                                                                session.status.videos)
    assert store.runs(str(demo_library)) == ()


def test_a_new_folder_s_run_resumes_beside_one_dropped(qtbot, open_session, store, demo_library,  # noqa: F811
                                                       demo_clips, tmp_path):
    folder, new = str(demo_clips), str(three_clips(demo_clips, tmp_path / "new"))  # (never in the library)
    store.set(str(demo_library), IndexJob((folder, new)))
    _forget(demo_library, folder)
    session = open_session(demo_library, store)
    said = _settled(qtbot, session)
    assert f"The indexing of {folder}" in said and "Resuming the indexing" in said, said
    assert session.status.folders == (new,) and session.status.videos == 3, (session.status.folders,
                                                                             session.status.videos)
    assert store.runs(str(demo_library)) == ()
