"""The window's --library (or its saved folder) is looked for in its other Unicode spelling
(0086543: ``core.paths.on_disk``, a name a Mac wrote decomposed typed composed), which asks the disk
about the path; that look ran in the GUI thread before the event loop, where a library on a network
share whose server is gone hangs the window unpainted (the open's own looks run in its worker for that
reason: ``app.engine.OpenRun``). Now it runs in the opening worker, and the library still opens under
the disk's spelling."""

from __future__ import annotations

import os
import shutil
import threading
import unicodedata

import pytest

import core.paths
from tests.app.test_startup import started  # noqa: F401 (the fixture)

NFC, NFD = unicodedata.normalize("NFC", "bibliothèque"), unicodedata.normalize("NFD", "bibliothèque")


def test_the_library_spelling_is_looked_for_in_a_worker(qtbot, started, demo_library, tmp_path, monkeypatch):  # noqa: F811
    there = tmp_path / "where" / NFD
    shutil.copytree(demo_library, there)
    if os.path.isdir(there.parent / NFC):
        pytest.skip("this file system takes the two spellings for one name")
    looked_in, real = [], core.paths.on_disk

    def on_disk(path):
        if unicodedata.normalize("NFC", os.fspath(path)).endswith(NFC):  # (the library's: not the data home's)
            looked_in.append(threading.current_thread() is threading.main_thread())
        return real(path)

    monkeypatch.setattr(core.paths, "on_disk", on_disk)
    window, session = started(["--library", str(there.parent / NFC)])
    qtbot.waitUntil(lambda: session.is_open, timeout=30_000)
    qtbot.waitUntil(lambda: "12 videos" in window.status_widgets.library_label.text(), timeout=10_000)
    assert looked_in and not any(looked_in), looked_in  # (looked for, never in the GUI thread)
    assert os.listdir(there.parent) == [NFD] and str(session.library_dir) == str(there)
    assert str(there) in window.windowTitle()
