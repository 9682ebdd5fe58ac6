"""`seekframe index FOLDER` stopped before it finished, as the stopped-run tests (the CLI's and the
window's, ``tests/app/stopped_run.py``) set it up: Ctrl-C'd once its plan is known (``ctrl_c_run``:
its record says "cancelled"), or a full disk refusing its first moments (``full_disk_run``)."""

from __future__ import annotations

import errno


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
