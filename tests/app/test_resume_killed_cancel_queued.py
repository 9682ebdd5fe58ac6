"""The window resumes at its open a `seekframe index` whose process was killed (2c459de); a Cancel
while that resumed run still waited in the queue (behind the window's own work, or for another
process writing the library) dropped it, but its record still read "killed", so the next open
resumed it again ('… its process ended (killed, or a crash) … indexing them now'), against the
user's Cancel. A queued run the user's Cancel drops is a cancel before its plan, as one the run
hears itself (5c054d8): the killed runs recorded in its folders are cancelled with it, written as
the window lets go of its writer lock or closes (``VideoLibrary.unnoted_ends``)."""

from __future__ import annotations

import sys

import pytest

from app.job_runner import JobRunner
from tests.app.conftest import SESSION_TIMEOUT_MS
from tests.app.test_resume_killed_cli_run import _ctrl_c_run, _record, _rewrite, other_process  # noqa: F401
from tests.videos import Segment, write_video


@pytest.mark.skipif(sys.platform == "win32", reason="another process is not looked at on Windows")
def test_a_resumed_run_cancelled_before_it_started_is_not_resumed_again(qtbot, make_session, demo_library, tmp_path,
                                                                       monkeypatch, other_process):
    folder = tmp_path / "E"
    for i, colour in enumerate(("green", "white")):
        write_video(folder / f"new{i}.mp4", [Segment(2, colour)], seed=30 + i)
    _ctrl_c_run(demo_library, folder, monkeypatch)
    owner, end = other_process
    _rewrite(demo_library, **owner)  # (its process gone, its end unsaid: killed)
    end()
    real_kick, held = JobRunner._kick, [True]
    monkeypatch.setattr(JobRunner, "_kick", lambda self: None if held[0] else real_kick(self))  # (queued: none starts)
    session = make_session(demo_library)
    qtbot.waitUntil(lambda: session.resume._done and str(folder) in session._runner.queue.roots(),
                    timeout=SESSION_TIMEOUT_MS)
    session.cancel_indexing()  # (the user's Cancel: the resumed run dropped before it started)
    held[0] = False
    assert not session._runner.queue.roots()
    assert session.close(timeout=30.0)
    assert _record(demo_library)[str(folder)].get("ended") == "cancelled"
