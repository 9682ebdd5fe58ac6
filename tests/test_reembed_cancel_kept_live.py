"""The window's Cancel of its queued runs (``JobRunner._cancelled_queued``) cancels the killed
`seekframe index --reindex` runs it had resumed (62285e92, ``reembed_record.cancel_kept``), but named
every run recorded under the dropped folders whose end was unsaid, a run still going in a terminal
among them: killed later, it read as cancelled and was never resumed (s58 rv_3, finding 4). Only the
runs whose process is gone, the killed ones a resume takes over, are cancelled now."""

from __future__ import annotations

import json
import sys

import pytest

from core import reembed_record, run_owner
from core.library import VideoLibrary
from tests.test_reindex_keeps_searchable import _two_folders
from tests.test_reindex_killed_record import dead_process
from tests.test_reindex_resumes import _crash_after_first_commit

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="another process is not looked at on Windows")


def _runs(lib) -> dict:
    with open(f"{lib}/library.json") as f:
        return json.load(f)["extra"]["settings"][reembed_record.RUNS]


def test_a_cancel_keeps_a_live_reindex_run_unsaid(tmp_path, capsys, monkeypatch):
    a, b, lib = _two_folders(tmp_path, capsys, monkeypatch)
    _crash_after_first_commit(monkeypatch, lib, a)
    path = f"{lib}/library.json"
    with open(path) as f:
        data = json.load(f)
    settings = data["extra"]["settings"]
    since = settings[reembed_record.KEY][str(a)]
    settings[reembed_record.KEY][str(b)] = since  # (B's --reindex under way in a terminal, this process)
    settings[reembed_record.RUNS] = {str(a): {**dead_process(), "since": since},  # (killed: its process gone)
                                     str(b): {**run_owner.this_process(), "since": since}}
    with open(path, "w") as f:
        json.dump(data, f)
    with VideoLibrary(lib) as library:  # (the window's Cancel of a run of both folders, written at its close)
        reembed_record.cancel_kept(library, (str(a), str(b)))
    runs = _runs(lib)
    assert runs[str(a)].get("ended") == "cancelled", runs
    assert "ended" not in runs[str(b)], runs  # (the parent: "cancelled", so never resumed once killed)
