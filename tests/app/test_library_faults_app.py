"""Faults of the user's machine while the window is open: the library folder moved or deleted, its
disk turned read-only, the window closed while a repair runs. The window says what happened in
plain words with a way out, and never writes a new library where the old one was."""

from __future__ import annotations

import os
import shutil
import threading

from PySide6.QtCore import Qt

from tests.app.conftest import SESSION_TIMEOUT_MS, cached_loader, type_query, wait_idle
from tests.app.holding import HoldingEncoder, commit_each_video
from tests.app.test_session_library import library_state
from tests.app.test_session_search import BLUE_CAR, RED_BALL
from tests.mounts import mounts  # noqa: F401 (a fixture)


def test_a_library_folder_moved_away_while_open_is_said_gone_never_repaired_and_opens_again_once_back(
        qtbot, make_app_window, demo_library, tmp_path):
    window = make_app_window(demo_library)
    session, notice = window.session, window.gone_notice
    messages = []
    session.message.connect(lambda level, text: messages.append((level, text)))
    before = library_state(demo_library)
    moved = tmp_path / "moved-library"
    os.rename(demo_library, moved)  # renamed in the file manager, or its drive unplugged

    window.rescan_action.trigger()
    qtbot.waitUntil(notice.isVisible, timeout=SESSION_TIMEOUT_MS)
    wait_idle(qtbot, session)
    assert "is no longer there" in notice.text and notice.button.text() == "Open again"
    assert not window.repair_notice.isVisible()  # not "damaged": a repair would find no library there
    assert not any("damaged" in text or "Something went wrong" in text for _lvl, text in messages), messages
    assert session.read_only and not window.rescan_action.isEnabled()  # nothing is written where it was
    window.library_panel.ask_folder = lambda: str(tmp_path)
    session.add_folder(str(tmp_path))
    assert "Cannot add folders: The library folder" in messages[-1][1]
    assert type_query(qtbot, window, BLUE_CAR.query)  # search answers from memory meanwhile

    qtbot.mouseClick(notice.button, Qt.MouseButton.LeftButton)  # not back yet (looked at in a worker)
    qtbot.waitUntil(lambda: "still not the library" in notice.text, timeout=SESSION_TIMEOUT_MS)
    assert not demo_library.exists()

    os.rename(moved, demo_library)
    qtbot.mouseClick(notice.button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: session.status.opened and not session.read_only and session.is_ready,
                    timeout=SESSION_TIMEOUT_MS)
    assert not notice.isVisible() and window.rescan_action.isEnabled()
    assert type_query(qtbot, window, RED_BALL.query)[0].path.endswith(RED_BALL.file)
    window.close()
    assert library_state(demo_library) == before


def test_a_library_folder_deleted_while_open_gets_no_new_library_in_its_place(qtbot, make_app_window, demo_library):
    window = make_app_window(demo_library)
    session = window.session
    messages = []
    session.message.connect(lambda level, text: messages.append((level, text)))
    # (gone at once, as a file manager's move to the trash does: an rmtree walk raced the window's own periodic
    # status read writing videos-snapshot.json into the folder it was emptying, 'Directory not empty')
    trash = demo_library.with_name(demo_library.name + ".deleted")
    os.rename(demo_library, trash)
    shutil.rmtree(trash, ignore_errors=True)
    with qtbot.waitSignal(session.status_changed, timeout=SESSION_TIMEOUT_MS):
        session.refresh_status()  # (the status read fails on the tables that are gone)
    session.repair_library()  # (the damaged library's way out, which must not take this for one)
    qtbot.wait(500)
    wait_idle(qtbot, session)
    assert window.gone_notice.isVisible() and "is no longer there" in window.gone_notice.text
    assert not any("Could not repair" in text for _lvl, text in messages), messages
    window.close()
    assert not demo_library.exists()  # no new, empty library where the user's was


