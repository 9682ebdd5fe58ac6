"""A `seekframe index --reindex A` stopped by a full disk: the window's library panel said of A's videos
what it says of a killed --reindex ("an interrupted --reindex ... Finish indexing embeds them anew"),
nothing of the full disk nor that room was to be made first, where a plain index a full disk stopped is
told so ('stopped before it finished: the disk holding the library was full ...; free some space, then
Finish indexing indexes the rest'). It says it now in those words, as `seekframe status` does
(``SessionStatus.folder_reembed_full``), and still offers Finish indexing."""

from __future__ import annotations

import errno

from core.cli import EXIT_DISK_FULL
from core.library.moments import MomentTable
from tests.app.conftest import SESSION_TIMEOUT_MS
from tests.cli_run import run_cli
from tests.test_reindex_keeps_searchable import _two_folders

SAID = ("2 videos of {} wait to be embedded again (a --reindex stopped before it finished: the disk holding the "
        "library was full), searched meanwhile with their earlier moments; free some space, then Finish indexing "
        "embeds them anew.")


def test_the_panel_says_a_full_disk_stopped_the_reindex_and_to_make_room_first(tmp_path, capsys, monkeypatch, qtbot,
                                                                               make_app_window):
    a, b, lib = _two_folders(tmp_path, capsys, monkeypatch)
    real = MomentTable.commit

    def full(self, items):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(MomentTable, "commit", full)
    assert run_cli(capsys, "index", "--reindex", a, "--library", lib, "-q")[0] == EXIT_DISK_FULL
    monkeypatch.setattr(MomentTable, "commit", real)
    window = make_app_window(lib, ready=False)
    session, panel = window.session, window.library_panel
    qtbot.waitUntil(lambda: session.status.folder_reembed == ((str(a), 2),), timeout=SESSION_TIMEOUT_MS)
    assert session.status.folder_reembed_full == (str(a),)
    row = next(panel._list.item(i) for i in range(panel._list.count())
               if panel._list.item(i).text().startswith(str(a)))
    qtbot.waitUntil(lambda: SAID.format(a) in row.toolTip(), timeout=SESSION_TIMEOUT_MS)
    assert "interrupted --reindex" not in row.toolTip() and "2 to embed again" in row.text(), row.text()
    assert panel._finish.isVisible() and panel._finish.isEnabled()
