"""What the window's stopped-run tests set up alike: a folder of two new clips (``two_new_clips``), a
`seekframe index` of it stopped before it finished (``ctrl_c_run``: Ctrl-C'd once its plan is known;
``full_disk_run``: a full disk refused its moments), and the window's library panel row of the folder
once it says the two files still to index (``stopped_row``)."""

from __future__ import annotations

import errno
from pathlib import Path

from tests.app.conftest import SESSION_TIMEOUT_MS
from tests.videos import Segment, write_video


def two_new_clips(tmp_path: Path) -> Path:
    """``tmp_path/E`` holding two 2 s clips (green, white) no library has."""
    folder = tmp_path / "E"
    for i, colour in enumerate(("green", "white")):
        write_video(folder / f"new{i}.mp4", [Segment(2, colour)], seed=30 + i)
    return folder


def ctrl_c_run(library, folder, monkeypatch) -> None:
    """`seekframe index FOLDER` Ctrl-C'd once its plan is known: its record says "cancelled"."""
    from core import indexer
    from core.cli import main

    def interrupted(self, book, files):
        raise KeyboardInterrupt
        yield  # (a generator, as the real one)

    with monkeypatch.context() as m:
        m.setattr(indexer.MomentIndexer, "_pipeline", interrupted)
        assert main(["index", str(folder), "--library", str(library), "-q"]) == 130


def full_disk_run(library, folder, monkeypatch) -> None:
    """`seekframe index FOLDER` stopped by a full disk at its first moments' write."""
    from core.cli import EXIT_DISK_FULL, main
    from core.library.moments import MomentTable

    def full(self, items):
        raise OSError(errno.ENOSPC, "No space left on device")

    with monkeypatch.context() as m:
        m.setattr(MomentTable, "commit", full)
        assert main(["index", str(folder), "--library", str(library), "-q"]) == EXIT_DISK_FULL


def stopped_row(qtbot, window, folder):
    """The library panel's row of ``folder`` once the window says the stopped run's 2 files still to
    index there (the session's status first)."""
    session, panel = window.session, window.library_panel
    qtbot.waitUntil(lambda: session.status.folder_stopped == ((str(folder), 2),), timeout=SESSION_TIMEOUT_MS)
    row = next(panel._list.item(i) for i in range(panel._list.count())
               if panel._list.item(i).text().startswith(str(folder)))
    qtbot.waitUntil(lambda: "2 still to index" in row.text(), timeout=SESSION_TIMEOUT_MS)
    return row
