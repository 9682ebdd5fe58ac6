"""A run a full disk stopped never offers "Repair library": the storage engine's own error for it
(``lance error: LanceError(IO): … Unable to copy data to file: No space left on device (os error 28)``)
is classed with damaged tables (``core.unreadable.unread_kind``: no read to try again, a front end says
it as a full disk), and the window's workers took it for damage (``Worker.damaged``), so under 'Indexing stopped: the disk holding the library is
full … Free some space …' the window showed 'Part of this library cannot be read … Repair library'.
Seen on a real full tmpfs (/work/notes/s48/e.md); the tests before faked the disk with an OSError."""

from __future__ import annotations

import shutil

import pytest

from app.workers import Task
from tests.app.conftest import SESSION_TIMEOUT_MS, wait_idle

FULL = ("lance error: LanceError(IO): Generic LocalFileSystem error: Unable to copy data to file: No space left on "
        "device (os error 28), /root/.cargo/registry/src/index.crates.io-1949cf8c6b5b557f/lance-table-13.0.0/src/io/"
        "commit.rs:1663:50")


@pytest.mark.parametrize("text", [FULL, "lance error: LanceError(IO): Disk quota exceeded (os error 122)",
                                  "lance error: LanceError(IO): File too large (os error 27)"])
def test_a_worker_failed_by_the_engines_full_disk_is_no_damage(qtbot, text):
    def work():
        raise RuntimeError(text)

    worker = Task(work, name="index")
    with qtbot.waitSignal(worker.failed, timeout=10_000):
        worker.start()
    assert not worker.damaged and not worker.unread_now and "is full" in worker.error, worker.error
    broken = Task(lambda: (_ for _ in ()).throw(RuntimeError("lance error: LanceError(IO): failed to fill whole "
                                                             "buffer")), name="search")
    with qtbot.waitSignal(broken.failed, timeout=10_000):
        broken.start()
    assert broken.damaged  # (damage still is)


def test_a_run_a_full_disk_stopped_offers_no_repair(qtbot, make_app_window, tmp_path, demo_clips, monkeypatch):
    from core.library.moments import MomentTable

    a = tmp_path / "a"
    a.mkdir()
    for name in ("red-ball-beach.mp4", "blue-car-street.mp4"):
        shutil.copy(demo_clips / name, a / name)

    def full(self, items):
        raise RuntimeError(FULL)

    monkeypatch.setattr(MomentTable, "commit", full)
    window = make_app_window(tmp_path / "lib")
    panel = window.library_panel
    qtbot.waitUntil(lambda: panel._add.isEnabled(), timeout=10_000)
    panel.ask_folder = lambda: str(a)
    panel.request_add()
    qtbot.waitUntil(lambda: window.banner.text.startswith("Indexing stopped: the disk holding the library is full"),
                    timeout=SESSION_TIMEOUT_MS)
    wait_idle(qtbot, window.session)
    qtbot.wait(500)  # (a damage look would have been asked by now: its worker's answer comes at once)
    wait_idle(qtbot, window.session)
    assert not window.repair_notice.isVisible()
    assert window.banner.text.startswith("Indexing stopped: the disk holding the library is full")
