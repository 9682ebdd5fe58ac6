"""A run the user cancelled (the window's Cancel, a Ctrl-C of `seekframe index`) is recorded as such
since 2c459de, and `seekframe status` says 'An index of D was cancelled before it finished', but the
window's library panel still said 'Its last index stopped before it finished' of that folder, the
words of a kill. Now the panel says it as status does (``core.stopped_runs.ended_words``, one place
for both): cancelled where only cancelled runs left files in the folder, stopped otherwise."""

from __future__ import annotations

from app.library_panel import LibraryPanel
from core import stopped_runs
from core.stopped_runs import CANCELLED, KILLED, StoppedRun
from tests.app.stopped_run import stopped_row, two_new_clips
from tests.stopped_index import ctrl_c_run

CANCELLED_TIP = "Its last index was cancelled before it finished (2 files were still to index)"


def test_only_cancelled_runs_make_a_folder_cancelled():
    runs = (StoppedRun(("/v/D",), 3, 3, (("/v/D", 3),), CANCELLED),
            StoppedRun(("/v/K/a", "/v/M"), 4, 4, (("/v/K/a", 2), ("/v/M", 2)), CANCELLED),
            StoppedRun(("/v/M",), 1, 1, (("/v/M", 1),), KILLED))
    assert stopped_runs.cancelled_in(runs, ["/v/D", "/v/K", "/v/M", "/v/N"]) == ("/v/D", "/v/K")
    assert stopped_runs.folder_words(3, cancelled=True)[1].startswith(
        "Its last index was cancelled before it finished (3 files were still to index)")
    assert stopped_runs.folder_words(3)[1].startswith("Its last index stopped before it finished")
    assert " was cancelled before it finished " in stopped_runs.stopped_text(runs[0])  # (status: the same words)
    assert " stopped before it finished " in stopped_runs.stopped_text(runs[2])


def test_the_panel_says_a_cancelled_folder_cancelled(qtbot):
    panel = LibraryPanel()
    qtbot.addWidget(panel)
    panel.set_folders(["/v/D", "/v/K"], stopped={"/v/D": 2, "/v/K": 2}, cancelled=("/v/D",))
    assert CANCELLED_TIP in panel._list.item(0).toolTip()
    assert "Its last index stopped before it finished" in panel._list.item(1).toolTip()


def test_the_window_says_a_ctrl_c_d_cli_run_as_status_does(qtbot, make_app_window, demo_library, tmp_path,
                                                          monkeypatch, capsys):
    from core.cli import main

    folder = two_new_clips(tmp_path)
    ctrl_c_run(demo_library, folder, monkeypatch)
    capsys.readouterr()
    assert main(["status", "--library", str(demo_library)]) == 0
    out = capsys.readouterr().out
    assert f"An index of {folder} was cancelled before it finished (2 files were still to index)" in out, out
    window = make_app_window(demo_library)
    row = stopped_row(qtbot, window, folder)
    assert CANCELLED_TIP in row.toolTip(), row.toolTip()
    assert "stopped before it finished" not in row.toolTip()
