"""A window opened on a library whose `seekframe index` a full disk stopped before its plan was
recorded (the record's whole write of library.json refused) said nothing of the run: no count, no
Finish indexing. The record is now written in place in the room library.json keeps for it
(``core.run_room``), and the library panel says it as it says any run a full disk stopped."""

from __future__ import annotations

import errno

from tests.app.stopped_run import stopped_row, two_new_clips
from tests.app.test_stopped_full_disk_panel import SAID


def test_the_window_says_a_run_stopped_before_its_plan_was_recorded(qtbot, make_app_window, demo_library, tmp_path,
                                                                   monkeypatch, capsys):
    from core import stopped_runs
    from core.cli import EXIT_DISK_FULL, main
    from core.library import meta as meta_io

    folder = two_new_clips(tmp_path)
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
    panel = window.library_panel
    row = stopped_row(qtbot, window, folder)
    assert SAID in row.toolTip(), row.toolTip()
    assert panel._finish.isVisible() and panel._finish.isEnabled()
    assert not window.repair_notice.isVisible()
