"""The library panel's tooltip of a library folder missing whose videos a run found moved (``mv ~/Videos
~/Movies``, then a re-scan: core.folder_moved records where) said "This folder cannot be reached right now
(a drive that is not connected?). Its videos stay in the library…", though none stayed there. It says
where they were found and to Remove it if it was renamed, in core's words (``seekframe status``'s, with
the window's Remove for `seekframe forget`); a folder whose drive is away keeps its words. So does one with no
drive recorded (an earlier release's library) whose videos a run took as copies: the run's words, as `status`."""

from __future__ import annotations

from app.library_panel import OFFLINE_TIP
from core.folder_moved import WINDOW, status_text, unrecorded_text
from core.library import VideoLibrary
from tests.app.conftest import SESSION_TIMEOUT_MS


def _tips(panel) -> dict[str, str]:
    return {panel._list.item(i).toolTip().split("\n")[0]: panel._list.item(i).toolTip()
            for i in range(panel._list.count())}


def test_a_renamed_folder_s_tooltip_says_its_videos_were_found_moved(qtbot, make_app_window, demo_library,
                                                                    demo_clips, tmp_path):
    renamed, drive = str(tmp_path / "Videos"), str(tmp_path / "usb")  # (neither there: as a run found them)
    older = str(tmp_path / "Clips")  # (no drive recorded: its videos found in the demo clips taken as copies)
    with VideoLibrary(demo_library) as library:  # (as a run that found Videos' videos in the demo clips left them)
        library.update_settings(folders=[str(demo_clips), renamed, drive, older],
                                held_roots={renamed: "missing", drive: "missing", older: "missing"},
                                moved_folders={renamed: str(demo_clips)}, copied_folders={older: [str(demo_clips), 2]})
    window = make_app_window(demo_library)
    panel = window.library_panel
    qtbot.waitUntil(lambda: {renamed, drive, older} <= set(window.session.status.offline_folders)
                    and panel._list.count() == 4, timeout=SESSION_TIMEOUT_MS)
    found = dict(window.session.status.folder_found)  # (core's words, the window's: one choice, FolderStatus.found)
    assert found == {renamed: status_text(renamed, str(demo_clips), 0, WINDOW),
                     older: unrecorded_text(older, 2, str(demo_clips), WINDOW)}, found
    tips = _tips(panel)
    assert tips[renamed] == (f"{renamed}\nIts videos were found moved to {demo_clips} (the folder renamed?): if it "
                             "was renamed, Remove it from the library."), tips
    assert tips[drive] == f"{drive}\n{OFFLINE_TIP}", tips
    assert tips[older] == f"{older}\n{unrecorded_text(older, 2, str(demo_clips), WINDOW)}", tips
