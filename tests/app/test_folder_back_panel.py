"""The library panel said a library folder its last index found missing "(offline)", "This folder cannot be
reached right now (a drive that is not connected?)", greyed, once it was back (renamed back, its drive
plugged in again) until a re-scan. It says it back, with what brings it up to date, in core's words
(``core.status_words.back_text``, `seekframe status`'s, with the window's Re-scan); a folder still away keeps
its words. The window has no watcher of folders coming back that re-scans: its status read (every few
seconds, one bounded look a folder) notices, and the Re-scan is the user's."""

from __future__ import annotations

from app.library_panel import OFFLINE_TIP
from core.library import VideoLibrary
from tests.app.conftest import SESSION_TIMEOUT_MS
from tests.app.test_folder_renamed_panel import _tips


def test_a_folder_back_where_its_last_index_found_it_missing_is_said_back(qtbot, make_app_window, demo_library,
                                                                         demo_clips, tmp_path):
    drive = str(tmp_path / "usb")  # (not there: its drive still away)
    with VideoLibrary(demo_library) as library:  # (as a run that found both missing left them; demo_clips is back)
        library.update_settings(folders=[str(demo_clips), drive],
                                held_roots={str(demo_clips): "missing", drive: "missing"})
    window = make_app_window(demo_library)
    panel = window.library_panel
    qtbot.waitUntil(lambda: window.session.status.folder_found and panel._list.count() == 2, timeout=SESSION_TIMEOUT_MS)
    assert window.session.status.folder_found == (  # (core.status_words.back_text: its hold, none offline)
        (str(demo_clips), "back: its last index found it missing; Re-scan brings it up to date"),)
    assert str(demo_clips) not in window.session.status.offline_folders
    tips = _tips(panel)
    said = "Back: its last index found it missing; Re-scan brings it up to date."  # (core.status_words.back_text)
    assert tips[str(demo_clips)] == f"{demo_clips}\n{said}", tips
    assert tips[drive] == f"{drive}\n{OFFLINE_TIP}", tips
    rows = {panel._list.item(i).toolTip().split("\n")[0]: panel._list.item(i).text() for i in range(panel._list.count())}
    assert rows[str(demo_clips)].endswith("(back)") and rows[drive].endswith("(offline)"), rows
