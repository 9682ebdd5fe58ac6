"""A window opened on a library whose `seekframe index` a full disk stopped says so in the library
panel, as `seekframe status` does ('stopped before it finished: the disk holding the library was
full ...; free some space, then Finish indexing indexes the rest'), and offers Finish indexing, not
a repair. Before, its words were a crash's ('stopped before it finished ... Finish indexing indexes
the rest'): nothing said why, nor that room was to be made first."""

from __future__ import annotations

import errno

from tests.app.conftest import SESSION_TIMEOUT_MS
from tests.videos import Segment, write_video

SAID = ("Its last index stopped before it finished: the disk holding the library was full (2 files were still "
        "to index); free some space, then Finish indexing indexes the rest.")


def test_the_window_says_a_full_disk_stopped_the_cli_run(qtbot, make_app_window, demo_library, tmp_path, monkeypatch,
                                                        capsys):
    from core.cli import EXIT_DISK_FULL, main
    from core.library.moments import MomentTable

    folder = tmp_path / "E"
    for i, colour in enumerate(("green", "white")):
        write_video(folder / f"new{i}.mp4", [Segment(2, colour)], seed=30 + i)

    def full(self, items):
        raise OSError(errno.ENOSPC, "No space left on device")

    with monkeypatch.context() as m:
        m.setattr(MomentTable, "commit", full)
        assert main(["index", str(folder), "--library", str(demo_library), "-q"]) == EXIT_DISK_FULL
    capsys.readouterr()
    window = make_app_window(demo_library)
    session, panel = window.session, window.library_panel
    qtbot.waitUntil(lambda: session.status.folder_stopped == ((str(folder), 2),), timeout=SESSION_TIMEOUT_MS)
    row = next(panel._list.item(i) for i in range(panel._list.count())
               if panel._list.item(i).text().startswith(str(folder)))
    qtbot.waitUntil(lambda: "2 still to index" in row.text(), timeout=SESSION_TIMEOUT_MS)
    assert SAID in row.toolTip(), row.toolTip()
    assert panel._finish.isVisible() and panel._finish.isEnabled()
    assert not window.repair_notice.isVisible()
