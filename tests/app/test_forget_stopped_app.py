"""A folder's removal left part-way (a full disk refused its last write, or another process is
removing it) seen from the window: what finishes it is said as done, never as an error."""

from __future__ import annotations

import errno

from app.library_panel import FORGETTING
from tests.app.conftest import SESSION_TIMEOUT_MS


def texts(panel):
    return [panel._list.item(i).text() for i in range(panel._list.count())]


def full_disk(monkeypatch, folder):
    """The removal's last write (the folder dropped from library.json) refused as on a full disk;
    returns what frees the space."""
    from core.library import meta as meta_io
    write = meta_io.write_meta

    def refusing(where, meta):
        if folder not in (meta.settings.folders or []):
            raise OSError(errno.ENOSPC, "No space left on device")
        return write(where, meta)

    monkeypatch.setattr(meta_io, "write_meta", refusing)
    return lambda: monkeypatch.setattr(meta_io, "write_meta", write)


def stopped_removal(qtbot, make_app_window, library, folder, monkeypatch):
    window = make_app_window(library)
    session, panel = window.session, window.library_panel
    said = []
    session.message.connect(lambda level, text: said.append((level, text)))
    freed = full_disk(monkeypatch, folder)
    session.remove_folder(folder)
    qtbot.waitUntil(lambda: texts(panel) == [folder + FORGETTING], timeout=SESSION_TIMEOUT_MS)
    qtbot.waitUntil(lambda: not session.indexing, timeout=SESSION_TIMEOUT_MS)
    return window, said, freed


def test_a_rescan_that_finishes_the_only_folders_removal_says_so_and_no_error(qtbot, make_app_window, demo_library,
                                                                            demo_clips, monkeypatch):
    """File › Re-scan after the stopped removal of the library's only folder finished it, then said
    as an error 'No folders yet: add one with File › Add folder…'."""
    folder = str(demo_clips)
    window, said, freed = stopped_removal(qtbot, make_app_window, demo_library, folder, monkeypatch)
    session, panel = window.session, window.library_panel
    freed()
    said.clear()
    window.rescan_action.trigger()
    qtbot.waitUntil(lambda: any(t.startswith(f"Finished removing {folder}") for _l, t in said),
                    timeout=SESSION_TIMEOUT_MS)
    qtbot.waitUntil(lambda: not session.indexing and texts(panel) == [], timeout=SESSION_TIMEOUT_MS)
    qtbot.wait(300)
    assert not [t for level, t in said if level == "error"], said
    assert session.status.forgetting == "" and session.status.videos == 0


def test_removing_again_a_folder_another_process_is_removing_ends_in_its_removal_not_an_error(
        qtbot, make_app_window, demo_library, demo_clips):
    """The window idle (its writer lock let go) while `seekframe forget X` runs in a terminal: the
    panel offers 'Remove it again'; the removal waited for the other process, then said as an error
    'X is not one of the library's folders, nor in one: nothing was forgotten', though X was
    removed. Now the window says the other process removed it, once."""
    import json

    from core.library import VideoLibrary
    from core.library.lock import lock_library

    folder = str(demo_clips)
    window = make_app_window(demo_library)
    session, panel = window.session, window.library_panel
    said = []
    session.message.connect(lambda level, text: said.append((level, text)))
    qtbot.waitUntil(lambda: session.library is not None and session.library.read_only, timeout=10_000)  # let go
    lock = lock_library(demo_library)  # the terminal's `seekframe forget X`, part-way
    meta = json.loads((demo_library / "library.json").read_text())
    meta["extra"]["forgetting"] = folder
    (demo_library / "library.json").write_text(json.dumps(meta))
    session._reader._periodic.setInterval(200)
    qtbot.waitUntil(lambda: texts(panel) == [folder + FORGETTING], timeout=10_000)
    panel.confirm_remove = lambda _f: True
    panel._list.setCurrentRow(0)
    assert panel._remove.isEnabled() and "again" in panel._remove.toolTip()
    panel._remove.click()
    qtbot.waitUntil(lambda: any(level == "warning" for level, _t in said), timeout=10_000)  # (it waits)
    VideoLibrary(demo_library, lock=lock).close()  # the terminal's forget finishes, its lock goes
    qtbot.waitUntil(lambda: not session.indexing and texts(panel) == [], timeout=SESSION_TIMEOUT_MS)
    qtbot.waitUntil(lambda: any("removed from the library now" in t for _l, t in said), timeout=SESSION_TIMEOUT_MS)
    qtbot.wait(1000)
    assert not [t for level, t in said if level == "error"], said
    assert len([t for _l, t in said if t.startswith(f"{folder} is removed from the library now")]) == 1, said


def test_a_removal_by_another_process_is_said_once_whichever_hears_it_first():
    from app.forget_news import ForgetNews

    news = ForgetNews()  # the job first (its removal found the folder gone), then a read that saw it go
    assert news.heard("", "/v/a", None, by_other=True) == ""
    assert news.removed_elsewhere("/v/a").startswith("/v/a is removed from the library now")
    assert news.heard("/v/a", "", None, by_other=True) == ""
    news = ForgetNews()  # the read first, then the job
    news.heard("", "/v/a", None, by_other=True)
    assert news.heard("/v/a", "", None, by_other=True).startswith("/v/a is removed from the library now")
    assert news.removed_elsewhere("/v/a") == ""
    news.heard("", "/v/a", None, by_other=True)  # pending again later: its next removal is news again
    assert news.removed_elsewhere("/v/a") != ""


def test_reopened_with_the_disk_still_full_the_library_opens_read_only_saying_why(qtbot, make_app_window, demo_library,
                                                                                 demo_clips, monkeypatch):
    """After a stopped removal, the window closed and opened again with the disk still full: the
    writer's open, finishing the removal, was refused, and the library did not open at all ('Could
    not open the library …'): nothing could be searched. Now it opens read-only, searchable, saying
    why; once space is freed, the next open finishes the removal."""
    folder = str(demo_clips)
    window, said, freed = stopped_removal(qtbot, make_app_window, demo_library, folder, monkeypatch)
    window.close()
    again = make_app_window(demo_library, ready=False)
    said = []
    again.session.message.connect(lambda level, text: said.append((level, text)))
    qtbot.waitUntil(lambda: again.session.status.opened, timeout=SESSION_TIMEOUT_MS)
    qtbot.waitUntil(lambda: again.session.is_ready, timeout=SESSION_TIMEOUT_MS)
    assert again.session.searcher is not None  # (searchable)
    assert again.session.read_only and "the disk holding it is full" in again.session.read_only_reason
    assert not [t for level, t in said if level == "error"], said
    assert again.session.library.meta.forgetting == folder
    again.close()
    freed()
    third = make_app_window(demo_library, ready=False)
    qtbot.waitUntil(lambda: third.session.status.opened and not third.session.read_only, timeout=SESSION_TIMEOUT_MS)
    qtbot.waitUntil(lambda: third.session.status.forgetting == "" and texts(third.library_panel) == [],
                    timeout=SESSION_TIMEOUT_MS)
