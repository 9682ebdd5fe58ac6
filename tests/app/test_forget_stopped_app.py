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
