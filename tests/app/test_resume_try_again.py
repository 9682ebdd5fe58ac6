"""A Try again run (the indexing panel's button: ``IndexJob(retry=True)``, `seekframe index --retry-failed`)
cut off by closing the window was recorded as its roots alone (``app.unfinished_runs``), so the next open
resumed it as a plain re-scan, which passes over the failed videos the user asked to read again: the
retry was lost (s57 k.md). The record keeps it now ("retry": which of the runs left read them again),
for the runs left and for those a removal under way holds, and the open resumes it as asked."""

from __future__ import annotations

import os
import shutil

import pytest

from app.jobs import ForgetJob, IndexJob
from app.resume import UnfinishedRuns
from app.settings import AppSettings
from tests.app.conftest import SESSION_TIMEOUT_MS, wait_idle
from tests.app.test_resume import open_session  # noqa: F401


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


@pytest.mark.slow  # (two demo clips indexed in two sessions)
def test_a_try_again_left_by_a_closed_window_reads_the_failed_video_at_the_next_open(qtbot, open_session,  # noqa: F811
                                                                                      tmp_path, demo_clips):
    videos, lib = tmp_path / "videos", tmp_path / "lib"
    videos.mkdir()
    shutil.copy(demo_clips / "red-ball-beach.mp4", videos)
    good = (demo_clips / "blue-car-street.mp4").read_bytes()
    later = videos / "later.mp4"  # (unreadable at its add, as with a codec missing; the same size later)
    later.write_bytes(b"\x00\x00\x00\x18ftypmp42" + b"\x00" * (len(good) - 12))
    os.utime(later, (1_700_000_000, 1_700_000_000))
    store = UnfinishedRuns(AppSettings(tmp_path / "app.ini"))
    first = open_session(lib, store)
    first.add_folder(str(videos))
    qtbot.waitUntil(lambda: len(first.status.failed) == 1 and not first.indexing, timeout=SESSION_TIMEOUT_MS)
    wait_idle(qtbot, first)
    later.write_bytes(good)  # (readable now, its size and time as they were: a plain run passes it over)
    os.utime(later, (1_700_000_000, 1_700_000_000))
    assert first.close(timeout=30.0)
    store.set(str(lib), IndexJob(None, retry=True))  # (as JobRunner.outstanding leaves a Try again cut off)

    again = open_session(lib, store)
    qtbot.waitUntil(lambda: any(t.startswith("Resuming the indexing") for _l, t in again.messages),
                    timeout=SESSION_TIMEOUT_MS)
    wait_idle(qtbot, again)
    qtbot.waitUntil(lambda: again.status.failed == () and again.status.videos == 2 and not again.indexing,
                    timeout=SESSION_TIMEOUT_MS)
    assert store.runs(str(lib)) == ()
