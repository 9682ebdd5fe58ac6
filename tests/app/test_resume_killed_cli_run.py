"""The window resumes at its open the indexing a closed (or killed) window left (``app.resume``), but
a `seekframe index` killed or crashed part-way was left for the user to find ("N still to index",
Finish indexing): its record (``core.stopped_runs``) could not tell a kill from a Ctrl-C or a Cancel,
which must never start again behind the user's back. Now the record says how a run ended and names
its process, and the window resumes a run whose process died without saying it ended, as its own,
and says so; never one cancelled, one an older version recorded, or one whose process still runs.
The window's Cancel writes "cancelled", its close "interrupted" (it resumes those through its own
record)."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from core import run_owner, stopped_runs
from tests.app.conftest import SESSION_TIMEOUT_MS, wait_idle
from tests.app.stopped_run import two_new_clips
from tests.stopped_index import ctrl_c_run
from tests.videos import Segment, write_video

KILLED_SAID = "its process ended (killed, or a crash), with 2 files still to index: indexing them now."


def _record(library) -> dict:
    return json.loads((library / "library.json").read_text())["extra"]["settings"].get(stopped_runs.KEY) or {}


def _rewrite(library, **process) -> None:
    """The record as another process wrote it, saying nothing of its end (``process``: its name)."""
    data = json.loads((library / "library.json").read_text())
    record = data["extra"]["settings"][stopped_runs.KEY]
    for rec in record.values():
        for key in ("ended", "pid", "host", "started"):
            rec.pop(key, None)
        rec.update(process)
    (library / "library.json").write_text(json.dumps(data))


@pytest.fixture
def other_process():
    """A process of this machine (``run_owner.read``'s name for it), killed when ``end`` is called
    or at the test's end."""
    child = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(120)"])
    owner = {"pid": child.pid, "host": run_owner.this_process()["host"], "started": run_owner.started(child.pid)}

    def end():
        child.kill()
        child.wait()

    yield owner, end
    end()


@pytest.mark.skipif(sys.platform == "win32", reason="another process is not looked at on Windows")
@pytest.mark.parametrize("how", ["killed", "cancelled", "older", "running"])
def test_a_cli_run_is_resumed_at_the_open_only_when_its_process_died(qtbot, make_session, demo_library, tmp_path,
                                                                    monkeypatch, other_process, how):
    folder = two_new_clips(tmp_path)
    ctrl_c_run(demo_library, folder, monkeypatch)
    owner, end = other_process
    if how == "killed":  # (the process that planned it gone, its end unsaid: kill -9, a crash, a power cut)
        _rewrite(demo_library, **owner)
        end()
    elif how == "older":  # (an older version's record: nothing known of its end)
        _rewrite(demo_library)
    elif how == "running":  # (its process still there: it may be going on)
        _rewrite(demo_library, **owner)
    session = make_session(demo_library)
    qtbot.waitUntil(lambda: session.resume._done, timeout=SESSION_TIMEOUT_MS)  # (what it resumes is queued then)
    wait_idle(qtbot, session)
    said = [text for _, text in session.messages]
    if how == "killed":
        qtbot.waitUntil(lambda: dict(session.status.folder_videos).get(str(folder)) == 2
                        and session.status.folder_stopped == (), timeout=SESSION_TIMEOUT_MS)
        assert f"An index of {folder} stopped before it finished, {KILLED_SAID}" in said, said
        assert _record(demo_library) == {}
    else:
        assert session.status.folder_stopped == ((str(folder), 2),), session.status
        assert not dict(session.status.folder_videos).get(str(folder)) and not any("indexing" in t for t in said), said
        assert str(folder) in _record(demo_library)


def _scanned_then(session, act):
    """Call ``act()`` once the session's run has planned (its "scanned" event)."""
    done = []

    def heard(ev):
        if ev.kind == "scanned" and not done:
            done.append(ev)
            act()

    session.index_event.connect(heard)
    return done


def test_the_window_s_cancel_is_a_cancel_and_its_close_is_not(qtbot, make_session, demo_library, tmp_path):
    folders = [tmp_path / "A", tmp_path / "B"]
    for n, folder in enumerate(folders):  # (new videos, none a copy of the library's: each planned)
        for i, colour in enumerate(("green", "white", "black")):
            write_video(folder / f"new{i}.mp4", [Segment(2, colour)], seed=40 + 3 * n + i)
    session = make_session(demo_library)
    heard = _scanned_then(session, session.cancel_indexing)  # (the user's Cancel)
    session.add_folder(str(folders[0]))
    qtbot.waitUntil(lambda: bool(heard), timeout=SESSION_TIMEOUT_MS)
    wait_idle(qtbot, session)
    assert {r["ended"] for root, r in _record(demo_library).items() if root == str(folders[0])} == {"cancelled"}
    heard = _scanned_then(session, lambda: session.close(timeout=30.0))  # (the window closing: it resumes its own)
    session.add_folder(str(folders[1]))
    qtbot.waitUntil(lambda: bool(heard) and session.library is None, timeout=SESSION_TIMEOUT_MS)
    assert _record(demo_library)[str(folders[1])]["ended"] == "interrupted"
