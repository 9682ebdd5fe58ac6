"""Adding, in the app, a folder inside a library folder (or holding some) was accepted without a
word, both then listed with overlapping counts; adding the library's own folder was accepted too
('Skipped (not videos): 18 other files'). The command line adds a folder inside or above another as
well (``seekframe index SUB``), so the app adds it too, after a question that says what it means;
the library's own folder is refused with the reason, by the run both front ends share."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QMessageBox

from app.library_panel import LibraryPanel
from tests.app.conftest import SESSION_TIMEOUT_MS, wait_idle


@pytest.fixture
def panel(show_view, no_real_dialogs, monkeypatch):
    panel = show_view(LibraryPanel())
    panel.set_folders(["/v/a", "/v/b/deep"])
    panel.asked, panel.answer, panel.added = [], QMessageBox.StandardButton.Yes, []

    def question(parent, title, text, *a, **k):
        panel.asked.append(text)
        return panel.answer

    monkeypatch.setattr(QMessageBox, "question", question)
    panel.add_requested.connect(panel.added.append)
    return panel


def add(panel, folder):
    panel.ask_folder = lambda: folder
    panel.request_add()


def test_a_folder_inside_a_library_folder_is_added_after_a_question_that_says_so(panel):
    add(panel, "/v/a/sub")
    assert panel.asked == ["/v/a/sub is inside the library folder /v/a, whose re-scans index its videos already. "
                           "Added as a folder of its own, it is listed beside it: its videos are indexed once but "
                           "counted under both, and removing /v/a later removes it too. Add it anyway?"]
    assert panel.added == ["/v/a/sub"]
    panel.answer = QMessageBox.StandardButton.Cancel
    add(panel, "/v/a/other")
    assert panel.added == ["/v/a/sub"]  # (cancelled: not added)


def test_a_folder_holding_a_library_folder_says_it_takes_it_in(panel):
    add(panel, "/v/b")
    assert panel.asked[-1].startswith("/v/b holds the library folder /v/b/deep: added, it is listed beside it")
    assert "removing /v/b later removes it too" in panel.asked[-1]
    assert panel.added == ["/v/b"]


def test_other_folders_and_a_library_folder_again_are_added_without_a_question(panel):
    add(panel, "/v/c")
    add(panel, "/v/a")  # (a re-scan of it)
    assert panel.asked == [] and panel.added == ["/v/c", "/v/a"]


def test_the_librarys_own_folder_is_refused_with_the_reason(qtbot, make_app_window, demo_library):
    window = make_app_window(demo_library)
    session = window.session
    said = []
    session.message.connect(lambda level, text: said.append((level, text)))
    before = session.status.folders
    session.add_folder(str(demo_library))
    qtbot.waitUntil(lambda: any(level == "error" for level, _t in said), timeout=SESSION_TIMEOUT_MS)
    wait_idle(qtbot, session)
    text = next(t for level, t in said if level == "error")
    assert text == (f"{demo_library} is the library's own folder: it holds Seekframe's data (its tables and "
                    "thumbnails), not videos, so it was not added. Add the folders where your videos are."), text
    assert session.status.folders == before
