"""A folder added while its look (in a worker, ``app.folder_adds``) had not answered yet, a slow
share or a disk waking, then another library folder removed: the removal made the list of folders
on their way anew, and the look's answer, taken for one of a library closed meanwhile, was dropped.
The folder was never indexed, yet listed on its way for good (the panel's folders, the runs a
closed window leaves). A removal drops only the folders in it; the others' looks still count."""

from __future__ import annotations

import shutil
import threading

import app.folder_adds as folder_adds
from tests.app.conftest import SESSION_TIMEOUT_MS, wait_idle
from tests.app.test_remove_drops_runs_inside import indexed_home


def test_a_folder_added_is_indexed_though_another_is_removed_before_its_look_answers(
        qtbot, make_session, demo_clips, tmp_path, monkeypatch):
    session, home, _downloads = indexed_home(qtbot, make_session, demo_clips, tmp_path)
    gate, look = threading.Event(), folder_adds.looked_to_add
    monkeypatch.setattr(folder_adds, "looked_to_add", lambda *a: (gate.wait(60), look(*a))[1])
    other = tmp_path / "other"
    other.mkdir()
    shutil.copy(demo_clips / "red-ball-beach.mp4", other)
    try:  # (a failure before the look answers leaves no worker waiting on it)
        session.add_folder(str(other))  # its look waits
        qtbot.waitUntil(lambda: str(other) in session._runner.unconfirmed(), timeout=10_000)
        session.remove_folder(str(home))
    finally:
        gate.set()
    qtbot.waitUntil(lambda: list(session.library.meta.settings.folders or ()) == [str(other)],
                    timeout=SESSION_TIMEOUT_MS)  # (before: [], the add lost)
    wait_idle(qtbot, session)
    session.refresh_status()
    qtbot.waitUntil(lambda: session.status.folders == (str(other),) and session.status.videos == 1,
                    timeout=SESSION_TIMEOUT_MS)
    assert not session._runner.unconfirmed()
