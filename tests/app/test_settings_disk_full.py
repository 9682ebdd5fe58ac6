"""The window's settings on a full disk (or a folder turned read-only) are said to be unsaved, once:
QSettings' write is refused there without a word (the file keeps what it had), and with it the
indexing a closed window leaves to finish next time, and a note it held, were lost silently.
``AppSettings.sync`` now says False and tells ``unsaved`` (the window's warning) once."""

from __future__ import annotations

import os
import shutil

from PySide6.QtCore import QSettings

from app.settings import AppSettings
from tests.app.conftest import SESSION_TIMEOUT_MS, wait_idle
from tests.mounts import mounts  # noqa: F401  (the fixture)


def _fill(folder) -> None:
    """Another program fills the disk of ``folder``."""
    fd = os.open(folder / "filler", os.O_WRONLY | os.O_CREAT)
    try:
        while os.write(fd, bytes(4096)):
            pass
    except OSError:
        pass
    finally:
        os.close(fd)


def test_settings_on_a_real_full_disk_are_said_unsaved_once(tmp_path, mounts):
    home = mounts.tmpfs(tmp_path / "home", size="64k")
    settings, told = AppSettings(home / "seekframe-app.ini"), []
    settings.unsaved = told.append
    settings.results_mode = "videos"
    assert settings.sync() and told == []
    kept = (home / "seekframe-app.ini").read_bytes()
    _fill(home)
    settings.unfinished_runs = {str(tmp_path / "lib"): {"folders": ["x" * 200] * 40}}
    assert settings.sync() is False and settings.sync() is False
    assert len(told) == 1 and told[0].startswith(f"Seekframe cannot save its settings in {home} (its disk is full): "), told
    assert (home / "seekframe-app.ini").read_bytes() == kept  # (the file keeps what it had)
    (home / "filler").unlink()
    assert settings.sync() and b"unfinished" in (home / "seekframe-app.ini").read_bytes()  # (room again: kept)


class _Refused:
    """The window's QSettings, its writes refused as a full disk refuses them."""

    def __init__(self, real):
        self._real = real

    def __getattr__(self, name):
        return getattr(self._real, name)

    def status(self):
        return QSettings.Status.AccessError


def test_the_window_warns_once_when_a_folder_added_cannot_be_remembered(qtbot, make_app_window, demo_library,
                                                                        demo_clips, tmp_path, monkeypatch):
    window = make_app_window(demo_library)
    monkeypatch.setattr(window.settings, "_s", _Refused(window.settings._s))
    monkeypatch.setattr(shutil, "disk_usage", lambda _p: shutil._ntuple_diskusage(1 << 30, 1 << 30, 0))
    folder = tmp_path / "more"
    folder.mkdir()
    shutil.copy(demo_clips / "red-ball-beach.mp4", folder / "again.mp4")
    panel = window.library_panel
    qtbot.waitUntil(lambda: panel._add.isEnabled(), timeout=SESSION_TIMEOUT_MS)
    panel.ask_folder = lambda: str(folder)
    panel.request_add()  # (remembered in the settings before any work starts: app.unfinished_runs)
    qtbot.waitUntil(lambda: str(folder) in panel.folders(), timeout=SESSION_TIMEOUT_MS)
    wait_idle(qtbot, window.session)
    said = [text for level, text in window.message_log if "cannot save its settings" in text]
    assert len(said) == 1 and said[0].startswith("Seekframe cannot save its settings in ") and \
        "(its disk is full)" in said[0], window.message_log
