"""Adding a folder in the app while another folder's removal waits on a full disk: the run that
adds it first finishes the removal, refused again, and the window said "Indexing stopped: ... choose
Re-scan in the library panel to index the rest", though the new folder was never added, so a
re-scan would not index it. It now says the folder was not added, why, and to add it again once
space is freed; then adding it again adds it (the removal finished first)."""

from __future__ import annotations

from tests.app.conftest import SESSION_TIMEOUT_MS, wait_idle
from tests.app.test_forget_stopped_app import stopped_removal


def test_a_folder_added_while_a_removal_waits_is_said_not_added(qtbot, make_app_window, demo_library, demo_clips,
                                                                monkeypatch, tmp_path):
    removed = str(demo_clips)
    window, said, freed = stopped_removal(qtbot, make_app_window, demo_library, removed, monkeypatch)
    session = window.session
    new = tmp_path / "new videos"
    new.mkdir()
    said.clear()
    session.add_folder(str(new))
    qtbot.waitUntil(lambda: any(level == "error" for level, _t in said), timeout=SESSION_TIMEOUT_MS)
    wait_idle(qtbot, session)
    text = next(t for level, t in said if level == "error")
    assert text.startswith(f"{new} was not added to the library: the removal of {removed}, which a full disk "
                           "stopped earlier, has to finish first"), text
    assert "Re-scan" not in text and f"then add {new} again" in text, text
    assert window.banner.text == text
    assert str(new) not in session.status.folders
    freed()
    said.clear()
    session.add_folder(str(new))
    qtbot.waitUntil(lambda: str(new) in session.status.folders and removed not in session.status.folders,
                    timeout=SESSION_TIMEOUT_MS)
    wait_idle(qtbot, session)
    assert not [t for level, t in said if level == "error"], said
