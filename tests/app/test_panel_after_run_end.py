"""At the end of a first run, for about a second, the library panel said "3 videos · 1 still to index"
and showed Finish indexing while the indexing panel said "Indexed 4 of 4 files" (s55 G audit,
screenshot indexing_3): a status read begun before the run's last commit was shown once the run was
over. The panel now never shows a read older than the run's end it was told of: the read the run's end
asks for (``JobRunner._on_ended``) comes next and is shown."""

from __future__ import annotations

import time
from dataclasses import replace

from core.pass_book import IndexEvent
from tests.app.conftest import SESSION_TIMEOUT_MS


def _row(panel) -> str:
    return panel._list.item(0).text()


def test_a_status_read_before_the_runs_end_is_not_shown_after_it(qtbot, make_app_window, demo_library):
    window = make_app_window(demo_library)
    s, panel = window.session, window.library_panel
    qtbot.waitUntil(lambda: s.status.opened and s.status.folders and panel._list.count() == 1,
                    timeout=SESSION_TIMEOUT_MS)
    folder = s.status.folders[0]
    before = time.monotonic()  # (a read begun here: the run's last file not committed yet)
    s.index_event.emit(IndexEvent("finished", files_done=12, files_total=12))
    controller = window.wiring.library
    stale = replace(s.status, indexing=False, read_at=before, folder_stopped=((folder, 1),))
    controller.show_status(stale)
    assert "still to index" not in _row(panel) and panel._finish.isHidden(), _row(panel)
    # a read begun after the run's end is shown, whatever it says
    controller.show_status(replace(stale, read_at=time.monotonic()))
    assert "1 still to index" in _row(panel) and not panel._finish.isHidden(), _row(panel)
    controller.show_status(replace(stale, read_at=time.monotonic(), folder_stopped=()))
    assert "still to index" not in _row(panel) and panel._finish.isHidden(), _row(panel)
