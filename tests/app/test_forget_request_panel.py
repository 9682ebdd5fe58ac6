"""The rest of a `seekframe forget` of several folders that stopped part-way (``library.json``'s
``forget_request``: removed by the next writer's open) was shown by the library panel as any other
folder: a window that opened such a library read-only (another process writing it), or whose writer
open a full disk kept from removing the rest, listed the folder as staying. Now the panel says it is
to be removed (greyed, a tooltip of its own: at the next open to write, or removed again now), and a
re-scan is said to finish it first (a run's start removes the rest too, as an open does)."""

from __future__ import annotations

import json

from app.library_panel import FORGET_NEXT_TIP, FORGETTING, FORGETTING_TIP, RESCAN_WAITS_TIP, LibraryPanel
from tests.app.conftest import SESSION_TIMEOUT_MS
from tests.app.test_forget_pending_app import texts


def test_the_panel_says_the_rest_of_a_stopped_removal_goes_next(show_view, no_real_dialogs, qtbot):
    panel = show_view(LibraryPanel())
    panel.set_folders(["/v/a", "/v/b", "/w"], counts={"/v/a": 3, "/v/b": 2, "/w": 1}, forget_next=("/v/b",))
    assert texts(panel) == ["/v/a  ·  3 videos", "/v/b  ·  2 videos" + FORGETTING, "/w  ·  1 video"]
    assert FORGET_NEXT_TIP in panel._list.item(1).toolTip() and FORGETTING_TIP not in panel._list.item(1).toolTip()
    assert panel._rescan.toolTip() == RESCAN_WAITS_TIP  # (a re-scan removes it first: service.IndexRun)
    panel._list.setCurrentRow(1)  # removing it again removes it now
    assert panel._remove.isEnabled() and "again" in panel._remove.toolTip()
    # beside the removal under way: each its own tooltip
    panel.set_folders(["/v/a", "/v/b", "/w"], forgetting="/v/a", forget_next=("/v/b",))
    assert texts(panel) == ["/v/a" + FORGETTING, "/v/b" + FORGETTING, "/w"]
    assert FORGETTING_TIP in panel._list.item(0).toolTip() and FORGET_NEXT_TIP in panel._list.item(1).toolTip()
    assert panel._rescan.toolTip() == RESCAN_WAITS_TIP
    panel.set_folders(["/v/a", "/v/b"], forget_next=("/v",))  # (the request names library folders only)
    assert texts(panel) == ["/v/a", "/v/b"]


def test_a_read_only_window_shows_the_rest_of_a_stopped_request(qtbot, make_app_window, demo_library, demo_clips):
    from core.library.lock import lock_library

    folder = str(demo_clips)
    data = json.loads((demo_library / "library.json").read_text())  # (stopped before its last folder began)
    data["extra"]["forget_request"] = [folder]
    (demo_library / "library.json").write_text(json.dumps(data))
    lock = lock_library(demo_library)  # another process writes the library
    try:
        window = make_app_window(demo_library)
        session = window.session
        assert session.read_only
        qtbot.waitUntil(lambda: texts(window.library_panel) == [f"{folder}  ·  12 videos{FORGETTING}"], timeout=10_000)
        assert session.status.forget_request == (folder,) and session.status.forgetting == ""
        assert FORGET_NEXT_TIP in window.library_panel._list.item(0).toolTip()
    finally:
        lock.release()  # the other process is done: this window opens the library as its writer, removing it
    session.refresh_status()  # (the read that sees it, as the periodic one does, without its 5 s wait)
    qtbot.waitUntil(lambda: not session.read_only and session.status.opened and texts(window.library_panel) == [],
                    timeout=SESSION_TIMEOUT_MS)
    assert session.status.forget_request == ()
