"""The window said an index that stopped before it finished (a `seekframe index` killed or
interrupted: ``core.stopped_runs``) beside its folder, "N still to index", and its tooltip
that Re-scan indexes the rest, but offered nothing on it: finishing meant a re-scan of every
folder, found through a tooltip. Now the library panel shows "Finish indexing" while an online
folder has files such a run left: one click indexes those folders (a run of them, as a re-scan of
them), and the button goes once they are indexed. Not started on its own at the open: the window
resumes its own runs a closed window left and a killed CLI run, never one a user cancelled (a
Ctrl-C, as here, says so in its record: tests/app/test_resume_killed_cli_run)."""

from __future__ import annotations

import json

from PySide6.QtCore import Qt

from app.library_panel import LibraryPanel
from core import stopped_runs
from tests.app.conftest import SESSION_TIMEOUT_MS
from tests.app.stopped_run import two_new_clips
from tests.stopped_index import ctrl_c_run


def test_the_panel_offers_to_finish_the_folders_a_stopped_index_left(qtbot):
    panel = LibraryPanel()
    qtbot.addWidget(panel)
    panel.show()
    panel.set_folders(["/v/D", "/v/K"], counts={"/v/D": 4, "/v/K": 2})
    assert not panel._finish.isVisible()
    panel.set_folders(["/v/D", "/v/K", "/v/O"], offline={"/v/O"}, counts={"/v/D": 4, "/v/K": 2},
                      stopped={"/v/D": 20, "/v/O": 3})
    assert panel._finish.isVisible() and panel._finish.isEnabled()
    assert "20 files" in panel._finish.toolTip() and "/v/D" in panel._finish.toolTip()
    with qtbot.waitSignal(panel.finish_requested, timeout=10_000) as asked:
        qtbot.mouseClick(panel._finish, Qt.MouseButton.LeftButton)
    assert asked.args == [("/v/D",)]  # (not the offline one: nothing to read there now)
    assert "once it is back, Finish indexing indexes the rest" in panel._list.item(2).toolTip()
    panel.set_indexing(True)
    assert not panel._finish.isEnabled()
    panel.set_indexing(False)
    panel.set_folders(["/v/O"], offline={"/v/O"}, stopped={"/v/O": 3})  # (only an offline one: nothing to do now)
    assert not panel._finish.isVisible()


def test_finish_indexing_in_the_window_indexes_what_a_stopped_cli_run_left(qtbot, make_app_window, demo_library,
                                                                          tmp_path, monkeypatch):
    folder = two_new_clips(tmp_path)
    ctrl_c_run(demo_library, folder, monkeypatch)
    window = make_app_window(demo_library)
    session, panel = window.session, window.library_panel
    qtbot.waitUntil(lambda: session.is_ready and session.status.opened, timeout=SESSION_TIMEOUT_MS)
    assert session.status.folder_stopped == ((str(folder), 2),)
    assert not session.indexing  # (not started on its own)
    qtbot.waitUntil(lambda: panel._finish.isVisible() and panel._finish.isEnabled(), timeout=SESSION_TIMEOUT_MS)
    with qtbot.waitSignal(panel.finish_requested, timeout=10_000) as asked:
        qtbot.mouseClick(panel._finish, Qt.MouseButton.LeftButton)
    assert asked.args == [(str(folder),)]
    qtbot.waitUntil(lambda: not session.indexing and session.status.folder_stopped == ()
                    and dict(session.status.folder_videos).get(str(folder)) == 2, timeout=SESSION_TIMEOUT_MS)
    qtbot.waitUntil(lambda: not panel._finish.isVisible(), timeout=SESSION_TIMEOUT_MS)
    assert stopped_runs.KEY not in json.loads((demo_library / "library.json").read_text())["extra"]["settings"]
