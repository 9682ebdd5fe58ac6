"""The window's Add folder of ``~/videos`` where the library holds ``~/Videos``, on a
case-insensitive file system (a Mac's, Windows'; simulated: ``tests.casefold_fs``): the same
folder, re-scanned, not listed a second time with its videos found again as copies."""

from __future__ import annotations

import pytest

from tests.app.conftest import wait_idle
from tests.casefold_fs import casefold
from tests.videos import Segment, write_video


@pytest.mark.slow  # (the window's session and model: ~12 s)
def test_adding_the_library_folder_in_another_case_lists_it_once(qtbot, make_session, tmp_path, monkeypatch):
    folder = tmp_path / "disk" / "Videos"
    write_video(folder / "beach.mp4", [Segment(2, "red")], seed=1)
    session = make_session(tmp_path / "lib")
    session.add_folder(str(folder))
    wait_idle(qtbot, session)
    assert session.status.folders == (str(folder),)
    casefold(monkeypatch, tmp_path / "disk")
    session.add_folder(str(tmp_path / "disk" / "videos"))
    wait_idle(qtbot, session)
    assert session.status.folders == (str(folder),), session.messages
    assert session.status.videos == 1 and session.status.folder_videos == ((str(folder), 1),)
