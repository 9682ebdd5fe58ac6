"""A video that could not be indexed is passed over by later runs until its file changes (``core.failure_retry``);
the command line had ``seekframe index --retry-failed`` for the user who put a permission right, remounted
a share or installed a codec, but the window had no way back: its indexing panel listed the file, and a
re-scan passed it over again. The panel offers "Try again" under the failed files now (``Session.retry_failed``:
a re-scan of every folder with ``--retry-failed``'s option, in the session's job runner), shown once no run
goes. And a re-scan listed a video whose embedding again failed (``core.reembed_failed``) under "N files could
not be indexed", though it is still searched with its earlier moments: it is said apart, truly."""

from __future__ import annotations

import os
import shutil
import time
from dataclasses import replace

import pytest

from app.index_panel import IndexPanel
from app.jobs import IndexJob, JobQueue, merged_runs
from app.run_words import run_messages
from core.progress import Tally
from core.reembed_failed import Failure
from tests.app.conftest import SESSION_TIMEOUT_MS, wait_idle


def _add(qtbot, window, folder):
    window.library_panel.ask_folder = lambda: str(folder)
    window.library_panel.request_add()
    qtbot.waitUntil(lambda: str(folder) in window.library_panel.folders(), timeout=SESSION_TIMEOUT_MS)
    wait_idle(qtbot, window.session)


def _indexed(session) -> dict:
    return {os.path.basename(v.path): v.status for v in session.library.video_table.all()}


@pytest.mark.slow  # (~5 s: two demo clips indexed, a re-scan, then the retry)
def test_try_again_reads_a_failed_video_that_became_readable_though_its_file_did_not_change(
        qtbot, make_app_window, tmp_path, demo_clips):
    videos = tmp_path / "videos"
    videos.mkdir()
    shutil.copy(demo_clips / "red-ball-beach.mp4", videos / "red-ball-beach.mp4")
    good = (demo_clips / "blue-car-street.mp4").read_bytes()
    later = videos / "later.mp4"  # (unreadable now, as with a codec missing; the same bytes as read later)
    later.write_bytes(b"\x00\x00\x00\x18ftypmp42" + b"\x00" * (len(good) - 12))
    os.utime(later, (1_700_000_000, 1_700_000_000))
    window = make_app_window(tmp_path / "lib")
    qtbot.waitUntil(lambda: window.library_panel._add.isEnabled(), timeout=10_000)
    panel, session = window.index_panel, window.session
    _add(qtbot, window, videos)
    qtbot.waitUntil(lambda: [os.path.basename(p) for p, _r in panel.failed()] == ["later.mp4"],
                    timeout=SESSION_TIMEOUT_MS)
    assert panel._again.isVisible(), "no Try again under the failed file"

    later.write_bytes(good)  # (its size and time as they were: a plain re-scan passes it over)
    os.utime(later, (1_700_000_000, 1_700_000_000))
    session.rescan()
    qtbot.waitUntil(lambda: not session.indexing, timeout=SESSION_TIMEOUT_MS)
    wait_idle(qtbot, session)
    assert [os.path.basename(p) for p, _r in session.status.failed] == ["later.mp4"], session.status.failed
    qtbot.waitUntil(lambda: panel._again.isVisible(), timeout=SESSION_TIMEOUT_MS)

    with qtbot.waitSignal(session.indexing_changed, timeout=SESSION_TIMEOUT_MS, check_params_cb=lambda on: on):
        panel._again.click()
    assert not panel._again.isVisible()  # (not while its run goes)
    wait_idle(qtbot, session)
    qtbot.waitUntil(lambda: session.status.failed == () and not panel.failed(), timeout=SESSION_TIMEOUT_MS)
    assert _indexed(session) == {"red-ball-beach.mp4": "done", "later.mp4": "done"}, _indexed(session)
    assert not panel._again.isVisible()

    # a video whose embedding again failed (said apart by the status: ``SessionStatus.reembed_failed``) is listed
    # too, on its earlier moments, and Try again offered for it (a plain re-scan passes it over as well)
    ball = str(videos / "red-ball-beach.mp4")
    session.status_changed.emit(replace(session.status, reembed_failed=((ball, "Invalid data found"),),
                                        read_at=time.monotonic()))
    assert panel.failed() == [(ball, "Invalid data found (its earlier moments are kept)")], panel.failed()
    assert panel._again.isVisible()
    assert "or by Try again under the failed files" in window.status_widgets.library_label.toolTip()


