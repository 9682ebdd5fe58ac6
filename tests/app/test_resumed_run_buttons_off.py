"""A window reopened on a library whose indexing it left unfinished resumes it, but its library
panel kept Re-scan and Finish indexing on (and Re-scan's tooltip "Look for new, changed and removed
videos") for the seconds until the next status read, while the resumed run went (3 to 5 s on real
footage, s59 H's walk: clicking either queued another run behind it). The resume started from inside
the status signal, whose later listeners (the library panel's) were then given the status read
before the run began, "not indexing"; the resume now starts once that signal is through."""

from __future__ import annotations

import shutil

from app.jobs import IndexJob
from app.settings import AppSettings
from app.unfinished_runs import UnfinishedRuns
from tests.app.conftest import SESSION_TIMEOUT_MS, wait_idle


def test_the_library_panel_offers_no_rescan_while_a_resumed_run_goes(qtbot, make_app_window, demo_library,
                                                                     demo_clips, tmp_path):
    more = tmp_path / "more"
    more.mkdir()
    shutil.copy(sorted(demo_clips.glob("*.mp4"))[0], more / "left.mp4")
    UnfinishedRuns(AppSettings()).set(str(demo_library), IndexJob(roots=(str(more),)))  # a window closed mid-run
    window = make_app_window(demo_library, ready=False)
    session, panel = window.session, window.library_panel
    qtbot.waitUntil(lambda: session.indexing, timeout=SESSION_TIMEOUT_MS)  # (the next status read: 5 s away)
    assert (panel._rescan.isEnabled(), panel._finish.isVisible(), panel._rescan.toolTip()) == (
        False, False, "Indexing is running")
    wait_idle(qtbot, session)
    assert str(more) in session.status.folders
