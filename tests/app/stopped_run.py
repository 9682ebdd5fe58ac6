"""What the window's stopped-run tests set up alike: a folder of two new clips (``two_new_clips``) and
the window's library panel row of the folder once it says the two files still to index
(``stopped_row``). The run stopped before it finished is ``tests/stopped_index.py``'s (the CLI's
tests' too)."""

from __future__ import annotations

from pathlib import Path

from tests.app.conftest import SESSION_TIMEOUT_MS
from tests.videos import Segment, write_video


def two_new_clips(tmp_path: Path) -> Path:
    """``tmp_path/E`` holding two 2 s clips (green, white) no library has."""
    folder = tmp_path / "E"
    for i, colour in enumerate(("green", "white")):
        write_video(folder / f"new{i}.mp4", [Segment(2, colour)], seed=30 + i)
    return folder


def stopped_row(qtbot, window, folder):
    """The library panel's row of ``folder`` once the window says the stopped run's 2 files still to
    index there (the session's status first)."""
    session, panel = window.session, window.library_panel
    qtbot.waitUntil(lambda: session.status.folder_stopped == ((str(folder), 2),), timeout=SESSION_TIMEOUT_MS)
    row = next(panel._list.item(i) for i in range(panel._list.count())
               if panel._list.item(i).text().startswith(str(folder)))
    qtbot.waitUntil(lambda: "2 still to index" in row.text(), timeout=SESSION_TIMEOUT_MS)
    return row
