"""The library panel's tooltip of a folder holding folders the last index could not read said
"(the videos in it are not indexed; a re-scan tries again)" for a library folder whose drive is
offline, though a re-scan reads nothing in a folder that is not there (core.sync keeps its records
as they were). Now it says the drive or share is offline, and that a re-scan tries again once it is
back; a folder that is there keeps the old words."""

from __future__ import annotations

import os

from core.library import VideoLibrary
from tests.app.conftest import SESSION_TIMEOUT_MS


def _rows(panel) -> dict[str, str]:
    return {panel._list.item(i).text(): panel._list.item(i).toolTip() for i in range(panel._list.count())}


def test_the_unread_folders_tooltip_of_an_offline_folder_says_the_drive_is_away(qtbot, make_app_window,
                                                                                demo_library, demo_clips, tmp_path):
    drive = str(tmp_path / "usb" / "holiday")  # (never made: a drive not plugged in)
    away, here = os.path.join(drive, "d" * 200), os.path.join(str(demo_clips), "trips", "e" * 200)
    with VideoLibrary(demo_library) as library:  # (as runs whose walks met them recorded them: core.sync)
        library.update_settings(folders=[str(demo_clips), drive],
                                unread_folders={away: "File name too long", here: "File name too long"})
    window = make_app_window(demo_library)
    panel = window.library_panel
    qtbot.waitUntil(lambda: drive in window.session.status.offline_folders and panel._list.count() == 2
                    and all("1 folder not read" in t for t in _rows(panel)), timeout=SESSION_TIMEOUT_MS)
    tips = _rows(panel)
    offline = next(tip for text, tip in tips.items() if text.startswith(drive))
    online = next(tip for text, tip in tips.items() if text.startswith(str(demo_clips)))
    assert "re-scan tries again):" not in offline.replace("once it is back, a re-scan tries again):", ""), offline
    assert ("A folder in it could not be read by the last index (the videos in it are not indexed; its drive or "
            "share is offline now; once it is back, a re-scan tries again):\n"
            f"  {away}: File name too long") in offline, offline
    assert ("(the videos in it are not indexed; a re-scan tries again):\n"
            f"  {here}: File name too long") in online, online
