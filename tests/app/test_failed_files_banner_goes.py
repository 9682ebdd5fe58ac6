"""The warning a run leaves of files it could not index ('1 file could not be indexed (corrupt.mp4:
damaged or incomplete MP4/MOV file …). It is retried when it changes.') stayed after the user removed
the folder holding them: untrue (the file is no longer the library's, nothing retries it), and it
names the file by its name alone, so the removal's check for the folder's path never matched. Now
it goes once each file it was about was in a folder this window removed; a removal of another
folder leaves it."""

from __future__ import annotations

import shutil

from tests.app.conftest import SESSION_TIMEOUT_MS, wait_idle

DAMAGED = b"\x00\x00\x00\x18ftypmp42" + bytes(range(256)) * 40  # an MP4 header, then no video


def _add(qtbot, window, folder):
    window.library_panel.ask_folder = lambda: str(folder)
    window.library_panel.request_add()
    qtbot.waitUntil(lambda: str(folder) in window.library_panel.folders(), timeout=SESSION_TIMEOUT_MS)
    wait_idle(qtbot, window.session)


def _remove(qtbot, window, folder):
    window.library_panel.confirm_remove = lambda _folder: True
    window.library_panel._list.setCurrentRow(window.library_panel.folders().index(str(folder)))
    window.library_panel._on_remove()
    qtbot.waitUntil(lambda: str(folder) not in window.session.status.folders, timeout=SESSION_TIMEOUT_MS)
    wait_idle(qtbot, window.session)
    qtbot.wait(100)


def test_the_failed_files_warning_goes_with_their_folder(qtbot, make_app_window, tmp_path, demo_clips):
    phone, camera = tmp_path / "phone", tmp_path / "camera"
    for folder, clip in ((phone, "red-ball-beach.mp4"), (camera, "blue-car-street.mp4")):
        folder.mkdir()
        shutil.copy(demo_clips / clip, folder / clip)
    (camera / "corrupt.mp4").write_bytes(DAMAGED)
    window = make_app_window(tmp_path / "lib")
    qtbot.waitUntil(lambda: window.library_panel._add.isEnabled(), timeout=10_000)
    _add(qtbot, window, phone)
    _add(qtbot, window, camera)
    qtbot.waitUntil(lambda: "1 file could not be indexed (corrupt.mp4" in window.banner.text,
                    timeout=SESSION_TIMEOUT_MS)
    said = window.banner.text
    _remove(qtbot, window, phone)  # (another folder: the file is still the library's)
    assert window.banner.isVisible() and window.banner.text == said
    _remove(qtbot, window, camera)
    assert not window.banner.isVisible() or "could not be indexed" not in window.banner.text
