"""The window's Add of a folder on a full disk that refused the write listing it said 'Indexing
stopped: … choose Re-scan in the library panel to index the rest', though the folder was not the
library's and a re-scan would never index it. It now says the folder was not added and to add it
again once there is room; added again, the banner goes."""

from __future__ import annotations

import shutil

from tests.app.conftest import SESSION_TIMEOUT_MS, wait_idle
from tests.app.test_disk_full_banner_goes import add, no_periodic_read  # noqa: F401 (autouse: no periodic read)
from tests.test_new_folder_not_added_full import refusing_the_listing_of


def test_a_folder_a_full_disk_kept_from_the_library_is_said_not_added(qtbot, make_app_window, demo_library,
                                                                      demo_clips, tmp_path, monkeypatch):
    e = tmp_path / "E"
    e.mkdir()
    shutil.copy(demo_clips / "red-ball-beach.mp4", e / "again.mp4")
    window = make_app_window(demo_library)
    s, panel = window.session, window.library_panel
    qtbot.waitUntil(lambda: panel._add.isEnabled(), timeout=SESSION_TIMEOUT_MS)
    with monkeypatch.context() as m:
        refusing_the_listing_of(m, e)
        add(qtbot, window, e)
        qtbot.waitUntil(lambda: window.banner.text.startswith(f"{e} was not added to the library: the disk holding "
                                                              "the library is full"), timeout=SESSION_TIMEOUT_MS)
        wait_idle(qtbot, s)
    assert window.banner.text.endswith(f"then add {e} again (File › Add folder…)."), window.banner.text
    assert "Re-scan" not in window.banner.text and str(e) not in panel.folders()
    add(qtbot, window, e)  # (room again)
    qtbot.waitUntil(lambda: str(e) in panel.folders(), timeout=SESSION_TIMEOUT_MS)
    wait_idle(qtbot, s)
    qtbot.waitUntil(lambda: not window.banner.isVisible(), timeout=SESSION_TIMEOUT_MS)  # (what the run's end posts)
