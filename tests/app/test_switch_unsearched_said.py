"""A model switch in the window (File › Model…, or the earlier-build notice's "Move to this version's
model…") re-indexes every video, and a video is found again only once it is re-indexed: vectors of
another model cannot answer the new one's queries. The window said so for 10 s in the status bar as the
switch began ("results come back as videos are done"); for the rest of the re-index, minutes to hours,
a search answered with the videos re-indexed so far and nothing said that the others were left out.
Now the search panel says, under the field, how many wait to be indexed with this model and that
searches do not find them until they are, following the library's status; gone once all are done."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QLabel

from app.empty_results import unsearched_text
from app.requests import SessionStatus
from tests.app.conftest import SESSION_TIMEOUT_MS, cached_loader, wait_idle
from tests.app.holding import HoldingEncoder, commit_each_video


def _said(window) -> list[str]:
    """The window's visible words of videos waiting for this model."""
    return [label.text() for label in window.findChildren(QLabel)
            if label.isVisible() and "to be indexed with this model" in label.text()]


@pytest.mark.slow  # (a window, a first index and a switch: ~7 s)
def test_a_switch_under_way_says_which_videos_searches_do_not_find(qtbot, make_app_window, tmp_path, demo_clips,
                                                                   demo_model, tiny_model_dir, monkeypatch):
    committed = commit_each_video(monkeypatch)
    held = HoldingEncoder(cached_loader(str(tiny_model_dir)), committed)
    demo = cached_loader(demo_model)
    window = make_app_window(tmp_path / "lib",
                             model_loader=lambda source: held if str(source) == str(tiny_model_dir) else demo)
    s = window.session
    window.library_panel.ask_folder = lambda: str(demo_clips)
    window.library_panel.request_add()
    qtbot.waitUntil(lambda: s.status.videos == 12, timeout=SESSION_TIMEOUT_MS)
    wait_idle(qtbot, s)
    assert not _said(window)  # (every video indexed with the library's model)
    committed.clear()
    s.switch_model(str(tiny_model_dir))
    try:
        qtbot.waitUntil(lambda: held.paused.is_set(), timeout=SESSION_TIMEOUT_MS)
        s.refresh_status()
        qtbot.waitUntil(lambda: 0 < s.status.pending < 12, timeout=SESSION_TIMEOUT_MS)
        qtbot.wait(100)
        n = s.status.pending
        assert _said(window) == [f"{n} videos wait to be indexed with this model: searches do not find them until "
                                 "they are indexed."], (n, window.message_log)
    finally:
        held.go.set()
    wait_idle(qtbot, s)
    qtbot.waitUntil(lambda: not _said(window), timeout=SESSION_TIMEOUT_MS)
    assert s.status.videos == 12 and not s.status.pending


def test_the_words_of_videos_left_waiting():
    """A re-index stopped (cancelled, the window closed) leaves them waiting: File › Re-scan indexes
    them; a library with no indexed video says it in its empty results, not here."""
    base = SessionStatus(opened=True, videos=3, pending=1, unsearched=1)
    assert unsearched_text(base) == ("1 video waits to be indexed with this model: searches do not find it until "
                                     "it is indexed (File › Re-scan).")
    assert unsearched_text(SessionStatus(opened=True, videos=0, pending=4, unsearched=4)) == ""
    assert unsearched_text(SessionStatus(opened=True, videos=4)) == ""


def test_the_switch_asks_knowing_searches_miss_each_video_until_it_is_reindexed(qtbot, monkeypatch, no_real_dialogs):
    """The question before a switch said it re-indexes the videos, and not that searches do not find
    each one until then."""
    from PySide6.QtWidgets import QMessageBox

    from tests.app.test_view_model_dialog import make

    d, asked = make(qtbot, videos=12), []
    monkeypatch.setattr(QMessageBox, "question",
                        lambda parent, title, text, *a: asked.append(text) or QMessageBox.StandardButton.Cancel)
    assert not d.confirm_switch("Tiny model", 12)
    assert asked == ["Switch to Tiny model? Your 12 indexed videos will be re-indexed with it, which can take a "
                     "while; searches find each video again once it is re-indexed. Captions and notes are kept."]


def test_only_videos_a_switch_left_waiting_in_folders_there_are_said(tmp_path):
    """The words followed every pending video: a newly added folder's first index (never searchable:
    nothing left out) and the videos of an unplugged drive, pointed to File › Re-scan, which cannot reach
    them. Only the videos indexed before, whose moments a switch took, in folders there now, are said."""
    from dataclasses import replace

    import numpy as np

    from app.engine import session_status
    from core.library import VideoLibrary
    from core.library.records import MomentRecord, VideoRecord

    here, gone = tmp_path / "here", tmp_path / "drive"
    here.mkdir()
    with VideoLibrary(tmp_path / "lib") as lib:
        lib.bind_model("tiny-000000000001", "/models/tiny", 4)
        v = np.array([1, 0, 0, 0], np.float32)
        recs = [VideoRecord(f"{i:016x}", str(root / f"clip{i}.mp4"), str(root), 10 + i, 1.7e9, f"h{i}")
                for i, root in enumerate((here, here, gone))]
        for rec in recs:
            lib.moment_table.commit([(rec, [MomentRecord(rec.video_id, 0, 0, 0.0, 4.0, 2.0, v)])])
        lib.reset_for_model("tiny-000000000002", "/models/tiny2", 4)  # (a switch: every video back to pending)
        away = next(r for r in lib.video_table.all() if r.video_id == recs[2].video_id)
        lib.video_table.merge([replace(away, offline=True),  # (its drive unplugged at the last re-scan)
                               VideoRecord("f" * 16, str(here / "new.mp4"), str(here), 99, 1.7e9, "hn")])
        status = session_status(lib, read_only=False)
    assert status.pending == 4
    assert unsearched_text(replace(status, videos=1)) == (
        "2 videos wait to be indexed with this model: searches do not find them until they are indexed "
        "(File › Re-scan).")
