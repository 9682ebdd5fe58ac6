"""A library folder whose files' reads get no answer at a re-scan (a network share whose listing answers,
its reads hung: ``core.scan_stalls``) is offline for that run: the window's banner says so in those words,
not "an unplugged drive?", and goes once the folder is back and re-scanned, as an unplugged drive's does.
(The reads made to stall here by the scan's content hash raising ``TimeoutError``, as a bounded read that
got no answer does: ``tests/test_hung_share_planning.py`` makes real reads hang.)"""

from __future__ import annotations

import os
import shutil

import pytest

import core.scan
from core.filenames import shown
from tests.app.conftest import two_folders, wait_indexing


@pytest.mark.slow  # (two folders indexed, two re-scans, in a window)
def test_the_window_says_a_share_whose_reads_hang_is_offline_and_takes_it_back(qtbot, make_app_window, tmp_path,
                                                                               demo_clips, monkeypatch):
    a, b, clips = two_folders(tmp_path, demo_clips, "Share", (1, 1))
    window = make_app_window(tmp_path / "lib")
    for folder in (a, b):
        wait_indexing(qtbot, window.session, lambda f=folder: window.session.add_folder(str(f)))
    for i in (1, 2):  # (new files: the re-scan hashes each)
        shutil.copy(clips[2], b / f"new {i}.mp4")
    real = core.scan.content_hash

    def hung(path, *args, **kw):
        if str(path).startswith(str(b) + os.sep):
            raise TimeoutError(110, "no answer in 120 s (a network share that stopped answering?)")
        return real(path, *args, **kw)

    monkeypatch.setattr(core.scan, "content_hash", hung)
    said = []
    window.session.message.connect(lambda level, text: said.append(text))
    wait_indexing(qtbot, window.session, window.session.rescan)
    words = (f"{shown(str(b))} is offline for this run: its files do not answer reads (a network share that "
             "stopped answering?). Its videos are kept and marked offline; a re-scan tries again.")
    assert words in said, said
    qtbot.waitUntil(lambda: window.banner.isVisible() and window.banner.text == words, timeout=10_000)
    qtbot.waitUntil(lambda: list(window.session.status.offline_folders) == [str(b)], timeout=10_000)
    monkeypatch.setattr(core.scan, "content_hash", real)  # (the share answers again)
    wait_indexing(qtbot, window.session, lambda: window.session.rescan_folder(str(b)))
    qtbot.waitUntil(lambda: not window.session.status.offline_folders, timeout=10_000)
    qtbot.waitUntil(lambda: window.banner.text != words or window.banner.isHidden(), timeout=10_000)
