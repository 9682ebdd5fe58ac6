"""A library an older run left a named pipe or a device in as a folder (`seekframe index
/x/fifo.mp4` before it stopped listing such a path): a re-scan meets it as a root that is no file to
read, and `seekframe index` says it under "1 file skipped:" ('fifo.mp4: a named pipe, not a video
file ...'), apart from the files that could not be indexed. The window said it among failures: "2
files could not be indexed (fifo.mp4: skipped: a named pipe, ...; broken.mp4: ...). They are retried
when they change" (neither failed, nor retried), and its indexing panel's "2 failed" button listed
it to retry. Now the run's end says "1 file skipped (fifo.mp4: a named pipe, ...)" apart, and the
panel counts, lists and copies only the file that failed; the summary names the skipped file as
left out."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from PySide6.QtGui import QGuiApplication

from core.library import VideoLibrary
from tests.app.conftest import SESSION_TIMEOUT_MS, wait_idle

pytestmark = pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs named pipes (POSIX)")

PIPE = "a named pipe, not a video file (only regular files are read)"


def test_a_re_scan_says_a_pipe_an_older_run_listed_as_skipped_not_failed(qtbot, make_app_window, demo_library,
                                                                         tmp_path):
    odd, more = tmp_path / "odd", tmp_path / "more"
    odd.mkdir()
    more.mkdir()
    os.mkfifo(odd / "fifo.mp4")
    (more / "broken.mp4").write_bytes(bytes(range(256)) * 20)  # (a failure beside it: said as before)
    with VideoLibrary(demo_library) as lib:  # (as the old code left it: the pipe listed as a folder)
        lib.update_settings(folders=[*lib.meta.settings.folders, str(more), str(odd / "fifo.mp4")])
    window = make_app_window(demo_library)
    session = window.session
    wait_idle(qtbot, session)
    session.rescan()
    qtbot.waitUntil(lambda: any(t.startswith(("Indexed ", "Nothing new to index")) for _l, t in window.message_log),
                    timeout=SESSION_TIMEOUT_MS)  # (the run's end: nothing new here, 76773fb's words)
    wait_idle(qtbot, session)
    said = [(level, t) for level, t in window.message_log if "fifo.mp4" in t]
    assert said == [("info", f"1 file skipped (fifo.mp4: {PIPE}).")], window.message_log
    failed = [t for _l, t in window.message_log if "could not be indexed" in t]
    assert len(failed) == 1 and failed[0].startswith("1 file could not be indexed (broken.mp4: "), failed
    assert failed[0].endswith("It is retried when it changes, or now with Try again."), failed[0]

    panel = window.index_panel
    button = panel._failed_button
    assert button.text() == "1 failed" and button.accessibleName() == "1 file could not be read", button.text()
    rows = [panel._tree.topLevelItem(i).text(0) for i in range(panel._tree.topLevelItemCount())]
    assert [Path(p).name for p in rows] == ["broken.mp4"], rows
    panel.copy_failed()
    assert [Path(line.split("\t")[0]).name for line in QGuiApplication.clipboard().text().splitlines()] == \
        ["broken.mp4"]
    summary = panel.summary_text()
    assert "; 1 could not be read" in summary and f"fifo.mp4 ({PIPE})" in summary, summary
    assert "skipped: " not in summary, summary
