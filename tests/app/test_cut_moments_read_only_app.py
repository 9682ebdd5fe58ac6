"""A library on a read-only drive or mount (its folder refuses writers) whose older moments data
file is cut short. Elsewhere a writer's open takes such a file out; here nothing can, and a repair
is refused. Before, the window's repair notice said "Repair sets what cannot be read aside … and
opens the library again" with a Repair library button that could only fail. Now it says what is
damaged, that the library cannot be written here and what to do first in the window's words, with
Try again (open it again once its folder is writable), never a command to type; the messages'
banner's "Repair library (below) sets what cannot be read aside" of the failed search goes."""

from __future__ import annotations

import shutil

import pytest

from app.requests import SearchRequest
from core.indexer import MomentIndexer
from core.library import VideoLibrary
from tests.app.conftest import SESSION_TIMEOUT_MS, cached_loader
from tests.app.test_library_repair_app import noted_library
from tests.app.test_session_search import BLUE_CAR, RED_BALL
from tests.test_cut_moments_read_only import refuse_writers
from tests.test_torn_versions import cut_tail, data_files


@pytest.mark.slow
def test_a_read_only_library_with_a_cut_moments_file_says_so_in_the_windows_words(
        qtbot, make_app_window, tmp_path, demo_clips, demo_model, monkeypatch):
    root, _videos, _red = noted_library(tmp_path, demo_clips, demo_model)
    (old,) = data_files(root, "moments")  # (red and blue: one commit)
    more = tmp_path / "more"
    more.mkdir()
    shutil.copy(demo_clips / BLUE_CAR.file, more / "again.mp4")
    with VideoLibrary(root) as lib:  # (a second commit: the older file is no newest version to go back from)
        list(MomentIndexer(lib, cached_loader(demo_model)).run([str(more)]))
    cut_tail(old)
    refuse_writers(monkeypatch)

    window = make_app_window(root)
    session, notice = window.session, window.repair_notice
    assert session.read_only
    session.search(SearchRequest(RED_BALL.query, k=1))  # (the moments read: they cannot be)
    qtbot.waitUntil(lambda: notice.isVisible() and "cut short" in notice.text, timeout=SESSION_TIMEOUT_MS)
    text = notice.text
    assert "Damaged: the moments table has a data file cut short or missing." in text, text
    assert "cannot be written here (a read-only drive or folder)" in text, text
    assert "make the library's folder writable" in text and "then Try again" in text, text
    assert "start Seekframe with --library on the copy" in text, text  # (the window opens no other library)
    assert "seekframe" not in text and "Repair sets" not in text, text
    assert notice.again_button.isVisible() and not notice.button.isVisible()  # (a repair would be refused)
    qtbot.waitUntil(lambda: any(level == "error" and "cannot be written here" in t for level, t in window.message_log),
                    timeout=SESSION_TIMEOUT_MS)  # (the failed search's word: what to do first, no repair offered)
    assert not any("Repair library (below)" in t for _level, t in window.message_log), window.message_log
    assert old.exists()  # (nothing written: it could not be)
    opened = [t for level, t in window.message_log if level == "warning" and "read-only drive" in t]
    assert opened and "Its moments table has a data file cut short" in opened[0], window.message_log
    assert "Nothing is damaged" not in opened[0]  # (said of a library whose every search failed)
