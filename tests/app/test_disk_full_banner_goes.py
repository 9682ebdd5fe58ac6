"""A write a full disk refused is said in the banner ('Indexing stopped: the disk holding the
library is full … Free some space …, then choose Re-scan', or '… was not added to the library: the
removal of …, which a full disk stopped earlier, has to finish first …'). Once space was freed and
the re-scan (or the folder added again) finished, the banner still said so, though the library
had just been written. It now goes once a later run finishes.

The tests wait generously for it to go (a loaded CI machine), with the window's status read every few
seconds kept off (``no_periodic_read``): a banner that only such a later read took away would pass them."""

from __future__ import annotations

import errno
import shutil

import pytest

from tests.app.conftest import SESSION_TIMEOUT_MS, wait_idle
from tests.app.test_forget_stopped_app import stopped_removal


@pytest.fixture(autouse=True)
def no_periodic_read(monkeypatch):
    """The window's status read every few seconds (``StatusReader.attach``'s timer) never made: what takes the
    banner away is the run's end and the status read it asks for."""
    from app.status_reader import StatusReader

    monkeypatch.setattr(StatusReader, "attach", lambda self: None)


def add(qtbot, window, folder):
    panel = window.library_panel
    panel.ask_folder = lambda: str(folder)
    panel.request_add()


def indexing_stopped_then_freed(qtbot, make_app_window, tmp_path, demo_clips, monkeypatch):
    """A new library whose first folder ``a`` (two clips) a full disk stopped indexing ('Indexing
    stopped: the disk holding the library is full …'), then space freed. The window."""
    from core.library.moments import MomentTable

    a = tmp_path / "a"
    a.mkdir()
    for name in ("red-ball-beach.mp4", "blue-car-street.mp4"):
        shutil.copy(demo_clips / name, a / name)
    real = MomentTable.commit

    def full(self, items):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(MomentTable, "commit", full)
    window = make_app_window(tmp_path / "lib")
    qtbot.waitUntil(lambda: window.library_panel._add.isEnabled(), timeout=10_000)
    add(qtbot, window, a)
    qtbot.waitUntil(lambda: window.banner.text.startswith("Indexing stopped: the disk holding the library is full"),
                    timeout=SESSION_TIMEOUT_MS)
    wait_idle(qtbot, window.session)
    monkeypatch.setattr(MomentTable, "commit", real)  # space freed
    return window


def not_added_then_freed(qtbot, make_app_window, demo_library, demo_clips, tmp_path, monkeypatch, *names):
    """A library whose removal of ``demo_clips`` a full disk stopped; a folder of each of ``names``
    under ``tmp_path``, each with a clip; the first added and refused ('… was not added to the
    library'), then space freed. The window and the folders."""
    window, _said, freed = stopped_removal(qtbot, make_app_window, demo_library, str(demo_clips), monkeypatch)
    folders = [tmp_path / name for name in names]
    for folder in folders:
        folder.mkdir()
        shutil.copy(demo_clips / "red-ball-beach.mp4", folder / "red-ball-beach.mp4")
    add(qtbot, window, folders[0])
    qtbot.waitUntil(lambda: window.banner.text.startswith(f"{folders[0]} was not added to the library"),
                    timeout=SESSION_TIMEOUT_MS)
    wait_idle(qtbot, window.session)
    freed()
    return window, folders


def removal_stopped_beside(qtbot, make_app_window, demo_library, demo_clips, b, monkeypatch):
    """The library of ``demo_clips`` with ``b`` (a copy of a clip) added, then the removal of
    ``demo_clips`` stopped by a full disk. The window and what frees the space."""
    from app.library_panel import FORGETTING
    from tests.app.test_forget_stopped_app import full_disk, texts

    window, folder = make_app_window(demo_library), str(demo_clips)
    s, panel = window.session, window.library_panel
    b.mkdir()
    shutil.copy(demo_clips / "red-ball-beach.mp4", b / "again.mp4")
    qtbot.waitUntil(lambda: panel._add.isEnabled(), timeout=10_000)
    add(qtbot, window, b)
    qtbot.waitUntil(lambda: str(b) in panel.folders(), timeout=SESSION_TIMEOUT_MS)
    wait_idle(qtbot, s)
    freed = full_disk(monkeypatch, folder)
    s.remove_folder(folder)
    qtbot.waitUntil(lambda: folder + FORGETTING in texts(panel), timeout=SESSION_TIMEOUT_MS)
    wait_idle(qtbot, s)
    return window, freed


