"""A link to a library folder, added in the window and removed before its first run started: the
user took back the addition, so the run goes and the library folder stays with its videos.
``seekframe forget /lnk`` removes the library folder /lnk leads to (``core.forgetting.forget_root``);
the window's removal of a folder known only as on its way (``ForgetJob.new``) must not: taken so,
it removed ~ and its videos where the user only dropped the run of /lnk."""

from __future__ import annotations

import os
import sys

import pytest

from core.library.lock import writer_free
from tests.app.conftest import SESSION_TIMEOUT_MS, wait_idle
from tests.app.test_remove_drops_runs_inside import indexed_home
from tests.app.test_writer_turn import another_writer


@pytest.mark.skipif(sys.platform == "win32", reason="symbolic links")
def test_a_link_to_a_library_folder_removed_on_its_way_leaves_that_folder(qtbot, make_session, demo_clips,
                                                                          tmp_path):
    session, home, _downloads = indexed_home(qtbot, make_session, demo_clips, tmp_path)
    lnk = tmp_path / "lnk"
    os.symlink(home, lnk)
    qtbot.waitUntil(lambda: writer_free(tmp_path / "lib"), timeout=10_000)
    with another_writer(tmp_path / "lib"):  # (the run waits for it: removed before it starts)
        session.add_folder(str(lnk))
        qtbot.waitUntil(lambda: session._runner.queue.roots() == [str(lnk)] and not session._runner.adds.looking,
                        timeout=10_000)
        session.messages.clear()
        session.remove_folder(str(lnk))
    qtbot.waitUntil(lambda: not session._runner.queue and session._runner._running is None,
                    timeout=SESSION_TIMEOUT_MS)
    wait_idle(qtbot, session)
    session.refresh_status()
    qtbot.waitUntil(lambda: str(lnk) not in session.status.folders, timeout=SESSION_TIMEOUT_MS)
    assert session.status.folders == (str(home),) and session.status.videos == 2, session.status
    said = " ".join(t for _l, t in session.messages)
    assert f"{lnk} was not in the library yet: its indexing was dropped." in said, said
    assert "Removed" not in said, said
