"""A removal a full disk stopped says so in the banner ("Removing the folder stopped: the disk
holding the library is full … then choose Re-scan (or remove the folder again) to finish its
removal"). Once space was freed and a re-scan finished the removal ("Finished removing …"), the
banner still said it had stopped and what to do. It now goes when the removal is finished; while
the removal still waits it stays."""

from __future__ import annotations

from tests.app.conftest import SESSION_TIMEOUT_MS, wait_idle
from tests.app.test_disk_full_banner_goes import no_periodic_read  # noqa: F401 (autouse: no periodic read)
from tests.app.test_forget_stopped_app import stopped_removal, texts

STOPPED = "Removing the folder stopped: "


def test_the_stopped_removals_banner_goes_once_it_is_finished(qtbot, make_app_window, demo_library, demo_clips,
                                                             monkeypatch):
    window, said, freed = stopped_removal(qtbot, make_app_window, demo_library, str(demo_clips), monkeypatch)
    session, panel = window.session, window.library_panel
    assert window.banner.text.startswith(STOPPED)
    session.refresh_status()  # (a read while the removal still waits: the banner stays)
    qtbot.waitUntil(lambda: not session._reader.runner.busy, timeout=SESSION_TIMEOUT_MS)
    qtbot.wait(100)
    assert window.banner.text.startswith(STOPPED)
    freed()
    said.clear()
    window.rescan_action.trigger()
    qtbot.waitUntil(lambda: any(t.startswith("Finished removing") for _l, t in said), timeout=SESSION_TIMEOUT_MS)
    wait_idle(qtbot, session)
    qtbot.waitUntil(lambda: texts(panel) == [], timeout=SESSION_TIMEOUT_MS)
    qtbot.waitUntil(lambda: not window.banner.text.startswith(STOPPED), timeout=SESSION_TIMEOUT_MS)