def test_indexing_stopped_on_a_full_disk_goes_once_a_re_scan_finishes(qtbot, make_app_window, tmp_path, demo_clips,
                                                                    monkeypatch):
    window = indexing_stopped_then_freed(qtbot, make_app_window, tmp_path, demo_clips, monkeypatch)
    s = window.session
    s.rescan()
    qtbot.waitUntil(lambda: any(t.startswith("Indexed 2 of 2") for _l, t in window.message_log),
                    timeout=SESSION_TIMEOUT_MS)
    wait_idle(qtbot, s)
    qtbot.waitUntil(lambda: not window.banner.isVisible(), timeout=SESSION_TIMEOUT_MS)  # (what the run's end posts)
    assert s.status.videos == 2


def test_indexing_stopped_stays_said_while_a_run_of_another_folder_leaves_the_rest_unindexed(
        qtbot, make_app_window, tmp_path, demo_clips, monkeypatch):
    """'Indexing stopped: the disk … is full … then choose Re-scan … to index the rest' went when
    the run of a folder added next (space freed) finished, though the stopped folder's videos were
    still not indexed and nothing said so any more. Only a run of every folder (Re-scan) takes it."""
    window = indexing_stopped_then_freed(qtbot, make_app_window, tmp_path, demo_clips, monkeypatch)
    s, y = window.session, tmp_path / "y"
    y.mkdir()
    shutil.copy(demo_clips / "red-ball-beach.mp4", y / "again.mp4")
    add(qtbot, window, y)
    qtbot.waitUntil(lambda: str(y) in window.library_panel.folders() and s.status.videos == 1,
                    timeout=SESSION_TIMEOUT_MS)
    wait_idle(qtbot, s)
    qtbot.wait(100)
    assert window.banner.isVisible() and window.banner.text.startswith("Indexing stopped"), window.banner.text
    s.rescan()
    qtbot.waitUntil(lambda: s.status.videos == 3, timeout=SESSION_TIMEOUT_MS)
    wait_idle(qtbot, s)
    qtbot.waitUntil(lambda: not window.banner.isVisible(), timeout=SESSION_TIMEOUT_MS)  # (what the run's end posts)


def test_a_folder_not_added_for_a_full_disk_goes_once_it_is_added(qtbot, make_app_window, demo_library, demo_clips,
                                                                 tmp_path, monkeypatch):
    window, (b,) = not_added_then_freed(qtbot, make_app_window, demo_library, demo_clips, tmp_path, monkeypatch, "b")
    s = window.session
    add(qtbot, window, b)
    qtbot.waitUntil(lambda: str(b) in window.library_panel.folders() and s.status.forgetting == "",
                    timeout=SESSION_TIMEOUT_MS)
    wait_idle(qtbot, s)
    qtbot.waitUntil(lambda: not window.banner.isVisible(), timeout=SESSION_TIMEOUT_MS)  # (what the run's end posts)


def test_a_folder_not_added_for_a_full_disk_stays_said_until_it_is_added(qtbot, make_app_window, demo_library,
                                                                        demo_clips, tmp_path, monkeypatch):
    """'b was not added to the library … then add b again' went when any later run finished: space
    freed, the user added another folder c (or chose Re-scan), its run finished the stopped removal
    and the banner went, though b was still not in the library and nothing said so any more. It
    goes once b is a library folder."""
    window, (b, c) = not_added_then_freed(qtbot, make_app_window, demo_library, demo_clips, tmp_path, monkeypatch,
                                          "b", "c")
    s = window.session
    add(qtbot, window, c)
    qtbot.waitUntil(lambda: str(c) in window.library_panel.folders() and s.status.forgetting == "",
                    timeout=SESSION_TIMEOUT_MS)
    wait_idle(qtbot, s)
    qtbot.wait(100)
    assert str(b) not in window.library_panel.folders()
    assert window.banner.isVisible() and window.banner.text.startswith(f"{b} was not added"), window.banner.text
    add(qtbot, window, b)
    qtbot.waitUntil(lambda: str(b) in window.library_panel.folders(), timeout=SESSION_TIMEOUT_MS)
    wait_idle(qtbot, s)
    qtbot.waitUntil(lambda: not window.banner.isVisible(), timeout=SESSION_TIMEOUT_MS)  # (what the run's end posts)


