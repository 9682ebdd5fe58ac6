"""The window's Repair library on a full disk said 'Could not repair the library L: Indexing stopped:
… Nothing was lost: the library is consistent, and every video indexed before this is in it … choose
Re-scan in the library panel to index the rest', and the library's reopen after it, refused too,
'Could not open the library L: Indexing stopped: …' the same: no index had run, and with no library
open there was no panel to re-scan from. Each now says what it was: the repair did not finish, what
it had set aside, and that opening Seekframe again once there is room finishes it; the open needs
room to write."""

from __future__ import annotations

import errno

from PySide6.QtCore import Qt

from tests.app.conftest import SESSION_TIMEOUT_MS
from tests.app.test_library_repair_app import damaged_library


def test_a_repair_and_an_open_a_full_disk_refused_are_said_as_such(qtbot, make_app_window, tmp_path, demo_clips,
                                                                  demo_model, monkeypatch):
    from core.library import repair
    from core.library.connection import Connection

    root, _videos, _red = damaged_library(tmp_path, demo_clips, demo_model)
    window = make_app_window(root, ready=False)
    session, notice = window.session, window.repair_notice
    messages = []
    session.message.connect(lambda level, text: messages.append((level, text)))
    qtbot.waitUntil(notice.isVisible, timeout=SESSION_TIMEOUT_MS)

    def full(*_a, **_k):
        raise OSError(errno.ENOSPC, "No space left on device")

    real_settle = repair._settle

    def settle(*a, **k):  # (the set-aside table made again: refused, as every other write now)
        monkeypatch.setattr(Connection, "create", full)
        return real_settle(*a, **k)

    monkeypatch.setattr(repair, "_settle", settle)
    qtbot.mouseClick(notice.button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: any(t.startswith(f"Could not open the library {root}") for _l, t in messages[1:]),
                    timeout=SESSION_TIMEOUT_MS)
    said = [t for _l, t in messages]
    (repaired,) = [t for t in said if t.startswith(f"Could not repair the library {root}")]
    assert "the disk holding the library is full" in repaired and "The repair did not finish; so far: " in repaired
    assert "The moments table could not be read: set aside as " in repaired, repaired
    assert repaired.endswith("Free some space (or raise the limit), then open Seekframe again to finish it."), repaired
    opened = said[-1]
    assert opened.endswith("the disk holding the library is full (or a disk quota or the file size limit was "
                           "reached). Opening it to write needs some room; nothing was lost. Free some space (or "
                           "raise the limit), then open Seekframe again."), opened
    assert not any("Indexing stopped" in t or "Re-scan" in t for t in said[2:]), said
