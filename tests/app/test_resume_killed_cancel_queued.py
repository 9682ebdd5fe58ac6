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
from tests.app.stopped_run import two_new_clips
from tests.app.test_resume_killed_cli_run import _record, _rewrite, other_process  # noqa: F401
from tests.stopped_index import ctrl_c_run


@pytest.mark.skipif(sys.platform == "win32", reason="another process is not looked at on Windows")
def test_a_resumed_run_cancelled_before_it_started_is_not_resumed_again(qtbot, make_session, demo_library, tmp_path,
                                                                       monkeypatch, other_process):
    folder = two_new_clips(tmp_path)
    ctrl_c_run(demo_library, folder, monkeypatch)
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


@pytest.mark.slow  # (7.0 s under load)
@pytest.mark.skipif(sys.platform == "win32", reason="another process is not looked at on Windows")
def test_the_kept_cancel_is_not_said_of_another_process_run_killed_meanwhile(qtbot, make_session, demo_library,
                                                                           tmp_path, monkeypatch, other_process):
    """The Cancel is written as the window closes; meanwhile (the window's lock let go) another
    process indexed the same folder and was killed: that run is not the one the user cancelled, so
    its record still says nothing of its end (killed: the next open resumes it)."""
    import json
    import subprocess

    from core import run_owner, stopped_runs

    folder = two_new_clips(tmp_path)
    ctrl_c_run(demo_library, folder, monkeypatch)
    owner, end = other_process
    _rewrite(demo_library, **owner)
    end()
    real_kick, held = JobRunner._kick, [True]
    monkeypatch.setattr(JobRunner, "_kick", lambda self: None if held[0] else real_kick(self))
    session = make_session(demo_library)
    qtbot.waitUntil(lambda: session.resume._done and str(folder) in session._runner.queue.roots(),
                    timeout=SESSION_TIMEOUT_MS)
    session.cancel_indexing()
    held[0] = False
    qtbot.waitUntil(lambda: session.library.read_only, timeout=SESSION_TIMEOUT_MS)  # (the window let go)
    child = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(120)"])  # (another `seekframe index`)
    other = {"pid": child.pid, "host": run_owner.this_process()["host"], "started": run_owner.started(child.pid)}
    data = json.loads((demo_library / "library.json").read_text())
    rec = data["extra"]["settings"][stopped_runs.KEY][str(folder)]
    later = rec["at"] + 100.0
    rec.update(other, at=later)  # (its plan, then it is killed)
    rec.pop("ended", None)  # (a plan of its own says nothing of its end: the window may have said the user's
    # Cancel already, as it let go of its lock, if that came after the Cancel, as on a loaded machine)
    (demo_library / "library.json").write_text(json.dumps(data))
    child.kill()
    child.wait()
    assert session.close(timeout=30.0)
    after = _record(demo_library)[str(folder)]
    assert after["at"] == later and after.get("ended") is None, after