def test_try_again_is_offered_for_failed_files_once_no_run_goes(qtbot):
    panel = IndexPanel()
    qtbot.addWidget(panel)
    panel.show()
    panel.set_failed([("/v/unread", "cannot list folder: File name too long")])  # (a folder: any re-scan reads it)
    assert not panel._again.isVisible()
    panel.set_failed([("/v/a.mp4", "Invalid data found when processing input")])
    assert panel._again.isVisible()
    panel.start()
    assert not panel._again.isVisible()
    panel.stopped()  # (a run that never said anything: left as it was, running)
    panel.reset()
    panel.set_failed([("/v/a.mp4", "Invalid data found when processing input")])
    with qtbot.waitSignal(panel.retry_requested, timeout=1000):
        panel._again.click()
    assert not panel._again.isVisible()


def test_a_retry_merged_with_a_re_scan_still_retries():
    queue = JobQueue()
    queue.add(IndexJob(("/v/a",)))
    queue.add(IndexJob(retry=True))
    [job] = list(queue)
    assert job == IndexJob(None, retry=True) and job.options() == {"prune": False, "reindex_failed": True}
    queue.add(IndexJob(("/v/b",)))
    assert list(queue) == [IndexJob(None, retry=True)]
    assert merged_runs([IndexJob(("/v/a",)), IndexJob(("/v/b",), retry=True)]) == (
        IndexJob(("/v/a", "/v/b"), retry=True),)


class _Finished:
    kind, files_total, moments, summary, skipped = "finished", 2, 10, {"found": 2, "unchanged": 2}, ()

    def __init__(self, failed):
        self.failed = failed


def _reason(why: str, again: bool) -> str:
    from core.pass_book import reembed_words

    return reembed_words(Failure("/v/b.mp4", 1, 1.0, 1.0, why, again))


def test_a_video_whose_reembed_failed_is_said_searched_on_its_earlier_moments_not_unindexed():
    why = "Invalid data found when processing input"
    said = run_messages(_Finished([("/v/b.mp4", _reason(why, False))]), Tally())
    texts = [t for _level, t in said]
    assert not any("could not be indexed" in t for t in texts), texts
    assert (f"1 video could not be embedded again (b.mp4: {why}): it is still searched with its earlier moments. "
            "It is tried again when its file changes, or now with Try again.") in texts, texts
    said = run_messages(_Finished([("/v/b.mp4", _reason("Input/output error", True)),
                                   ("/v/c.mp4", "Invalid data found when processing input")]), Tally())
    texts = [t for _level, t in said]
    assert ("1 video could not be embedded again (b.mp4: Input/output error): it is still searched with its earlier "
            "moments. The next re-scan tries it again, or now with Try again.") in texts, texts
    assert any(t.startswith("1 file could not be indexed (c.mp4: ") for t in texts), texts


def test_the_panel_counts_a_video_not_embedded_again_apart_and_offers_try_again(qtbot):
    from app.index_panel import finished_text
    from core.reembed_failed import kept_reason

    assert finished_text(0, 10, 0, {"to_index": 1}, kept=1).endswith(
        "; 1 video not embedded again (searched with its earlier moments)")
    panel = IndexPanel()
    qtbot.addWidget(panel)
    panel.show()
    panel.set_failed([("/v/b.mp4", kept_reason("Invalid data found when processing input"))])
    assert panel._again.isVisible()
    assert panel._failed_button.accessibleName() == "1 video not embedded again"  # (was '1 file could not be read')
    panel.set_failed([("/v/b.mp4", kept_reason("Invalid data")), ("/v/c.mp4", "Invalid data"),
                      ("/v/d", "cannot open folder: x")])
    assert panel._failed_button.accessibleName() == "1 file and 1 folder could not be read; 1 video not embedded again"
