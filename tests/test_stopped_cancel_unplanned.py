"""A cancel the user chose before the indexer ran at all (a Ctrl-C, or the window's Cancel, while the
run finished a pending removal or a model switch first): as a cancel before the plan (5c054d8), the
earlier run of those folders that a kill stopped is cancelled with it, so the window does not resume
it at its next open against the user's choice to stop indexing them."""

from __future__ import annotations

import sys

import pytest

from core import service
from core.encoders import Encoder
from core.library import VideoLibrary
from tests.cli_proc import indexed_folder
from tests.test_stopped_run_ended import _new_folder, _stopped, ctrl_c_after_a_killed_run, killed_run_of

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="another process is not looked at on Windows")


def test_a_ctrl_c_while_the_run_finishes_a_switch_cancels_the_killed_run(tmp_path, capsys, monkeypatch):
    ctrl_c_after_a_killed_run(tmp_path, capsys, monkeypatch, service, "finish_switch")  # (before the indexer is made)


@pytest.mark.parametrize("chosen", [True, False], ids=["the_user_s_cancel", "its_front_end_s"])
def test_a_cancel_before_the_run_starts_says_whose_it_was(tmp_path, capsys, monkeypatch, chosen):
    model, videos, lib = indexed_folder(tmp_path)
    folder = _new_folder(tmp_path)
    killed_run_of(folder, lib, capsys, monkeypatch)
    with VideoLibrary(lib) as library:
        run = service.IndexRun(library, Encoder.load(str(model)), [str(folder)], part_of_folder=True)
        run.cancel(chosen=chosen)  # (the window's Cancel before its worker got to the run)
        run.cancel()  # (the worker's own cancel follows: it stays the user's)
        assert [ev.kind for ev in run.events()] == ["cancelled"]
    assert [r["ended"] for r in _stopped(lib, capsys)] == ["cancelled" if chosen else "killed"]


def test_a_cancel_of_one_folder_before_its_plan_leaves_the_killed_run_of_the_others_killed():
    """A run of every folder (A and B) killed, then `seekframe index A` Ctrl-C'd while it scans: A's
    part of the killed run is cancelled, B's is not (the user stopped the indexing of A only), so the
    window still resumes B, and status says each as it ended."""
    from core import run_ends, run_owner, stopped_runs
    from core.library.meta import LibrarySettings
    from tests.test_stopped_run_ended import _dead_process

    dead = _dead_process()
    record = {"/v/A": {"files": 2, "failed": 0, "at": 1.0, **dead}, "/v/B": {"files": 3, "failed": 0, "at": 1.0, **dead}}
    settings = LibrarySettings(folders=["/v/A", "/v/B"]).updated(**{stopped_runs.KEY: record})
    settings = settings.updated(**run_ends.ended_values(settings, None, stopped_runs.CANCELLED, ["/v/A"]))
    runs = stopped_runs.stopped(settings, [])
    assert {(run.roots, run.ended) for run in runs} == {(("/v/A",), "cancelled"), (("/v/B",), "killed")}
    assert stopped_runs.killed(runs, ["/v/A", "/v/B"]) == (("/v/B", 3),)
    assert run_owner.gone(run_owner.read(dead)) is True
