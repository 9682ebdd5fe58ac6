"""'Indexing stopped: the disk holding the library is full … to index the rest' stayed up once
Finish indexing had indexed the rest, where the library had another folder: only a run of every
folder took it (a Re-scan), though the Finish indexing the library panel offered for the folder the
full disk stopped had left nothing to index. It goes now once a run finishes whose roots hold every
folder a stopped run left files in; a run of another folder still leaves it up
(test_disk_full_banner_goes)."""

from __future__ import annotations

import errno
import shutil

from tests.app.conftest import SESSION_TIMEOUT_MS, wait_idle
from tests.app.test_disk_full_banner_goes import add, no_periodic_read  # noqa: F401 (autouse: no periodic read)


def test_indexing_stopped_goes_once_finish_indexing_indexed_the_rest_beside_another_folder(
        qtbot, make_app_window, tmp_path, demo_clips, monkeypatch):
    from core.library.moments import MomentTable

    a, b = tmp_path / "a", tmp_path / "b"
    for folder, names in ((b, ("white-heart-sunset.mp4",)), (a, ("red-ball-beach.mp4", "blue-car-street.mp4"))):
        folder.mkdir()
        for name in names:
            shutil.copy(demo_clips / name, folder / name)
    window = make_app_window(tmp_path / "lib")
    s, panel = window.session, window.library_panel
    qtbot.waitUntil(lambda: panel._add.isEnabled(), timeout=10_000)
    add(qtbot, window, b)
    qtbot.waitUntil(lambda: s.status.videos == 1, timeout=SESSION_TIMEOUT_MS)
    wait_idle(qtbot, s)
    real = MomentTable.commit

    def full(self, items):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(MomentTable, "commit", full)
    add(qtbot, window, a)
    qtbot.waitUntil(lambda: window.banner.text.startswith("Indexing stopped: the disk holding the library is full"),
                    timeout=SESSION_TIMEOUT_MS)
    wait_idle(qtbot, s)
    monkeypatch.setattr(MomentTable, "commit", real)  # space freed
    qtbot.waitUntil(lambda: panel._finish.isVisible() and panel._finish.isEnabled(), timeout=SESSION_TIMEOUT_MS)
    panel._finish.click()
    qtbot.waitUntil(lambda: any(t.startswith("Indexed 2 of 2") for _l, t in window.message_log),
                    timeout=SESSION_TIMEOUT_MS)
    wait_idle(qtbot, s)
    qtbot.waitUntil(lambda: not window.banner.isVisible(), timeout=SESSION_TIMEOUT_MS)  # (what the run's end posts)
    assert s.status.videos == 3 and sorted(panel.folders()) == [str(a), str(b)]
