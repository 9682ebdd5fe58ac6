"""A window opened on a library whose `seekframe index` a full disk stopped before its plan was
recorded (the record's whole write of library.json refused) said nothing of the run: no count, no
Finish indexing. The record is now written in place in the room library.json keeps for it
(``core.run_room``), and the library panel says it as it says any run a full disk stopped."""

from __future__ import annotations

import errno

from tests.app.conftest import SESSION_TIMEOUT_MS
from tests.app.test_stopped_full_disk_panel import SAID
from tests.videos import Segment, write_video


def test_the_window_says_a_run_stopped_before_its_plan_was_recorded(qtbot, make_app_window, demo_library, tmp_path,
                                                                   monkeypatch, capsys):
    from core import stopped_runs
    from core.cli import EXIT_DISK_FULL, main
    from core.library import meta as meta_io

    folder = tmp_path / "E"
    for i, colour in enumerate(("green", "white")):
        write_video(folder / f"new{i}.mp4", [Segment(2, colour)], seed=30 + i)
    real = meta_io.write_meta

    def full(where, meta):  # (the folder listed; the plan's record refused: no room for a new file)
        if stopped_runs.KEY in meta.settings.other:
            raise OSError(errno.ENOSPC, "No space left on device")
        return real(where, meta)

    with monkeypatch.context() as m:
        m.setattr(meta_io, "write_meta", full)
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
