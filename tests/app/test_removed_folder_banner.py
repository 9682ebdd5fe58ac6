"""A folder found offline by a re-scan is warned of in the banner ("… is offline (an unplugged
drive?): its videos are kept and marked offline until it is back"). Removing that folder then left
the warning up, saying its videos are kept though they had just left the library. The banner now
goes once the folder it names has left the library; a warning about a folder still there stays."""

from __future__ import annotations

import shutil

from tests.app.conftest import SESSION_TIMEOUT_MS, wait_idle


def offline_warning(qtbot, make_app_window, tmp_path, demo_clips):
    a, b = tmp_path / "a", tmp_path / "b"
    for folder, names in ((a, ("red-ball-beach.mp4",)), (b, ("blue-car-street.mp4",))):
        folder.mkdir()
        for name in names:
            shutil.copy(demo_clips / name, folder / name)
    window = make_app_window(tmp_path / "lib")
    s, panel = window.session, window.library_panel
    qtbot.waitUntil(lambda: panel._add.isEnabled(), timeout=10_000)
    for folder in (a, b):
        panel.ask_folder = lambda f=folder: str(f)
        panel.request_add()
        qtbot.waitUntil(lambda f=folder: str(f) in panel.folders(), timeout=SESSION_TIMEOUT_MS)
        wait_idle(qtbot, s)
    a.rename(tmp_path / "a-away")
    s.rescan()
    qtbot.waitUntil(lambda: window.banner.text.startswith(f"{a} is offline"), timeout=SESSION_TIMEOUT_MS)
    wait_idle(qtbot, s)
    return window, str(a), str(b)


def remove(qtbot, window, folder):
    panel = window.library_panel
    panel._list.setCurrentRow(panel.folders().index(folder))
    panel.confirm_remove = lambda _folder: True
    panel._on_remove()
    qtbot.waitUntil(lambda: folder not in panel.folders(), timeout=SESSION_TIMEOUT_MS)
    wait_idle(qtbot, window.session)
    qtbot.wait(100)


def test_removing_the_offline_folder_takes_its_warning_away(qtbot, make_app_window, tmp_path, demo_clips):
    window, a, _b = offline_warning(qtbot, make_app_window, tmp_path, demo_clips)
    remove(qtbot, window, a)
    assert not window.banner.isVisible(), window.banner.label.text()


def test_removing_another_folder_keeps_the_warning(qtbot, make_app_window, tmp_path, demo_clips):
    window, a, b = offline_warning(qtbot, make_app_window, tmp_path, demo_clips)
    remove(qtbot, window, b)
    assert window.banner.text.startswith(f"{a} is offline")
