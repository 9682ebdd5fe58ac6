"""A window opened on a library whose `seekframe index` a full disk stopped says so in the library
panel, as `seekframe status` does ('stopped before it finished: the disk holding the library was
full ...; free some space, then Finish indexing indexes the rest'), and offers Finish indexing, not
a repair. Before, its words were a crash's ('stopped before it finished ... Finish indexing indexes
the rest'): nothing said why, nor that room was to be made first."""

from __future__ import annotations

from tests.app.stopped_run import stopped_row, two_new_clips
from tests.stopped_index import full_disk_run

SAID = ("Its last index stopped before it finished: the disk holding the library was full (2 files were still "
        "to index); free some space, then Finish indexing indexes the rest.")


def test_the_window_says_a_full_disk_stopped_the_cli_run(qtbot, make_app_window, demo_library, tmp_path, monkeypatch,
                                                        capsys):
    folder = two_new_clips(tmp_path)
    full_disk_run(demo_library, folder, monkeypatch)
    capsys.readouterr()
    window = make_app_window(demo_library)
    panel = window.library_panel
    row = stopped_row(qtbot, window, folder)
    assert SAID in row.toolTip(), row.toolTip()
    assert panel._finish.isVisible() and panel._finish.isEnabled()
    assert not window.repair_notice.isVisible()
