"""The library panel hid the video count of a folder "(being removed)" as the rest of a stopped
`seekframe forget` of several folders, though its tooltip says its videos are still searched until
then (only the removal under way takes them out of the search): a user saw a folder with no count
beside others with theirs, and could not tell what it still holds. Now it shows its count; the
removal under way's, whose videos are no longer searched, still none."""

from __future__ import annotations

import json

from app.library_panel import FORGET_NEXT_TIP, FORGETTING, LibraryPanel
from tests.app.test_forget_pending_app import texts


def test_the_rest_of_a_stopped_request_keeps_its_count(show_view, no_real_dialogs, qtbot):
    panel = show_view(LibraryPanel())
    panel.set_folders(["/v/a", "/v/b", "/w"], counts={"/v/a": 3, "/v/b": 2, "/w": 1}, forgetting="/v/a",
                      forget_next=("/v/b",))
    assert texts(panel) == ["/v/a" + FORGETTING, "/v/b  ·  2 videos" + FORGETTING, "/w  ·  1 video"]
    assert "still searched" in FORGET_NEXT_TIP and FORGET_NEXT_TIP in panel._list.item(1).toolTip()


def test_the_window_counts_the_folder_still_searched(qtbot, make_app_window, demo_library, demo_clips):
    from core.library.lock import lock_library

    folder = str(demo_clips)
    data = json.loads((demo_library / "library.json").read_text())
    data["extra"]["forget_request"] = [folder]
    (demo_library / "library.json").write_text(json.dumps(data))
    lock = lock_library(demo_library)  # (another process writes: the window reads it as it is)
    try:
        window = make_app_window(demo_library)
        qtbot.waitUntil(lambda: texts(window.library_panel) == [f"{folder}  ·  12 videos{FORGETTING}"],
                        timeout=10_000)
    finally:
        lock.release()
