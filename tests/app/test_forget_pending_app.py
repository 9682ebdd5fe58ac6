"""A folder removal that an earlier one left part-way (Seekframe closed, or a full disk refused its
last write: ``library.json``'s ``forgetting``, which ``seekframe status`` says) is shown by the app
too. Before, a window that opened such a library read-only listed the folder as if nothing had
happened, a window whose own removal a full disk stopped offered Re-scan (through the same writer,
which indexed the folder again), and when a writer's open finished the removal nobody was told.
Now the library panel says the folder is being removed (greyed; removing it again, or a re-scan,
which finishes the removal first since 1f7ec42, finishes it), and the window says when the removal is finished: by its own writer
open, or by the other process."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtGui import QPalette

from app.forget_news import ForgetNews
from app.library_panel import FORGETTING, FORGETTING_TIP, RESCAN_WAITS_TIP, LibraryPanel
from tests.app.conftest import SESSION_TIMEOUT_MS
from tests.app.test_view_library_panel import painted_text


def texts(panel):
    return [panel._list.item(i).text() for i in range(panel._list.count())]


def interrupt_forget(lib: Path, folder: str) -> None:
    """``lib`` as a removal of ``folder`` stopped right after it was recorded leaves it (killed
    before its rows went: ``VideoLibrary.forget_folder``'s first write, nothing after)."""
    from core.library import VideoLibrary

    with VideoLibrary(lib) as library:
        with library.conn.writing():
            library.conn.write_meta(forgetting=folder)
    import json

    assert json.loads((lib / "library.json").read_text())["extra"]["forgetting"] == folder


def test_the_panel_says_a_folder_is_being_removed_and_offers_to_finish_it(show_view, no_real_dialogs,
                                                                                        qtbot):
    panel = show_view(LibraryPanel())
    panel.set_folders(["/v/a", "/v/b"], counts={"/v/a": 3, "/v/b": 2}, forgetting="/v/a")
    assert texts(panel) == ["/v/a" + FORGETTING, "/v/b  ·  2 videos"]
    # the folder on its way out painted quieter than the one staying (app.muted: still read)
    assert painted_text(panel, 0) != painted_text(panel, 1)
    assert painted_text(panel, 1) == panel._list.palette().color(QPalette.ColorRole.Text)
    assert painted_text(panel, 0).lightness() > painted_text(panel, 1).lightness()  # (on a light Base)
    assert FORGETTING_TIP in panel._list.item(0).toolTip() and FORGETTING_TIP not in panel._list.item(1).toolTip()
    assert panel._rescan.isEnabled() and panel._rescan.toolTip() == RESCAN_WAITS_TIP  # (it finishes the removal)
    panel._list.setCurrentRow(0)  # removing it again finishes it (a full disk's removal in this window)
    assert panel._remove.isEnabled() and "again" in panel._remove.toolTip()
    panel.confirm_remove = lambda folder: True
    with qtbot.waitSignal(panel.remove_requested) as sig:
        panel._remove.click()
    assert sig.args == ["/v/a"]
    panel.set_read_only(True)  # (a window read-only as another process writes: nothing offered)
    assert not panel._remove.isEnabled() and not panel._rescan.isEnabled()
    panel.set_read_only(False)
    # a folder above the library's folders being removed: each of them is on its way out
    panel.set_folders(["/v/a", "/v/b"], forgetting="/v")
    assert texts(panel) == ["/v/a" + FORGETTING, "/v/b" + FORGETTING]
    # a single video's removal pending: its folder stays as it is; none pending: as before
    panel.set_folders(["/v/a"], counts={"/v/a": 3}, forgetting="/v/a/clip.mp4")
    assert texts(panel) == ["/v/a  ·  3 videos"]
    panel.set_folders(["/v/a", "/v/ab"], forgetting="/v/a")
    assert texts(panel) == ["/v/a" + FORGETTING, "/v/ab"]  # (a sibling whose name starts alike is no part of it)
    panel.set_folders(["/v/a", "/v/ab"])
    assert texts(panel) == ["/v/a", "/v/ab"] and panel._rescan.isEnabled()


def test_each_finish_is_said_once():
    news = ForgetNews()
    assert news.heard("", "/v/a", None, by_other=True) == ""  # pending: the panel says it
    said = news.heard("/v/a", "", None, by_other=True)  # the other process finished it
    assert said.startswith("/v/a is removed from the library now")
    assert news.heard("", "", None, by_other=True) == ""
    assert news.heard("/v/a", "", None, by_other=False) == ""  # this window's own removal: its job says it
    finished = ("/v/b", 4)
    assert "Finished removing /v/b" in news.heard("", "", finished, by_other=False)
    again = tuple(["/v/b", 4])  # (another open's finish: a tuple of its own, as each open makes one)
    assert "4 videos left it now" in news.heard("", "", again, by_other=False)
    assert news.heard("/v/b", "", None, by_other=True) == ""  # (a read that saw it pending before: said)
    assert news.heard("", "", again, by_other=False) == ""  # the same handle's, heard again
    news.reset()
    assert news.heard("", "", again, by_other=False) != ""  # another library open


def _panel_rows(window) -> list[str]:
    return texts(window.library_panel)


def test_a_read_only_window_shows_the_pending_removal_and_says_when_its_writer_open_finishes_it(
        qtbot, make_app_window, demo_library, demo_clips):
    from core.library.lock import lock_library

    folder = str(demo_clips)
    interrupt_forget(demo_library, folder)
    lock = lock_library(demo_library)  # another process writes the library
    try:
        window = make_app_window(demo_library)
        session = window.session
        said = []
        session.message.connect(lambda _level, text: said.append(text))
        assert session.read_only
        qtbot.waitUntil(lambda: _panel_rows(window) == [folder + FORGETTING], timeout=10_000)
        assert FORGETTING_TIP in window.library_panel._list.item(0).toolTip()
        session._reader._periodic.setInterval(200)
        qtbot.wait(600)  # (reads while the other process writes: still pending, nothing said)
        assert _panel_rows(window) == [folder + FORGETTING] and not any("removing" in t for t in said)
    finally:
        lock.release()  # the other process is done: this window opens the library as its writer
    qtbot.waitUntil(lambda: not session.read_only and session.status.opened and _panel_rows(window) == [],
                    timeout=SESSION_TIMEOUT_MS)
    qtbot.waitUntil(lambda: any(t.startswith(f"Finished removing {folder}") for t in said), timeout=10_000)
    done = [t for t in said if "removing" in t or "removed" in t]
    assert len(done) == 1 and "12 videos left it now" in done[0], said
    assert session.status.videos == 0 and session.status.forgetting == ""


def test_a_read_only_window_says_when_the_other_process_finishes_the_removal(qtbot, make_app_window, demo_library,
                                                                             demo_clips):
    from core.library import VideoLibrary
    from core.library.lock import lock_library

    folder = str(demo_clips)
    interrupt_forget(demo_library, folder)
    lock = lock_library(demo_library)
    window = make_app_window(demo_library)
    session = window.session
    said = []
    session.message.connect(lambda _level, text: said.append(text))
    qtbot.waitUntil(lambda: _panel_rows(window) == [folder + FORGETTING], timeout=10_000)
    session._reader._periodic.setInterval(200)
    VideoLibrary(demo_library, lock=lock).close()  # the other process's writer open finishes it
    qtbot.waitUntil(lambda: any(t.startswith(f"{folder} is removed from the library now") for t in said),
                    timeout=10_000)
    qtbot.waitUntil(lambda: _panel_rows(window) == [] and not session.read_only, timeout=SESSION_TIMEOUT_MS)
    qtbot.wait(400)  # (the window's own writer open after it finishes nothing: said once)
    assert len([t for t in said if "removing" in t or "removed" in t]) == 1, said


def test_a_window_whose_writer_open_finishes_the_removal_says_so(qtbot, make_app_window, demo_library, demo_clips):
    folder = str(demo_clips)
    interrupt_forget(demo_library, folder)
    window = make_app_window(demo_library, ready=False)
    session = window.session
    said = []
    session.message.connect(lambda _level, text: said.append(text))
    qtbot.waitUntil(lambda: any(t.startswith(f"Finished removing {folder}") for t in said), timeout=SESSION_TIMEOUT_MS)
    assert "12 videos left it now" in next(t for t in said if t.startswith("Finished removing"))
    assert window.statusBar().currentMessage().startswith(f"Finished removing {folder}")  # (where the user sees it)
    assert _panel_rows(window) == [] and not session.read_only
    qtbot.waitUntil(lambda: session.is_ready, timeout=SESSION_TIMEOUT_MS)


def test_a_removal_a_full_disk_stopped_in_this_window_is_shown_and_finished_by_removing_it_again(
        qtbot, make_app_window, demo_library, demo_clips, monkeypatch):
    import errno

    from core.library import meta as meta_io

    folder = str(demo_clips)
    window = make_app_window(demo_library)
    session, panel = window.session, window.library_panel
    said = []
    session.message.connect(lambda _level, text: said.append(text))
    write = meta_io.write_meta

    def refusing(where, meta):  # the write that drops the folder refused, as on a full disk
        if folder not in (meta.settings.folders or []):
            raise OSError(errno.ENOSPC, "No space left on device")
        return write(where, meta)

    monkeypatch.setattr(meta_io, "write_meta", refusing)
    session.remove_folder(folder)
    qtbot.waitUntil(lambda: texts(panel) == [folder + FORGETTING], timeout=SESSION_TIMEOUT_MS)
    qtbot.waitUntil(lambda: not session.indexing, timeout=SESSION_TIMEOUT_MS)
    # the message says a removal stopped, and what it advises is offered: Re-scan (as File › Re-scan)
    stopped = [t for t in said if t.startswith("Removing the folder stopped: the disk holding the library is full")]
    assert stopped and "choose Re-scan (or remove the folder again)" in stopped[0], said
    assert not any(t.startswith("Indexing stopped") for t in said), said
    assert panel._rescan.isEnabled() and window.rescan_action.isEnabled() and panel._rescan.toolTip() == RESCAN_WAITS_TIP
    monkeypatch.setattr(meta_io, "write_meta", write)  # (space freed)
    panel.confirm_remove = lambda _folder: True
    panel._list.setCurrentRow(0)
    panel._remove.click()
    qtbot.waitUntil(lambda: texts(panel) == [] and not session.indexing, timeout=SESSION_TIMEOUT_MS)
    assert session.status.forgetting == "" and session.status.videos == 0
    assert any(t.startswith(f"The removal of {folder} from the library is finished (12 videos removed in all)")
               for t in said), said  # (they went the first time: not "Removed 0 videos")
