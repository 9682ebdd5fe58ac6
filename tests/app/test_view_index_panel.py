"""IndexPanel: counts, current file, ETA, cancel, failures, summaries, and coalesced updates."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication

from app.index_panel import CANCELLED_TEXT, IndexPanel, finished_text
from core.indexer import IndexEvent

FAILS = [("/v/a.mp4", "not a video file"), ("/v/b.mp4", "decoding did not finish within 600 s"),
         ("/v/c.mkv", "truncated file")]


@pytest.fixture
def panel(show_view):
    return show_view(IndexPanel(), (600, 300))


def run_events(total=40, done=12, moments_each=25, failed=()):
    """The events of a run that indexed ``done`` files then failed ``failed``."""
    s = {"found": total, "to_index": total, "offline_roots": []}
    evs = [IndexEvent("scanned", files_total=total, summary=s)]
    m = 0
    for i in range(done):
        path = f"/home/me/Videos/a rather long folder name/clip-{i:02d}.mp4"
        evs.append(IndexEvent("file_started", i, total, m, current=path, eta_s=125, summary=s))
        m += moments_each
        evs.append(IndexEvent("file_done", i + 1, total, m, current=path, eta_s=125, summary=s))
    fl = []
    for j, (path, reason) in enumerate(failed):
        fl.append((path, reason))
        evs.append(IndexEvent("file_failed", done + j + 1, total, m, current=path, error=reason,
                              eta_s=60, failed=list(fl), summary=s))
    return evs, m, s


def test_progress_shows_counts_current_file_and_eta(panel, qtbot):
    panel.start()
    assert panel.is_running() and panel._bar.maximum() == 0, "busy while scanning"
    evs, m, _ = run_events(done=12, moments_each=25)
    evs.append(IndexEvent("file_started", 12, 40, 300, current="/v/now reading.mp4", eta_s=125))
    evs.append(IndexEvent("file_done", 12, 40, 310, current="/v/earlier.mp4", eta_s=125))
    for ev in evs:
        panel.on_event(ev)
    qtbot.waitUntil(lambda: panel._counts.text() == "12 of 40 files · 310 moments", timeout=10_000)
    assert panel._bar.maximum() == 40 and panel._bar.value() == 12
    assert panel._current_label.full_text() == "Reading now reading.mp4", "the file being read, not the last finished"
    assert panel._current_label.toolTip() == "/v/now reading.mp4"
    assert panel._eta.text() == "about 2 min left"
    assert panel._cancel.isVisible() and panel._cancel.isEnabled()


def test_thousands_of_events_are_coalesced(panel, qtbot):
    evs, m, s = run_events(total=3000, done=2500, moments_each=2)
    for ev in evs:
        panel.on_event(ev)
    assert panel.refreshes <= 2, f"{panel.refreshes} refreshes for {len(evs)} events"
    qtbot.waitUntil(lambda: panel._counts.text() == f"2500 of 3000 files · {m} moments", timeout=10_000)
    assert panel.refreshes <= 3


def test_current_file_name_is_elided_to_fit(panel, qtbot):
    panel.on_event(IndexEvent("scanned", files_total=1))
    name = "a-very-long-file-name-" * 10 + ".mp4"
    panel.on_event(IndexEvent("file_started", 0, 1, current="/v/" + name))
    panel.resize(panel.fontMetrics().averageCharWidth() * 40, 300)
    qtbot.waitUntil(lambda: panel._current_label.full_text() == "Reading " + name, timeout=10_000)
    qtbot.waitUntil(lambda: panel._current_label.text() != "", timeout=10_000)  # laid out
    shown = panel._current_label.text()
    assert shown != "Reading " + name and "…" in shown and shown.endswith(".mp4")


def test_cancel_says_cancelling_until_the_run_ends(panel, qtbot):
    evs, _, _ = run_events(done=3, failed=FAILS[:1])
    for ev in evs:
        panel.on_event(ev)
    with qtbot.waitSignal(panel.cancel_requested):
        qtbot.mouseClick(panel._cancel, Qt.MouseButton.LeftButton)
    assert panel._cancel.text() == "Cancelling…" and not panel._cancel.isEnabled()
    panel.on_event(IndexEvent("file_done", 5, 40, 100, current="/v/x.mp4", failed=list(FAILS[:1])))
    qtbot.waitUntil(lambda: not panel._timer.isActive(), timeout=10_000)  # the coalesced refresh has run
    assert panel._cancel.text() == "Cancelling…", "still cancelling while events arrive"
    panel.on_event(IndexEvent("cancelled", 5, 40, 100, failed=list(FAILS[:1])))
    assert panel.summary_text() == CANCELLED_TEXT
    assert not panel._cancel.isVisible() and not panel.is_running()
    assert panel.failed() == FAILS[:1] and panel._failed_button.isVisible()


def test_finished_summary_and_failed_list(panel, qtbot):
    evs, m, s = run_events(done=12, moments_each=25, failed=FAILS)
    for ev in evs:
        panel.on_event(ev)
    panel.on_event(IndexEvent("finished", 15, 40, m, failed=list(FAILS), summary=s))
    assert panel.summary_text() == "Indexed 12 of 40 video files (300 moments); 3 could not be read"
    assert panel._failed_button.text() == "3 failed" and panel._failed_button.isVisible()
    assert not panel._tree.isVisible(), "the list is folded until asked for"
    qtbot.mouseClick(panel._failed_button, Qt.MouseButton.LeftButton)
    assert panel._tree.isVisible() and panel._copy.isVisible()
    rows = [(panel._tree.topLevelItem(i).text(0), panel._tree.topLevelItem(i).text(1))
            for i in range(panel._tree.topLevelItemCount())]
    assert rows == FAILS
    qtbot.mouseClick(panel._copy, Qt.MouseButton.LeftButton)
    assert QGuiApplication.clipboard().text().splitlines() == [f"{p}\t{r}" for p, r in FAILS]
    assert not panel._cancel.isVisible()


def test_videos_of_an_earlier_reader_checked_are_said_apart_from_those_indexed(panel, qtbot):
    s = {"found": 3, "to_index": 0, "recheck": 3, "unchanged": 3, "offline_roots": []}
    panel.on_event(IndexEvent("scanned", files_total=3, summary=s))
    panel.on_event(IndexEvent("file_checked", 1, 3, 0, current="/v/plain.mp4", summary=s))
    panel.on_event(IndexEvent("file_done", 2, 3, 8, current="/v/portrait.mp4", summary=s))
    panel.on_event(IndexEvent("file_checked", 3, 3, 8, current="/v/gone.mp4", error="cannot read", summary=s))
    qtbot.waitUntil(lambda: panel._counts.text() == "3 of 3 files · 8 moments", timeout=10_000)
    panel.on_event(IndexEvent("finished", 3, 3, 8, summary=s))
    assert panel.summary_text() == (
        "Indexed 1 of 1 video (8 moments). Checked 1 video indexed by an earlier version: read as before, kept "
        "as it was; 1 could not be checked (kept as it was, checked again next time; /v/gone.mp4: "
        "cannot read)")


def test_set_failed_and_reset(panel):
    panel.set_failed(FAILS)
    assert panel.failed() == FAILS and panel._failed_button.text() == "3 failed"
    panel.set_failed(FAILS[:2])
    assert panel.failed() == FAILS[:2] and panel._tree.topLevelItemCount() == 2
    panel.reset()
    assert panel.failed() == [] and not panel._failed_button.isVisible()
    assert panel.summary_text() == "" and not panel.is_running()


def test_a_second_run_starts_clean(panel):
    evs, m, s = run_events(done=2, failed=FAILS[:1])
    for ev in evs:
        panel.on_event(ev)
    panel.on_event(IndexEvent("finished", 3, 40, m, failed=list(FAILS[:1]), summary=s))
    panel.on_event(IndexEvent("scanned", files_total=5, summary={"found": 5, "to_index": 5}))
    assert panel.is_running() and panel._cancel.isVisible() and panel._cancel.text() == "Cancel"
    assert not panel._summary.isVisible() and panel.failed() == []
    panel.on_event(IndexEvent("file_done", 1, 5, 8, current="/v/new.mp4"))
    panel.on_event(IndexEvent("finished", 1, 5, 8, summary={"found": 5, "to_index": 5}))
    assert panel.summary_text() == "Indexed 1 of 5 video files (8 moments)", "counts only this run's files"


def test_finished_text_variants():
    assert finished_text(12, 310, 3) == "Indexed 12 video files (310 moments); 3 could not be read"
    assert finished_text(1, 1, 0) == "Indexed 1 video file (1 moment)"
    assert finished_text(0, 0, 0, {"found": 40, "to_index": 0}) == "Nothing new to index: 40 videos up to date"
    assert finished_text(2, 20, 0, {"to_index": 2, "offline_roots": ["/media/usb"]}) == (
        "Indexed 2 video files (20 moments); 1 folder offline (its videos are kept)")


def test_videos_kept_by_a_run_are_said_and_offered_for_removal(panel, qtbot):
    s = {"found": 1, "to_index": 0, "offline_roots": ["/media/usb"],
         "held": [{"root": "/media/usb", "videos": 11, "reason": "empty", "why": "the folder is empty"}]}
    panel.on_event(IndexEvent("scanned", summary=s))
    panel.on_event(IndexEvent("finished", summary=s))
    text = panel.summary_text()
    assert "11 videos seem to be gone from /media/usb; nothing was removed. Re-scan once the drive is back, or remove them" in text
    assert "folder offline" not in text  # said once, as the kept videos
    assert panel.held() == ["/media/usb"] and panel._prune.isVisible()
    with qtbot.waitSignal(panel.prune_requested) as sig:
        qtbot.mouseClick(panel._prune, Qt.MouseButton.LeftButton)
    assert sig.args == [["/media/usb"]] and not panel._prune.isVisible()
    panel.on_event(IndexEvent("scanned", summary={"found": 1, "to_index": 0}))
    panel.on_event(IndexEvent("finished", summary={"found": 1, "to_index": 0}))
    assert panel.held() == [] and not panel._prune.isVisible()


def test_finished_text_says_what_the_scan_skipped():
    summary = {"found": 2, "to_index": 2,
               "skipped": {"kinds": {"image": 3, "named pipe": 1},
                           "files": [["/v/still.gif", "a GIF of one frame is an image"]]}}
    text = finished_text(2, 5, 0, summary)
    assert text.startswith("Indexed 2 video files (5 moments)")
    assert "Skipped (not videos): 3 images, 1 named pipe" in text
    assert "still.gif (a GIF of one frame is an image)" in text
    many = {"kinds": {}, "files": [[f"/v/{i}.gif", "image"] for i in range(5)]}
    assert finished_text(0, 0, 0, {"to_index": 0, "skipped": many}).endswith("and 2 more")


def test_files_cut_short_are_said_by_name_beside_those_indexed(panel, qtbot):
    """A file cut short is indexed as far as it plays (its ``file_done`` says so, in each pass of
    a two-pass run): the summary says which, once each."""
    s = {"found": 5, "to_index": 5, "offline_roots": [], "two_pass": True}
    panel.on_event(IndexEvent("scanned", files_total=5, summary=s, phase="quick"))
    note = "cut short: plays 3.1 s of the 10.0 s its header claims; indexed as far as it plays"
    for phase in ("quick", "full"):
        if phase == "full":
            panel.on_event(IndexEvent("pass_started", files_total=5, summary=s, phase="full"))
        for i in range(5):
            cut = i < 4
            panel.on_event(IndexEvent("file_done", i + 1, 5, 4 * (i + 1), current=f"/v/clip-{i}.mp4",
                                      error=note if cut else "", summary=s, phase=phase))
    panel.on_event(IndexEvent("finished", 5, 5, 20, summary=s, phase="full"))
    assert panel.summary_text() == (
        "Indexed 5 of 5 video files (20 moments). 4 files are cut short (a download or copy that did not finish?): "
        "the part that plays is indexed (clip-0.mp4, clip-1.mp4, clip-2.mp4 and 1 more)")
    assert not panel._failed_button.isVisible()


def test_a_run_over_no_video_says_so_not_indexed_0_files(panel, tmp_path):
    """A folder of voice memos (audio-only .mp4s) and a song: the panel said 'Indexed 0 files (0
    moments). Skipped (not videos): 1 audio file', the memos never named; now there is no video to
    index there, what was skipped, and the memos by name (core.progress.Tally.no_videos_text)."""
    from core.indexer import MomentIndexer
    from core.library import VideoLibrary
    from tests.fakes import ColourMeanEncoder
    from tests.test_index_counts_skipped import write_audio_only_mp4

    folder = tmp_path / "memos"
    folder.mkdir()
    write_audio_only_mp4(folder / "memo.mp4")
    (folder / "song.mp3").write_bytes(b"ID3" + bytes(64))
    with VideoLibrary(tmp_path / "lib") as lib:
        for run in range(2):  # (the second run knows the memo holds no video from the first)
            panel.start()
            for ev in MomentIndexer(lib, ColourMeanEncoder()).run([str(folder)]):
                panel.on_event(ev)
            said = panel.summary_text()
            if run == 0:
                assert said.startswith("No videos to index: 2 files skipped (2 audio files). Left out: memo.mp4 (not "
                                       "a video: an audio file"), said
            else:  # a known not-video is counted, never named again (said once: e801fe3f)
                assert said == "No videos to index: 2 files skipped (2 audio files)", said
            assert "Indexed" not in said
