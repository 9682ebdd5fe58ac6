"""Removing a library folder that is inside another (added as its own folder): the app said
"Removed 1 video under a/sub" and the next re-scan of the folder above indexed its videos again
without a word (the command line says so; the window's question did not). Removing the folder
above took the folders inside it along unsaid. The question now says both before the user agrees."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox

from app.library_panel import LibraryPanel


@pytest.fixture
def asked(show_view, no_real_dialogs, monkeypatch):
    texts = []

    def question(parent, title, text, *a, **k):
        texts.append(text)
        return QMessageBox.StandardButton.Cancel

    monkeypatch.setattr(QMessageBox, "question", question)
    panel = show_view(LibraryPanel())
    panel.set_folders(["/v/a", "/v/a/sub", "/v/a/sub/deeper", "/v/b"])
    return panel, texts


def remove(qtbot, panel, row):
    panel._list.setCurrentRow(row)
    with qtbot.assertNotEmitted(panel.remove_requested):  # (cancelled)
        qtbot.mouseClick(panel._remove, Qt.MouseButton.LeftButton)


def test_a_folder_inside_a_library_folder_says_a_rescan_finds_its_videos_again(asked, qtbot):
    panel, texts = asked
    remove(qtbot, panel, 1)
    assert texts[-1].startswith("Remove /v/a/sub from the library?")
    assert "The library folder inside it, /v/a/sub/deeper, goes too." in texts[-1]
    assert ("It is inside the library folder /v/a, so the next re-scan finds its videos again: to keep them "
            "out, move them out of /v/a, or remove /v/a instead.") in texts[-1]


def test_a_folder_holding_library_folders_names_them(asked, qtbot):
    panel, texts = asked
    remove(qtbot, panel, 0)
    assert "The library folders inside it, /v/a/sub, /v/a/sub/deeper, go too." in texts[-1]
    assert "re-scan" not in texts[-1]


def test_a_folder_alone_is_asked_as_before(asked, qtbot):
    panel, texts = asked
    remove(qtbot, panel, 3)
    assert texts[-1] == ("Remove /v/b from the library? Its videos leave the search results; the files "
                         "themselves are not touched.")
