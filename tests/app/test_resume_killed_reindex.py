"""The window resumes at its open a `seekframe index` killed part-way (``app.resume``), but a `seekframe
index --reindex A` (the library's own model and cut) killed part-way was only offered: "A · 2 to embed
again" and Finish indexing, the rest of A left on its earlier moments until the user clicked. Its record
now names its process and says how it ended (``core.reembed_record``), and the window resumes one whose
process died without saying it ended, as its own, and says so: never one cancelled, one that stopped
on an error or finished leaving a failure, one an older version recorded, one whose process still runs,
nor one left in another library."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from core import reembed_record
from tests.app.conftest import SESSION_TIMEOUT_MS, wait_idle
from tests.cli_run import FixedTextEncoder
from tests.test_reindex_keeps_searchable import _two_folders, _videos, killed_in_embedding
from tests.test_reindex_killed_record import as_killed, dead_process
from tests.test_reindex_resumes import _crash_after_first_commit

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="another process is not looked at on Windows")

SAID = ("A re-index of {a} stopped before it finished, its process ended (killed, or a crash), with {n} still to "
        "embed again")


@pytest.fixture
def loader():
    """The libraries here are indexed by the fake encoder: the window loads it as their model."""
    return lambda _source: FixedTextEncoder()


def _open(qtbot, make_session, lib):
    session = make_session(lib)
    qtbot.waitUntil(lambda: session.resume._done, timeout=SESSION_TIMEOUT_MS)  # (what it resumes is queued then)
    wait_idle(qtbot, session)
    return session, [text for _, text in session.messages]


def _record(lib) -> dict:
    with open(f"{lib}/library.json") as f:
        return json.load(f)["extra"]["settings"]


@pytest.mark.slow
def test_a_reindex_killed_in_its_embedding_is_finished_at_the_window_s_open(qtbot, make_session, tmp_path, capsys,
                                                                            monkeypatch):
    a, b, lib, before = killed_in_embedding(tmp_path, capsys, monkeypatch)  # (SIGKILLed: 2 of A's wait)
    session, said = _open(qtbot, make_session, lib)
    assert any(t.startswith(SAID.format(a=a, n="2 videos")) for t in said), said  # (the parent: nothing said)
    qtbot.waitUntil(lambda: session.status.folder_reembed == (), timeout=SESSION_TIMEOUT_MS)
    after = _videos(lib)
    assert all(after[n][0] == "done" and after[n][1] > before[n][1] for n in ("red.mp4", "green.mp4")), after
    assert after["blue.mp4"] == before["blue.mp4"], after
    settings = _record(lib)
    assert reembed_record.KEY not in settings and reembed_record.RUNS not in settings, settings


@pytest.fixture
def running_process():
    child = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(120)"])
    from core import run_owner

    yield {"pid": child.pid, "host": run_owner.this_process()["host"], "started": run_owner.started(child.pid)}
    child.kill()
    child.wait()


@pytest.mark.parametrize("how", ["killed", "interrupted", "cancelled", "finished", "older", "running"])
def test_a_reindex_left_is_resumed_only_when_its_process_died(qtbot, make_session, tmp_path, capsys, monkeypatch,
                                                             running_process, how):
    a, b, lib = _two_folders(tmp_path, capsys, monkeypatch)
    _crash_after_first_commit(monkeypatch, lib, a)  # (an error part-way: it says it stopped, "interrupted")
    if how in ("killed", "running", "cancelled", "finished"):
        as_killed(lib, dead_process() if how != "running" else running_process)
    if how in ("cancelled", "finished"):  # (a Ctrl-C, the window's Cancel; a run that said what it left)
        data = json.loads(open(f"{lib}/library.json").read())
        data["extra"]["settings"][reembed_record.RUNS][str(a)]["ended"] = how
        open(f"{lib}/library.json", "w").write(json.dumps(data))
    elif how == "older":  # (recorded by a version before it named its process)
        data = json.loads(open(f"{lib}/library.json").read())
        del data["extra"]["settings"][reembed_record.RUNS]
        open(f"{lib}/library.json", "w").write(json.dumps(data))
    before = _videos(lib)
    session, said = _open(qtbot, make_session, lib)
    if how == "killed":
        assert SAID.format(a=a, n="1 video") + (" (searched meanwhile with its earlier moments): embedding it again "
                                                "now.") in said, said
        qtbot.waitUntil(lambda: session.status.folder_reembed == (), timeout=SESSION_TIMEOUT_MS)
        after = _videos(lib)
        assert sum(after[n][1] > before[n][1] for n in ("red.mp4", "green.mp4")) == 1, after  # (only the one waiting)
        assert reembed_record.KEY not in _record(lib)
    else:
        assert session.status.folder_reembed == ((str(a), 1),), session.status
        assert not any("re-index" in t or "Resuming" in t for t in said), said
        assert _videos(lib) == before
        assert str(a) in _record(lib)[reembed_record.KEY]


def test_a_killed_reindex_of_another_library_is_not_resumed_in_this_one(qtbot, make_session, tmp_path, capsys,
                                                                        monkeypatch):
    """f1fd013's rule: what one library left is resumed in it alone, even when its model never loaded
    before another library was opened in the window."""
    a, b, mine = _two_folders(tmp_path / "mine", capsys, monkeypatch)
    _crash_after_first_commit(monkeypatch, mine, a)
    as_killed(mine, dead_process())
    c, d, theirs = _two_folders(tmp_path / "theirs", capsys, monkeypatch)
    mine_before, theirs_before = _videos(mine), _videos(theirs)

    def no_model(_source):  # (my library's model does not load at its first open)
        raise RuntimeError("no model here")

    session = make_session(mine, ready=False, loader=no_model)
    qtbot.waitUntil(lambda: session.is_open and session.model_failed, timeout=SESSION_TIMEOUT_MS)
    with qtbot.waitSignal(session.ready, timeout=SESSION_TIMEOUT_MS):
        session.open(str(theirs))
    qtbot.waitUntil(lambda: session.resume._done and session.status.opened, timeout=SESSION_TIMEOUT_MS)
    wait_idle(qtbot, session)
    said = " ".join(t for _level, t in session.messages)
    assert "re-index" not in said, said
    assert session.status.folders == (str(c), str(d)), session.status.folders
    assert _videos(theirs) == theirs_before and _videos(mine) == mine_before

    with qtbot.waitSignal(session.ready, timeout=SESSION_TIMEOUT_MS):
        session.open(str(mine))  # (its model loads now: its killed re-index resumes there, and only there)
    qtbot.waitUntil(lambda: session.resume._done and session.status.folder_reembed == (), timeout=SESSION_TIMEOUT_MS)
    wait_idle(qtbot, session)
    assert _videos(theirs) == theirs_before
    assert sum(_videos(mine)[n][1] > mine_before[n][1] for n in ("red.mp4", "green.mp4")) == 1
