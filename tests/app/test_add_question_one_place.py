"""Add folder's question ("… holds the library folder …: added, it takes it in … Add it?") was decided
in two places: the library panel by the folder's spelling alone, in the GUI thread, and the session's
look at the folder in a worker by the disk (``folder_questions.looked_to_add``, a1dde32), which said
nothing where the spelling had asked. Where the disk and the spelling differ, the panel's word stood:
on a case-insensitive disk ``D/media`` is the library folder ``D/Media`` (the run re-scans it, nothing
taken in), yet with ``D/media/Clips`` listed too (added while ``D/Media`` did not answer: offline
folders are compared by spelling alone) the panel asked whether to take ``D/media/Clips`` in; on a
case-sensitive disk, where ``D/media`` is another folder holding ``D/media/Clips``, the look left the
question to the panel. Now the look decides alone, by the disk (``core.folder_spelling.as_library_folder``,
the run's spelling of a new root), and the panel asks what it says (``LibraryPanel.ask_add``)."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QMessageBox

from app.folder_questions import add_question, looked_to_add
from app.library_panel import LibraryPanel
from tests.casefold_fs import casefold


@pytest.fixture
def panel(show_view, no_real_dialogs, monkeypatch):
    panel = show_view(LibraryPanel())
    panel.asked, panel.added = [], []
    monkeypatch.setattr(QMessageBox, "question", lambda parent, title, text, *a, **k: (
        panel.asked.append(text), QMessageBox.StandardButton.Yes)[1])
    panel.add_requested.connect(panel.added.append)
    return panel


def _add(panel, folder: str) -> None:
    panel.ask_folder = lambda: folder
    panel.request_add()


def test_a_library_folder_typed_in_another_case_on_a_case_insensitive_disk_is_asked_nothing(panel, tmp_path,
                                                                                           monkeypatch):
    disk = tmp_path / "disk"
    (disk / "Media" / "Clips").mkdir(parents=True)
    folders = [str(disk / "Media"), str(disk / "media" / "Clips")]
    casefold(monkeypatch, disk)
    panel.set_folders(folders)
    _add(panel, str(disk / "media"))
    assert panel.asked == [] and panel.added == [str(disk / "media")]  # (old: asked to take Clips in)
    assert looked_to_add(str(disk / "media"), folders) == (True, None)  # (on disk: D/Media, a re-scan of it)


def test_the_same_spelling_on_a_case_sensitive_disk_is_another_folder_and_its_look_asks(tmp_path):
    disk = tmp_path / "disk"
    (disk / "Media").mkdir(parents=True)
    (disk / "media" / "Clips").mkdir(parents=True)
    folders = [str(disk / "Media"), str(disk / "media" / "Clips")]
    question = add_question(str(disk / "media"), folders)
    assert question is not None and question.startswith(f"{disk / 'media'} holds the library folder "
                                                          f"{disk / 'media' / 'Clips'}: added, it takes it in")
    assert looked_to_add(str(disk / "media"), folders) == (True, question)  # (old: None, left to the panel)
