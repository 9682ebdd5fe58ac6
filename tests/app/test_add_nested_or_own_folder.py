"""Adding, in the app, a folder inside a library folder (or holding some) was accepted without a
word, both then listed with overlapping counts; adding the library's own folder was accepted too
('Skipped (not videos): 18 other files'). Then the app asked, and listed both (counted twice), while
``seekframe index`` made one folder of them. Now the app does as the command line does: a folder
inside a library folder is indexed as part of it, not listed (said after the run), and one holding
library folders takes them in, their videos kept, not embedded again (asked first, said after);
the library's own folder is refused with the reason, by the run both front ends share. The question is
decided by the session's look at the folder on disk (``folder_questions.looked_to_add``), not by the
panel from its spelling."""

from __future__ import annotations

import shutil

import pytest
from PySide6.QtWidgets import QMessageBox

from app.folder_questions import looked_to_add
from app.library_panel import LibraryPanel
from tests.app.conftest import SESSION_TIMEOUT_MS, wait_idle, wait_indexing


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


@pytest.fixture
def tree(tmp_path):
    """The library folders ``V/a`` and ``V/b/deep`` on disk, with ``V/a/sub``, ``V/b/deep/er``, ``V/c``."""
    for part in ("a/sub", "b/deep/er", "c"):
        (tmp_path / "V" / part).mkdir(parents=True)
    return tmp_path / "V", [str(tmp_path / "V" / "a"), str(tmp_path / "V" / "b" / "deep")]


def test_the_panel_asks_nothing_itself_the_look_at_the_folder_decides(panel):
    """The question comes from the session's look at the folder (``looked_to_add``, in a worker), which
    the panel asks through ``ask_add``; Cancel there adds nothing (``app.wiring.library``)."""
    add(panel, "/v/a/sub")
    add(panel, "/v/b")
    assert panel.asked == [] and panel.added == ["/v/a/sub", "/v/b"]
    panel.answer = QMessageBox.StandardButton.Cancel
    assert panel.ask_add("/v holds the library folders …") is False and panel.asked == ["/v holds the library folders …"]


def test_a_folder_inside_a_library_folder_is_added_without_a_question(tree):
    top, folders = tree
    assert looked_to_add(str(top / "a" / "sub"), folders) == (True, None)
    assert looked_to_add(str(top / "b" / "deep" / "er"), folders) == (True, None)


def test_a_folder_holding_a_library_folder_asks_and_says_it_takes_it_in(tree):
    top, folders = tree
    b, deep = top / "b", top / "b" / "deep"
    assert looked_to_add(str(b), folders) == (True, (
        f"{b} holds the library folder {deep}: added, it takes it in and is listed as one folder, its videos "
        f"kept (not indexed again). Removing {b} later removes its videos too. Add it?"))
    assert f"{top} holds the library folders {top / 'a'}, {deep}: added, it takes them in" in looked_to_add(
        str(top), folders)[1]


def test_other_folders_and_a_library_folder_again_are_added_without_a_question(tree):
    top, folders = tree
    assert looked_to_add(str(top / "c"), folders) == (True, None)
    assert looked_to_add(str(top / "a"), folders) == (True, None)  # (a re-scan of it)


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


def _indexed(events) -> tuple[int, int]:
    """(files the run had to index, files it indexed) from its events."""
    scanned = [e for e in events if e.kind == "scanned"]
    return scanned[0].files_total, sum(e.kind == "file_done" and e.phase != "quick" for e in events)


def test_added_folders_nest_as_on_the_command_line(qtbot, make_session, tmp_path, demo_clips):
    """A library folder trip, then its parent added: one folder listed, trip's videos kept (only the
    parent's own clip embedded); then a folder inside it added: part of it, not listed."""
    parent = tmp_path / "Videos"
    (parent / "trip" / "day1").mkdir(parents=True)
    clips = sorted(demo_clips.glob("*.mp4"))
    shutil.copy(clips[0], parent / "own.mp4")
    shutil.copy(clips[1], parent / "trip" / "a.mp4")
    shutil.copy(clips[2], parent / "trip" / "day1" / "b.mp4")
    session = make_session(tmp_path / "lib")

    wait_indexing(qtbot, session, lambda: session.add_folder(str(parent / "trip")))
    assert session.status.folders == (str(parent / "trip"),)
    session.messages.clear()
    asked = []  # (the window's panel asks it, ``app.wiring.library``: Yes here)
    session.add_asked.connect(lambda folder, text: (asked.append(text), session.add_folder(folder, looked=True)))
    events = wait_indexing(qtbot, session, lambda: session.add_folder(str(parent)))
    assert _indexed(events) == (1, 1)  # the parent's own clip only: trip's two kept
    assert asked == [f"{parent} holds the library folder {parent / 'trip'}: added, it takes it in and is listed as "
                     f"one folder, its videos kept (not indexed again). Removing {parent} later removes its videos "
                     "too. Add it?"], asked
    qtbot.waitUntil(lambda: session.status.folders == (str(parent),), timeout=SESSION_TIMEOUT_MS)
    assert session.status.videos == 3
    assert ("info", f"{parent / 'trip'}, already a library folder, is inside {parent}: it is part of it now (its "
                    "videos kept, no longer listed on its own).") in session.messages, session.messages

    session.messages.clear()
    shutil.copy(clips[3], parent / "trip" / "day1" / "c.mp4")
    events = wait_indexing(qtbot, session, lambda: session.add_folder(str(parent / "trip" / "day1")))
    assert _indexed(events) == (1, 1)
    qtbot.waitUntil(lambda: session.status.videos == 4, timeout=SESSION_TIMEOUT_MS)
    assert session.status.folders == (str(parent),)
    assert ("info", f"{parent / 'trip' / 'day1'} is inside the library folder {parent}: indexed as part of it (not "
                    "listed as a folder of its own).") in session.messages, session.messages
