"""A Try again run (the indexing panel's button: ``IndexJob(retry=True)``, `seekframe index --retry-failed`)
cut off by closing the window was recorded as its roots alone (``app.unfinished_runs``), so the next open
resumed it as a plain re-scan, which passes over the failed videos the user asked to read again: the
retry was lost (s57 k.md). The record keeps it now ("retry": which of the runs left read them again),
for the runs left and for those a removal under way holds, and the open resumes it as asked."""

from __future__ import annotations

from app.jobs import ForgetJob, IndexJob
from app.resume import UnfinishedRuns
from app.settings import AppSettings


def _read(tmp_path) -> UnfinishedRuns:
    return UnfinishedRuns(AppSettings(tmp_path / "app.ini"))  # (as the next process reads it)


def test_a_try_again_run_left_is_recorded_and_read_back_as_a_retry(tmp_path):
    store = _read(tmp_path)
    store.set("/lib", IndexJob(None, retry=True))  # (Try again: every folder)
    assert _read(tmp_path).runs("/lib") == (IndexJob(None, retry=True),)
    runs = (IndexJob(("/v/a",), retry=True), IndexJob(("/v/b",), prune=True))
    store.set("/lib", runs)
    assert _read(tmp_path).runs("/lib") == runs
    store.set("/lib", (IndexJob(("/v/a",)), IndexJob(("/v/b",), prune=True, retry=True)))
    assert _read(tmp_path).runs("/lib") == (IndexJob(("/v/a",)), IndexJob(("/v/b",), prune=True, retry=True))
    store.set("/lib", IndexJob(("/v/a",)))  # (a plain run alone: no retry)
    assert _read(tmp_path).runs("/lib") == (IndexJob(("/v/a",)),)


def test_the_runs_a_removal_holds_keep_their_retry(tmp_path):
    store = _read(tmp_path)
    held = (IndexJob(("/v/a", "/v/b"), retry=True),)
    store.set("/lib", IndexJob(("/v/c",)), removal=ForgetJob("/v/b", held=held))
    again = _read(tmp_path)
    assert again.runs("/lib") == (IndexJob(("/v/c",)),)
    assert again.removal("/lib").held == held