def test_closing_the_window_while_the_repair_runs_waits_for_it_and_opens_nothing_after(
        qtbot, make_app_window, demo_library, monkeypatch):
    import core.library.repair as repair_module

    real, started, gate = repair_module.repair, threading.Event(), threading.Event()

    def slow_repair(*args, **kwargs):
        started.set()
        gate.wait(20)
        return real(*args, **kwargs)

    monkeypatch.setattr(repair_module, "repair", slow_repair)
    window = make_app_window(demo_library)
    session = window.session
    before = library_state(demo_library)
    window.repair_notice.triggered.emit()  # "Repair library" (once a worker has seen its folder there)
    qtbot.waitUntil(started.is_set, timeout=10_000)
    release = threading.Timer(1.0, gate.set)
    release.start()
    window.close()  # mid-repair
    release.join()
    assert not session.repairs.running  # the close waited for it …
    qtbot.wait(300)
    assert session.library is None and not session.is_ready  # … and nothing opened after the window closed
    assert library_state(demo_library) == before


def test_a_library_whose_drive_turns_read_only_while_open_says_so_plainly_and_works_once_writable(
        qtbot, make_app_window, demo_library, mounts, tmp_path, demo_clips):
    window = make_app_window(demo_library)
    session = window.session
    messages = []
    session.message.connect(lambda level, text: messages.append((level, text)))
    mounts.bind(demo_library, demo_library)  # the drive remounted read-only (after a disk error)
    mounts.remount_read_only(demo_library)
    more = tmp_path / "more"
    more.mkdir()
    shutil.copy(demo_clips / BLUE_CAR.file, more / "again.mp4")

    session.add_folder(str(more))
    qtbot.waitUntil(lambda: any(lvl == "error" for lvl, _t in messages), timeout=SESSION_TIMEOUT_MS)
    wait_idle(qtbot, session)
    errors = [t for lvl, t in messages if lvl == "error"]
    assert not any("Something went wrong" in t or "Errno" in t for t in errors), errors
    assert any("read-only" in t and "Nothing is damaged" in t for t in errors), errors
    assert not window.repair_notice.isVisible()

    mounts.unmount(demo_library)  # writable again: the same folder indexes
    session.add_folder(str(more))
    qtbot.waitUntil(lambda: session.status.videos == 13, timeout=SESSION_TIMEOUT_MS)
    wait_idle(qtbot, session)


def test_a_library_folder_moved_away_mid_run_stops_the_run_and_is_said_gone(qtbot, make_app_window, tmp_path,
                                                                            demo_clips, demo_model, monkeypatch):
    pausing = HoldingEncoder(cached_loader(demo_model), commit_each_video(monkeypatch))
    window = make_app_window(tmp_path / "lib", model_loader=lambda source: pausing)
    session, messages = window.session, []
    session.message.connect(lambda level, text: messages.append((level, text)))
    session.add_folder(str(demo_clips))
    qtbot.waitUntil(pausing.paused.is_set, timeout=SESSION_TIMEOUT_MS)
    os.rename(tmp_path / "lib", tmp_path / "moved")  # while the run embeds its next batch
    pausing.go.set()
    qtbot.waitUntil(window.gone_notice.isVisible, timeout=SESSION_TIMEOUT_MS)
    wait_idle(qtbot, session)
    assert "is no longer there" in window.gone_notice.text and not window.repair_notice.isVisible()
    assert not any(lvl == "error" and ("damaged" in t or "Something went wrong" in t) for lvl, t in messages), messages
    # the run may have written its batch where the library was (the storage engine makes the folders):
    # the notice says to move that away before putting the library back
    assert ("move it away before you put the library back" in window.gone_notice.text) == (tmp_path / "lib").exists()
    shutil.rmtree(tmp_path / "lib", ignore_errors=True)
    os.rename(tmp_path / "moved", tmp_path / "lib")
    qtbot.mouseClick(window.gone_notice.button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: session.status.opened and not session.read_only and session.is_ready,
                    timeout=SESSION_TIMEOUT_MS)
    wait_idle(qtbot, session)  # (what the run left unfinished is resumed)
    qtbot.waitUntil(lambda: session.status.videos == 12 and not session.status.waiting, timeout=SESSION_TIMEOUT_MS)
