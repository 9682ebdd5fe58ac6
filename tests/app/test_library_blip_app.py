"""A read of the library that fails with an error of the moment (EIO, ESTALE: a disk, USB stick or
network share that blipped) is no damage (``core.momentary``): ``seekframe repair`` refuses it,
setting nothing aside. The window took it for damage all the same and offered "Repair library",
which then refused. Now it says the library could not be read just now, nothing changed, and
offers "Try again" (the library opened again) instead; real damage still offers the repair."""

from __future__ import annotations

import errno
from pathlib import Path

from PySide6.QtCore import Qt

from app.requests import SearchRequest
from core.library import location
from tests.app.conftest import SESSION_TIMEOUT_MS, wait_idle
from tests.app.test_session_search import RED_BALL, search

EIO = ("lance error: LanceError(IO): Generic N/A error: LanceError(IO): Generic LocalFileSystem error: Unable to "
       "read data from file /lib/db/moments.lance/data/abc.lance: Input/output error (os error 5), "
       "/rustc/2d81/library/core/src/result.rs:1896:29")


def test_a_search_that_meets_a_read_error_of_the_moment_offers_no_repair(qtbot):
    from app.workers import LatestRunner

    def search_blipped():
        raise RuntimeError(EIO)

    runner, failed, offered = LatestRunner("search"), [], []
    runner.failed.connect(lambda _key, msg: failed.append(msg))
    runner.damaged.connect(lambda: offered.append("repair"))
    with qtbot.waitSignal(runner.unread_now, timeout=10_000):
        runner.submit("q", search_blipped)
    qtbot.waitUntil(lambda: bool(failed) and not runner.busy, timeout=10_000)
    assert offered == [], "a read error of the moment was taken for damage: Repair offered"
    assert failed[0].startswith("The library could not be read just now (/lib/db/moments.lance/data/abc.lance: "
                                "Input/output error (os error 5))"), failed[0]
    assert "Nothing was changed; try again" in failed[0] and "Repair" not in failed[0], failed[0]


def test_a_library_whose_open_blipped_offers_try_again_and_opens_once_the_drive_reads(
        qtbot, make_app_window, demo_library, monkeypatch):
    """library.json's read fails with EIO while the window opens the library: the window offered
    "Repair library" (whose repair refuses); now "Try again", which opens it once the drive reads."""
    real, blip = location.Location.read_bytes, [True]

    def read_bytes(self, name):
        if blip[0] and name == "library.json":
            raise OSError(errno.EIO, "Input/output error", str(Path(str(self.root)) / name))
        return real(self, name)

    monkeypatch.setattr(location.Location, "read_bytes", read_bytes)
    window = make_app_window(demo_library, ready=False)
    session, notice = window.session, window.repair_notice
    messages = []
    session.message.connect(lambda level, text: messages.append((level, text)))
    qtbot.waitUntil(notice.isVisible, timeout=SESSION_TIMEOUT_MS)
    assert "could not be read just now" in notice.text and "Nothing was changed" in notice.text, notice.text
    assert notice.again_button.isVisible() and notice.again_button.text() == "Try again"
    assert not notice.button.isVisible()  # (no "Repair library": it would refuse, setting nothing aside)
    said = [t for lvl, t in messages if lvl == "error"]
    assert any("could not be read just now (library.json: Input/output error)" in t for t in said), messages
    assert not any("Repair library" in t or "damaged" in t for t in said), messages

    blip[0] = False  # (the drive reads again)
    qtbot.mouseClick(notice.again_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: session.status.opened and session.searcher is not None, timeout=SESSION_TIMEOUT_MS)
    wait_idle(qtbot, session)
    assert not notice.isVisible() and not session.repairs.running
    assert not list(demo_library.glob("*.damaged-*")) and not list(demo_library.glob("db/*.damaged-*"))
    assert Path(search(qtbot, session, SearchRequest(RED_BALL.query, k=1))[0].path).name == RED_BALL.file


def test_damage_after_a_blip_offers_the_repair_again(qtbot):
    """The notice says the latest: a read of the moment, then damage, shows "Repair library"."""
    from app.model_notice import REPAIR_TEXT, RepairNotice

    notice = RepairNotice()
    qtbot.addWidget(notice)
    notice.show_not_read_now()
    assert notice.not_read_now and not notice.button.isVisibleTo(notice)
    notice.show_notice()
    assert not notice.not_read_now and notice.button.isVisibleTo(notice) and notice.text == REPAIR_TEXT
