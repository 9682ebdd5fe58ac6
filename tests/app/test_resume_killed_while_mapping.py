"""ae90e7e: the app killed while ~'s removal ran, with a run of /lnkh/New left (/lnkh a link to ~),
finds ~ gone at its next start and maps the runs left through links in a worker before resuming,
dropping /lnkh/New. But it wrote the record of the removal away at once, before that worker
answered: killed (or closed) again meanwhile (the worker reads the disk: a share slow to answer),
the start after found the run of /lnkh/New and no removal, resumed it, and ~/New came back as a
library folder of its own. Now the removal stays recorded until the runs are mapped."""

from __future__ import annotations

import app.resume
from app.resume import UnfinishedRuns
from app.settings import AppSettings
from tests.app.conftest import SESSION_TIMEOUT_MS
from tests.app.test_remove_killed_keeps_runs import heard_window
from tests.app.test_remove_killed_link_runs import assert_linked_run_dropped, held_mapping, killed_removing_home


def test_a_kill_before_the_runs_are_mapped_keeps_the_removal_recorded(qtbot, make_session, make_app_window,
                                                                       demo_clips, tmp_path, monkeypatch):
    library, home, linked, other = killed_removing_home(qtbot, make_session, demo_clips, tmp_path, "after")

    # the next start: killed again while its worker maps the runs left (held until then)
    mapping, answer, real = held_mapping(monkeypatch, 20)
    second = make_app_window(library, build=heard_window).session
    try:
        qtbot.waitUntil(mapping.is_set, timeout=SESSION_TIMEOUT_MS)
        second._runner.changed.emit()  # (a runner change meanwhile records again: the removal still)
        assert UnfinishedRuns(AppSettings()).removal(str(library)) is not None  # (what a kill now leaves)
        second.resume.store = UnfinishedRuns()  # killed: nothing more reaches the disk
    finally:
        answer.set()
    assert second.close(timeout=30.0)
    monkeypatch.setattr(app.resume, "_through_links", real)

    again = make_app_window(library, build=heard_window).session
    assert_linked_run_dropped(qtbot, again, library, home, linked, other)
