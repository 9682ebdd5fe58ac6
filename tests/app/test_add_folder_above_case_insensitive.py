"""The window's Add folder of ``~/HOME`` where the library holds ``~/home/Videos``, on a
case-insensitive file system (simulated: ``tests.casefold_fs``): the folder holds that library folder
and takes it in, but the panel asked "holds the library folder … Add it?" by spelling alone, in the
GUI thread (which must not look at the disk: a share that stopped answering would hang it), so it
added it without a word. The worker that looks at the folder before it is added now asks whether
it holds library folders on disk, and the window asks the question before anything is added."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QMessageBox

from tests.app.conftest import SESSION_TIMEOUT_MS, wait_idle
from tests.casefold_fs import casefold
from tests.videos import Segment, write_video


@pytest.mark.slow  # (the window, its session and model: ~15 s)
def test_adding_a_folder_above_a_library_folder_typed_in_another_case_asks_first(qtbot, make_app_window, tmp_path,
                                                                                  monkeypatch, no_real_dialogs):
    home = tmp_path / "disk" / "home"
    write_video(home / "Videos" / "beach.mp4", [Segment(2, "red")], seed=1)
    window = make_app_window(tmp_path / "lib")
    session, panel = window.session, window.library_panel
    session.add_folder(str(home / "Videos"))
    wait_idle(qtbot, session)
    qtbot.waitUntil(lambda: session.status.folders == (str(home / "Videos"),), timeout=SESSION_TIMEOUT_MS)
    casefold(monkeypatch, tmp_path / "disk")
    asked, answers = [], [QMessageBox.StandardButton.Cancel, QMessageBox.StandardButton.Yes]

    def question(parent, title, text, *a, **k):
        asked.append(text)
        return answers.pop(0)

    monkeypatch.setattr(QMessageBox, "question", question)
    panel.ask_folder = lambda: str(tmp_path / "disk" / "HOME")
    panel.request_add()  # (old: added without a question)
    qtbot.waitUntil(lambda: len(asked) == 1, timeout=SESSION_TIMEOUT_MS)
    assert asked[0].startswith(f"{home} holds the library folder {home / 'Videos'}: added, it takes it in"), asked
    wait_idle(qtbot, session)
    assert session.status.folders == (str(home / "Videos"),)  # (cancelled: nothing added)
    panel.request_add()
    qtbot.waitUntil(lambda: len(asked) == 2, timeout=SESSION_TIMEOUT_MS)
    qtbot.waitUntil(lambda: session.status.folders == (str(home),), timeout=SESSION_TIMEOUT_MS)
    wait_idle(qtbot, session)
    assert session.status.videos == 1
