"""The library panel's tooltip of a folder holding folders the last index could not read said "a
re-scan tries again" while another seekframe process was indexing the library: the window is
read-only then, its Re-scan off, no re-scan to start. Now it says so (another seekframe is indexing
this library now; once it is done, a re-scan tries again), and "a re-scan tries again" once that
run is done, as the quick-moments line of the same tooltip does (test_status_quick_only_app)."""

from __future__ import annotations

import os

from core.library import VideoLibrary
from tests.app.conftest import SESSION_TIMEOUT_MS


def _tips(panel) -> list[str]:
    return [panel._list.item(i).toolTip() for i in range(panel._list.count())]


def test_the_unread_folders_tooltip_is_true_while_another_process_indexes(qtbot, make_app_window, demo_library,
                                                                          demo_clips):
    deep = os.path.join(str(demo_clips), "trips", "d" * 200)
    with VideoLibrary(demo_library) as library:  # (as a run whose walk met it records it: core.sync)
        library.update_settings(unread_folders={deep: "File name too long"})
    with VideoLibrary(demo_library):  # (another process's run under way: it holds the writer lock)
        window = make_app_window(demo_library)
        panel = window.library_panel
        qtbot.waitUntil(lambda: window.session.status.written_elsewhere and panel._list.count() == 1
                        and "1 folder not read" in panel._list.item(0).text(), timeout=SESSION_TIMEOUT_MS)
        tip, = _tips(panel)
        assert ("A folder in it could not be read by the last index (the videos in it are not indexed; another "
                f"seekframe is indexing this library now; once it is done, a re-scan tries again):\n  {deep}: "
                "File name too long") in tip, tip
        assert not window.library_panel._rescan.isEnabled()  # (there is no re-scan to start now)
    window.session.refresh_status()
    qtbot.waitUntil(lambda: not window.session.status.written_elsewhere, timeout=SESSION_TIMEOUT_MS)
    qtbot.waitUntil(lambda: any("not indexed; a re-scan tries again):" in tip for tip in _tips(panel)),
                    timeout=SESSION_TIMEOUT_MS)  # (its run done: the window's Re-scan tries again)
    assert not any("another seekframe" in tip for tip in _tips(panel))
