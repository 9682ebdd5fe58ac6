"""The window's Cancel of its queued runs (``JobRunner._cancelled_queued``) cancelled every plain index
run recorded under the dropped folders whose end was unsaid (``run_ends.keep``), a `seekframe index`
still going in a terminal among them: killed later, it read "cancelled", was never resumed, and status
said "was cancelled before it finished" of a run its user never cancelled (s58 fr_3 F1). 37400008 had
fixed only the --reindex copy of that rule (``reembed_record.cancel_kept``). Both now name only the runs
whose process is gone (``run_owner.killed``), through ``run_ends.keep_killed``."""

from __future__ import annotations

import json
import sys
from types import SimpleNamespace

import pytest

from app.job_runner import JobRunner
from core import run_owner, stopped_runs
from core.library import VideoLibrary
from tests.test_reindex_keeps_searchable import _two_folders
from tests.test_reindex_killed_record import dead_process

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="another process is not looked at on Windows")


def _record(lib) -> dict:
    with open(f"{lib}/library.json") as f:
        return json.load(f)["extra"]["settings"][stopped_runs.KEY]


def test_a_cancel_of_queued_runs_leaves_a_live_plain_run_unsaid(tmp_path, capsys, monkeypatch):
    a, b, lib = _two_folders(tmp_path, capsys, monkeypatch)
    path = f"{lib}/library.json"
    with open(path) as f:
        data = json.load(f)
    data["extra"]["settings"][stopped_runs.KEY] = {
        str(a): {"files": 2, "failed": 0, "at": 1.0, **dead_process()},  # (killed: its process gone)
        str(b): {"files": 1, "failed": 0, "at": 2.0, **run_owner.this_process()}}  # (a terminal's, still going)
    with open(path, "w") as f:
        json.dump(data, f)
    with VideoLibrary(lib) as library:  # (the window's Cancel drops a queued run of both, written at the close)
        JobRunner._cancelled_queued(SimpleNamespace(_session=SimpleNamespace(library=library)),
                                    [SimpleNamespace(roots=(str(a), str(b)))])
    record = _record(lib)
    assert record[str(a)].get("ended") == "cancelled", record
    assert "ended" not in record[str(b)], record  # (the parent: "cancelled", so never resumed once killed)


def test_only_a_run_known_gone_is_killed():
    me = run_owner.this_process()
    assert run_owner.killed({"files": 1, **dead_process()}) is True
    assert run_owner.killed({"files": 1, **me}) is False  # (still going)
    assert run_owner.killed({"files": 1, **me, "host": me["host"] + "-elsewhere"}) is False  # (not known)
    assert run_owner.killed({"files": 1}) is False  # (an older version's: no process named)
