"""The window's library panel says an index that stopped before it finished (fault attack s42,
finding 3, ``core.stopped_runs``): a `seekframe index` killed part-way, whose new files have no row
yet, left the folder listed with the videos it had, nothing said. Now the folder's row says how
many files are still to index and its tooltip that Re-scan indexes the rest; the Re-scan does,
and the row no longer says it."""

from __future__ import annotations

import json
import time

from app.library_panel import LibraryPanel
from core import stopped_runs
from tests.app.conftest import SESSION_TIMEOUT_MS


def test_the_panel_says_the_files_a_stopped_index_left(qtbot):
    panel = LibraryPanel()
    qtbot.addWidget(panel)
    panel.set_folders(["/v/D", "/v/K"], counts={"/v/D": 4, "/v/K": 2}, stopped={"/v/D": 20})
    row, other = panel._list.item(0), panel._list.item(1)
    assert row.text() == "/v/D  ·  4 videos  ·  20 still to index"
    assert ("Its last index stopped before it finished (20 files were still to index); Finish indexing indexes the rest."
            in row.toolTip())
    assert "still to index" not in other.text() + other.toolTip()
    panel.set_folders(["/v/D"], counts={"/v/D": 4}, forgetting="/v/D", stopped={"/v/D": 20})  # (on its way out)
    assert "still to index" not in panel._list.item(0).text() + panel._list.item(0).toolTip()


def test_the_window_says_it_and_its_re_scan_finishes_it(qtbot, make_app_window, demo_library, demo_clips):
    folder = str(demo_clips)
    data = json.loads((demo_library / "library.json").read_text())  # (a run of it killed after its plan)
    data["extra"]["settings"][stopped_runs.KEY] = {folder: {"files": 5, "failed": 0, "at": time.time()}}
    (demo_library / "library.json").write_text(json.dumps(data))
    window = make_app_window(demo_library)
    session, panel = window.session, window.library_panel
    qtbot.waitUntil(lambda: session.is_ready and session.status.opened, timeout=SESSION_TIMEOUT_MS)
    assert session.status.folder_stopped == ((folder, 5),)
    qtbot.waitUntil(lambda: "5 still to index" in panel._list.item(0).text(), timeout=SESSION_TIMEOUT_MS)
    assert "Finish indexing indexes the rest" in panel._list.item(0).toolTip()
    session.rescan()
    qtbot.waitUntil(lambda: not session.indexing and session.status.folder_stopped == (), timeout=SESSION_TIMEOUT_MS)
    qtbot.waitUntil(lambda: "still to index" not in panel._list.item(0).text(), timeout=SESSION_TIMEOUT_MS)
    assert stopped_runs.KEY not in json.loads((demo_library / "library.json").read_text())["extra"]["settings"]