def test_a_folder_not_removed_for_a_full_disk_stays_said_until_it_is_removed(qtbot, make_app_window, demo_library,
                                                                            demo_clips, tmp_path, monkeypatch):
    """'b was not removed: nothing changed for it … then remove b again' (another folder's stopped
    removal to finish first, the disk still full) went when a later re-scan finished, though b was
    still in the library. It goes once b has left it."""
    b = tmp_path / "b"
    window, freed = removal_stopped_beside(qtbot, make_app_window, demo_library, demo_clips, b, monkeypatch)
    s, panel, folder = window.session, window.library_panel, str(demo_clips)
    s.remove_folder(str(b))
    qtbot.waitUntil(lambda: window.banner.text.startswith(f"{b} was not removed"), timeout=SESSION_TIMEOUT_MS)
    wait_idle(qtbot, s)
    freed()
    s.rescan()
    qtbot.waitUntil(lambda: s.status.forgetting == "" and folder not in panel.folders(), timeout=SESSION_TIMEOUT_MS)
    wait_idle(qtbot, s)
    qtbot.wait(100)
    assert str(b) in panel.folders()
    assert window.banner.isVisible() and window.banner.text.startswith(f"{b} was not removed"), window.banner.text
    s.remove_folder(str(b))
    qtbot.waitUntil(lambda: str(b) not in panel.folders(), timeout=SESSION_TIMEOUT_MS)
    wait_idle(qtbot, s)
    qtbot.waitUntil(lambda: not window.banner.isVisible(), timeout=SESSION_TIMEOUT_MS)  # (what the run's end posts)


def test_a_folder_not_added_goes_once_added_again_under_the_library_spelling(qtbot, make_app_window, demo_library,
                                                                            demo_clips, tmp_path, monkeypatch):
    """The folder not added was a link to a library folder: added again, the library lists it
    under its own spelling, not the link's; the banner goes all the same (the run of it finished)."""
    b, link = tmp_path / "b", tmp_path / "link"
    window, freed = removal_stopped_beside(qtbot, make_app_window, demo_library, demo_clips, b, monkeypatch)
    s, panel = window.session, window.library_panel
    link.symlink_to(b)
    add(qtbot, window, link)
    qtbot.waitUntil(lambda: window.banner.text.startswith(f"{link} was not added"), timeout=SESSION_TIMEOUT_MS)
    wait_idle(qtbot, s)
    freed()
    add(qtbot, window, link)
    qtbot.waitUntil(lambda: s.status.forgetting == "", timeout=SESSION_TIMEOUT_MS)
    wait_idle(qtbot, s)
    qtbot.waitUntil(lambda: not window.banner.isVisible(), timeout=SESSION_TIMEOUT_MS)  # (what the run's end posts)
    assert panel.folders() == [str(b)]


def test_indexing_stopped_on_a_full_disk_goes_once_finish_indexing_of_every_folder_finishes(
        qtbot, make_app_window, tmp_path, demo_clips, monkeypatch):
    """Finish indexing (a run of the folders a stopped run left files in, named) of the library's one
    folder indexed the rest, and 'Indexing stopped: the disk … is full … to index the rest' stayed up
    over 'Indexed 2 of 2 files': only a run of no folder named (Re-scan) took it."""
    window = indexing_stopped_then_freed(qtbot, make_app_window, tmp_path, demo_clips, monkeypatch)
    s, panel = window.session, window.library_panel
    qtbot.waitUntil(lambda: panel._finish.isVisible() and panel._finish.isEnabled(), timeout=SESSION_TIMEOUT_MS)
    panel._finish.click()
    qtbot.waitUntil(lambda: any(t.startswith("Indexed 2 of 2") for _l, t in window.message_log),
                    timeout=SESSION_TIMEOUT_MS)
    wait_idle(qtbot, s)
    qtbot.waitUntil(lambda: not window.banner.isVisible(), timeout=SESSION_TIMEOUT_MS)  # (what the run's end posts)
    assert s.status.videos == 2
